// workerd: PayWay.load() + the first sign of W1 in a `workerd test` run.
// Workers freeze their clocks during a request, so bench/run.py times the
// whole process (workerd's start, the module's compile, load, first sign),
// once with the plain module and once with the pre-initialized one.
import { PayWay } from './bindings/js/dist/paysign.js';
import wasm from 'paysign.wasm';
import workloads from 'workloads.json';

export default {
  async test() {
    const { request: r } = workloads[0];
    const c = r.credentials;
    const payway = await PayWay.load({ wasm, merchantId: c.merchant_id, apiKey: c.api_key, rsaPublicKey: c.rsa_public_key });
    payway.sign(r.operation, r.params, { requestTime: r.request_time });
  },
};
