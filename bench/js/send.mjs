// What sending costs, the same script in Node, Deno and Bun: 100 sequential
// check_transaction sends to `paysign mock` over loopback with one PayWay
// object, against the code a user writes instead with the same runtime:
// one HMAC-SHA512 with node:crypto, the JSON body, and fetch (whose
// connections are kept alive in all three), the answer parsed and its code
// checked. Both build the same request: before timing, the hand-written
// fields and hash at a fixed request time must equal paysign's.
//
//   node|bun send.mjs time  INPUT OUT        deno run --allow-read --allow-write --allow-net send.mjs ...
//   node|bun send.mjs once  INPUT IMPL URL   100 sends of IMPL (paysign | keepalive) to URL, untimed
//
// INPUT (bench/run.py): {url, merchant_id, api_key, rsa_public_key, tran_id, sends, warmup, reps}.
// time writes {results: [{runtime, workload, impl, iters, ns_per_op: [per send, one a round],
// cpu_ns_per_op: [the process's CPU time (user + system) per send, one a round]}]}.
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { handWritten } from './hand-written.mjs';

const args = typeof Deno === 'undefined' ? process.argv.slice(2) : Deno.args;
const [mode, inputPath, ...rest] = args;
const input = JSON.parse(readFileSync(inputPath, 'utf8'));
const { PayWay } = await import(new URL('../../bindings/js/dist/paysign.js', import.meta.url).href);
const runtime = typeof Deno !== 'undefined' ? 'deno' : typeof Bun !== 'undefined' ? 'bun' : 'node';
const WORKLOAD = 'S1_send_check_transaction';

async function client(impl, url) {
  if (impl === 'keepalive') return handWritten({ ...input, url }).send;
  const payway = await PayWay.load({ merchantId: input.merchant_id, apiKey: input.api_key, rsaPublicKey: input.rsa_public_key, baseUrl: url });
  return async () => {
    await payway.send('check_transaction', { tran_id: input.tran_id }); // throws unless PayWay's success
  };
}

if (mode === 'once') {
  const [impl, url] = rest;
  const send = await client(impl, url);
  for (let i = 0; i < input.sends; i++) await send();
  console.log(JSON.stringify({ impl, sends: input.sends }));
} else {
  // Equal work: the same fields and hash at one request time.
  const payway = await PayWay.load({ merchantId: input.merchant_id, apiKey: input.api_key, rsaPublicKey: input.rsa_public_key, baseUrl: input.url });
  const at = '20261121093403';
  const theirs = Object.fromEntries(payway.sign('check_transaction', { tran_id: input.tran_id }, { requestTime: at, output: 'send' }).fields);
  const mine = handWritten(input).request(at);
  if (JSON.stringify(theirs) !== JSON.stringify(mine)) throw new Error(`the hand-written request differs: ${JSON.stringify(mine)} vs ${JSON.stringify(theirs)}`);

  const impls = ['paysign', 'keepalive'];
  const sends = Object.fromEntries(await Promise.all(impls.map(async (impl) => [impl, await client(impl, input.url)])));
  for (const impl of impls) for (let i = 0; i < input.warmup; i++) await sends[impl](); // connections opened, code compiled
  const results = impls.map((impl) => ({ runtime, workload: WORKLOAD, impl, iters: input.sends, ns_per_op: [], cpu_ns_per_op: [] }));
  for (let round = 0; round < input.reps; round++) {
    for (const r of results) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < input.sends; i++) await sends[r.impl]();
      r.ns_per_op.push(((performance.now() - start) * 1e6) / input.sends);
      const used = process.cpuUsage(cpu);
      r.cpu_ns_per_op.push(((used.user + used.system) * 1e3) / input.sends);
    }
  }
  writeFileSync(rest[0], JSON.stringify({ runtime, results }));
}
