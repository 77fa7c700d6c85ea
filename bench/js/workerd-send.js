// workerd: sequential check_transaction sends to paysign mock with one
// PayWay object (paysign) and by hand (keepalive: WebCrypto's HMAC, the
// JSON body, fetch), in one `workerd test` run, REPS rounds of SENDS each,
// interleaved. Workers freeze their clocks during a request, so each round
// is timed by asking bench/run.py's CLOCK (an HTTP endpoint on 127.0.0.1
// that answers its monotonic nanoseconds) before and after. With IMPL set,
// only that client sends, SENDS times, untimed (the connection count).
// Before sending, the hand-written body must equal paysign's at a fixed
// request time. Prints {"results": [...]} as bench/js/send.mjs writes.
import { PayWay } from './bindings/js/dist/paysign.js';
import wasm from 'paysign.wasm';
import input from 'send-input.json';

const encoder = new TextEncoder();
const stamp = (date) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14);

export default {
  async test(_controller, env) {
    const sends = Number(env.SENDS);
    const payway = await PayWay.load({ wasm, merchantId: input.merchant_id, apiKey: input.api_key, rsaPublicKey: input.rsa_public_key, baseUrl: env.URL });
    const key = await crypto.subtle.importKey('raw', encoder.encode(input.api_key), { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
    const body = async (reqTime) => {
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(reqTime + input.merchant_id + input.tran_id)));
      return JSON.stringify({ req_time: reqTime, merchant_id: input.merchant_id, tran_id: input.tran_id, hash: btoa(String.fromCharCode(...mac)) });
    };
    const at = '20261121093403';
    const theirs = payway.sign('check_transaction', { tran_id: input.tran_id }, { requestTime: at, output: 'send' }).body;
    if ((await body(at)) !== theirs) throw new Error('the hand-written request differs from paysign\'s');
    const clients = {
      paysign: () => payway.send('check_transaction', { tran_id: input.tran_id }),
      keepalive: async () => {
        const response = await fetch(`${env.URL}/api/payment-gateway/v1/payments/check-transaction-2`, {
          method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: await body(stamp(new Date())),
        });
        const answer = await response.json();
        if (answer.status?.code !== '00') throw new Error(`keepalive: ${JSON.stringify(answer)}`);
      },
    };
    if (env.IMPL) {
      for (let i = 0; i < sends; i++) await clients[env.IMPL]();
      return;
    }
    const now = async () => BigInt(await (await fetch(env.CLOCK)).text());
    for (const send of Object.values(clients)) for (let i = 0; i < input.warmup; i++) await send(); // connections opened, code compiled
    const results = Object.keys(clients).map((impl) => ({ runtime: 'workerd', workload: 'S1_send_check_transaction', impl, iters: sends, ns_per_op: [] }));
    for (let round = 0; round < Number(env.REPS); round++) {
      for (const r of results) {
        const start = await now();
        for (let i = 0; i < sends; i++) await clients[r.impl]();
        r.ns_per_op.push(Number((await now()) - start) / sends);
      }
    }
    console.log(JSON.stringify({ results }));
  },
};
