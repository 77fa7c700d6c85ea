// Load + first sign in a fresh process, the same script in Node, Deno and
// Bun (bench/run.py runs it with the plain module and the pre-initialized
// one, alternating): from before the package's import to after the first
// PayWay.sign of W1, with the runtime's default crypto.
//
//   node|bun cold.mjs WORKLOADS WASM      deno run --allow-read cold.mjs WORKLOADS WASM
//
// The package is imported through its bundled entry (dist/paysign.js, as
// npm has it). Prints {"load_and_first_sign_ms": ...}. The workload is read first (not
// paysign's cost); static imports run before the timer starts.
import { readFileSync } from 'node:fs';

const args = typeof Deno === 'undefined' ? process.argv.slice(2) : Deno.args;
const [workloadsPath, wasm] = args;
const w = JSON.parse(readFileSync(workloadsPath, 'utf8'))[0];
const c = w.request.credentials;
const t0 = performance.now();
const { PayWay } = await import(new URL('../../bindings/js/dist/paysign.js', import.meta.url).href);
const payway = await PayWay.load({ wasm, merchantId: c.merchant_id, apiKey: c.api_key, rsaPublicKey: c.rsa_public_key });
payway.sign(w.request.operation, w.request.params, { requestTime: w.request.request_time });
console.log(JSON.stringify({ load_and_first_sign_ms: performance.now() - t0 }));
