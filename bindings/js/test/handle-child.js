// Run by handles.test.js as `node --expose-gc handle-child.js`: PayWays that
// are dropped without close() get their credentials handles closed by the
// FinalizationRegistry once collected. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { load, PayWay } from '../src/index.js';

const paysign = await load({ wasm: readFileSync(process.env.PAYSIGN_WASM) });
const closed = [];
const spy = {
  call(op, request) {
    if (op === 'paysign.close_credentials') closed.push(JSON.parse(request).handle);
    return paysign.call(op, request);
  },
};

// Handles opened by PayWays nobody keeps.
function useAndDrop(n) {
  const handles = [];
  for (let i = 0; i < n; i++) {
    const sent = [];
    const watching = { call: (op, request) => { sent.push(request); return spy.call(op, request); } };
    const payway = new PayWay(watching, { merchantId: 'ec000002', apiKey: `TEST_ONLY_gc_${i}` });
    payway.sign('check_transaction', { tran_id: `T${i}` });
    handles.push(JSON.parse(sent[1]).credentials.handle);
  }
  return handles;
}

const dropped = useAndDrop(20);
const kept = new PayWay(spy, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_gc_kept' });
kept.sign('check_transaction', { tran_id: 'T-kept' });
for (let i = 0; i < 50 && closed.length < dropped.length; i++) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 10)); // cleanup callbacks run as their own tasks
}
const stillOpen = dropped.filter((handle) => {
  try {
    paysign.call('payway.sign', { operation: 'check_transaction', credentials: { handle }, params: { tran_id: 'T1' } });
    return true;
  } catch (err) {
    if (err.code !== 'unknown_handle') throw err;
    return false;
  }
});
console.log(JSON.stringify({ dropped, closed: [...closed].sort((a, b) => a - b), stillOpen, keptWorks: kept.sign('check_transaction', { tran_id: 'T1' }).operation }));
