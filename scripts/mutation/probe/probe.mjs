// The JavaScript client of probe.py: PayWay.send() through the public API.
import { readFileSync } from 'node:fs';

const { PayWay } = await import(`${process.env.PROBE_ROOT}/bindings/js/src/index.js`);
const rsaPublicKey = readFileSync(process.env.PROBE_KEY, 'utf8');
const client = (baseUrl) => PayWay.load({ merchantId: 'ec000002', apiKey: 'TEST_ONLY_probe_key', rsaPublicKey, baseUrl, queryRetries: 2, retryBackoff: 0 });
const outcome = async (baseUrl, operation, params) => {
  try {
    await (await client(baseUrl)).send(operation, params);
    return 'accepted';
  } catch {
    return 'rejected';
  }
};
const refund = { tran_id: 'PROBE-1', refund_amount: '1.50' };
console.log(JSON.stringify({
  refund_empty_200: await outcome(process.env.PROBE_EMPTY, 'refund', refund),
  refund_503: await outcome(process.env.PROBE_REFUND_503, 'refund', refund),
  check_503: await outcome(process.env.PROBE_CHECK_503, 'check_transaction', { tran_id: 'PROBE-1' }),
  purchase_page: await outcome(process.env.PROBE_PAGE, 'purchase', { tran_id: 'PROBE-2', amount: '1.00', currency: 'USD' }),
}));
