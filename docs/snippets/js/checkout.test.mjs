import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, test } from 'node:test';
import { PayWay } from 'paysign';
import { pushbackHandler } from './shop.mjs';

// The mock started above: PAYWAY_BASE_URL, PAYSIGN_MOCK_URL and the credentials of its export line.
const payway = await PayWay.fromEnv();
const paid = [];
const server = createServer(pushbackHandler(payway, (tranId) => paid.push(tranId))).listen(0, '127.0.0.1');
await once(server, 'listening');
after(() => server.close());
const shop = `http://127.0.0.1:${server.address().port}/payway/pushback`; // shop.mjs on a free port

test('checkout: purchase, the payer approves, the shop fulfils, check_transaction says APPROVED', async () => {
  const order = `ORDER-${randomUUID().slice(0, 8)}`; // a new one each run: the mock keeps its transactions
  await payway.send('purchase', { tran_id: order, amount: '10.00', currency: 'USD', return_url: shop });
  const approved = await fetch(`${process.env.PAYSIGN_MOCK_URL}/__mock/transactions/${order}/approve`, { method: 'POST' });
  assert.equal((await approved.json()).pushback_delivered, true); // the payer pays: a signed pushback to shop.mjs
  assert.ok(paid.includes(order)); // shop.mjs verified it and confirmed the payment
  const check = await payway.send('check_transaction', { tran_id: order });
  assert.equal(check.payment_status.status, 'APPROVED');
});

test('the pushback handler, given a pushback signed as PayWay signs it', async () => {
  // ORDER-1003: a paid fixture of the mock
  const { body, signature } = payway.signCallback({ tran_id: 'ORDER-1003', apv: '100103', status: '0', return_params: '', merchant_ref: '' });
  const post = (text) => fetch(shop, { method: 'POST', headers: { 'x-payway-hmac-sha512': signature }, body: text });
  assert.equal((await post(body)).status, 200);
  assert.equal((await post(body.replace('100103', '999999'))).status, 401); // a changed body
  assert.equal(paid.filter((order) => order === 'ORDER-1003').length, 1);
});
