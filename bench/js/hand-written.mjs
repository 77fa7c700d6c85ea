// The check_transaction client a user writes instead of paysign, in Node,
// Deno and Bun: one HMAC-SHA512 with node:crypto, the JSON body, and fetch
// (which keeps its connections alive in all three), the answer parsed and
// its code checked. bench/js/send.mjs and send-parts.mjs time it.
import crypto from 'node:crypto';

// The request time as PayWay wants it: UTC, YYYYMMDDHHmmss.
const stamp = (date) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14);

/**
 * @param {{url: string, merchant_id: string, api_key: string, tran_id: string}} input
 * @returns {{send: () => Promise<void>, request: (reqTime: string) => object}} send one request; the fields at a time
 */
export function handWritten({ url, merchant_id: merchantId, api_key: apiKey, tran_id: tranId }) {
  const endpoint = `${url}/api/payment-gateway/v1/payments/check-transaction-2`;
  const request = (reqTime) => {
    const fields = { req_time: reqTime, merchant_id: merchantId, tran_id: tranId };
    fields.hash = crypto.createHmac('sha512', apiKey).update(reqTime + merchantId + tranId).digest('base64');
    return fields;
  };
  const send = async () => {
    const response = await fetch(endpoint, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request(stamp(new Date()))),
    });
    const answer = await response.json();
    if (answer.status?.code !== '00') throw new Error(`hand-written: ${JSON.stringify(answer)}`);
  };
  return { send, request };
}
