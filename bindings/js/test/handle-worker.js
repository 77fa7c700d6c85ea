// A worker_thread of handles.test.js: its own instance and PayWays, whose
// handles are numbered by that instance alone.
import { parentPort, workerData } from 'node:worker_threads';
import { createHmac } from 'node:crypto';
import { load, PayWay } from '../src/index.js';

try {
  const paysign = await load({ wasm: workerData.module });
  const handles = [];
  const spy = { call: (op, request) => { if (op === 'payway.sign') handles.push(JSON.parse(request).credentials.handle); return paysign.call(op, request); } };
  const apiKey = `TEST_ONLY_worker_${workerData.tag}`;
  const results = [];
  for (let round = 0; round < 3; round++) {
    const payway = new PayWay(spy, { merchantId: 'ec000002', apiKey });
    for (let i = 0; i < 50; i++) {
      const signed = payway.sign('check_transaction', { tran_id: `${workerData.tag}-${i}` }, { requestTime: '20261121093403' });
      if (signed.hash !== createHmac('sha512', apiKey).update(signed.hash_input).digest('base64')) throw new Error('hash with another key');
      await null;
    }
    payway.close();
    results.push(handles.at(-1));
  }
  parentPort.postMessage({ handles: results });
} catch (err) {
  parentPort.postMessage({ error: String(err?.stack ?? err) });
}
