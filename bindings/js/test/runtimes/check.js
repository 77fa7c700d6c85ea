// What every JavaScript runtime must do with the installed npm package, the
// same code in Node, Deno, Bun and workerd (runtimes.test.js runs it in
// each): every test vector, with the runtime's default crypto and with the
// module's own Go; an HMAC the runtime's WebCrypto recomputes; and a
// purchase, a refund and a check sent to `paysign mock`, which verifies each
// request as PayWay does (hash, merchant_auth) and records the outcome.
// It uses only what all of them have: fetch, crypto.subtle, no Node API.
import { runVector } from './vector-runner.js';

/**
 * @param {object} paysign the package's module namespace (import ... from 'paysign')
 * @param {object} input {runtime, wasm?, vectors: [{name, text}], mock: {url, merchantId, apiKey, rsaPublicKey}}
 *   wasm: what load() is given (workerd: the imported module); absent, load() finds the package's copy
 * @returns {Promise<object>} a summary; throws on the first failure
 */
export async function check(paysign, input) {
  const { PayWay, load } = paysign;
  const { runtime, wasm, mock } = input;
  const options = wasm === undefined ? {} : { wasm };
  const summary = { runtime, version: paysign.version, vectors: 0 };

  // Every vector, with the runtime's default crypto and with the module's own Go.
  const byDefault = await load(options);
  const go = await load({ ...options, hostCrypto: false });
  summary.location = byDefault.location;
  for (const [name, instance] of [['default', byDefault], ['go', go]]) {
    for (const { name: file, text } of input.vectors) {
      const vectors = JSON.parse(text);
      if (vectors.schema !== 'paysign-vectors-v1') continue;
      for (const test of vectors.tests) {
        try {
          runVector(instance, vectors.op, test);
        } catch (err) {
          throw new Error(`${runtime} (${name} crypto): ${file} #${test.id} ${test.comment}: ${err.message}`);
        }
        summary.vectors++;
      }
    }
  }
  summary.hostCrypto = byDefault.hostCrypto;
  if (go.hostCrypto !== null) throw new Error(`${runtime}: hostCrypto: false still uses ${go.hostCrypto.provider}`);

  // The hash, recomputed with the runtime's WebCrypto.
  const merchant = { ...options, merchantId: mock.merchantId, apiKey: mock.apiKey, rsaPublicKey: mock.rsaPublicKey, baseUrl: mock.url };
  const payway = await PayWay.load(merchant);
  const signed = payway.sign('check_transaction', { tran_id: 'T1' }, { requestTime: '20261121093403' });
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(mock.apiKey), { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signed.hash_input)));
  const expected = btoa(String.fromCharCode(...mac));
  if (signed.hash !== expected) throw new Error(`${runtime}: hash ${signed.hash}, WebCrypto says ${expected}`);

  // Sending: the mock verifies each request and records it.
  // tran_id: letters, digits and '-', at most 20; one per runtime and run.
  const tranId = `R${runtime.replace(/[^A-Za-z0-9]/g, '').slice(0, 10)}-${Date.now().toString(36).slice(-8)}`;
  await payway.send('purchase', { tran_id: tranId, amount: '2.50', currency: 'USD' });
  const approved = await fetch(`${mock.url}/__mock/transactions/${tranId}/approve`, { method: 'POST' });
  if (!approved.ok) throw new Error(`${runtime}: approve ${tranId}: HTTP ${approved.status} ${await approved.text()}`);
  await approved.arrayBuffer();
  await payway.send('refund', { tran_id: tranId, refund_amount: '1.00' }); // merchant_auth: RSA
  await payway.send('check_transaction', { tran_id: tranId });
  const { requests } = await (await fetch(`${mock.url}/__mock/requests`)).json();
  const seen = requests.filter((r) => r.kind === 'request' && r.tran_id === tranId)
    .map((r) => `${r.operation} verified=${r.verified} ${r.outcome} ${r.code}`);
  const want = ['purchase', 'refund', 'check_transaction'].map((op) => `${op} verified=true ok 00`);
  if (JSON.stringify(seen) !== JSON.stringify(want)) throw new Error(`${runtime}: the mock saw ${JSON.stringify(seen)}, want ${JSON.stringify(want)}`);
  summary.sent = seen;
  return summary;
}
