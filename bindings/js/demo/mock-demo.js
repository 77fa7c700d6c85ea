// The mock loop in Node (make demo-mock-js): starts `paysign mock` on
// 127.0.0.1:0 and a pushback receiver, then runs what an integrator's code
// does through PayWay.send(): purchase, the payer approves, the signed
// pushback is verified, check, refunds (one beyond the paid amount, one the
// gateway fails: outcome unknown, confirm first), close, and a request
// signed with the wrong API key. Prints one line per step, never a key;
// exits 1 if an answer is not the one PayWay documents.
//
//   PAYSIGN_CLI=build/paysign node demo/mock-demo.js
import { PayWay, PayWayError, PayWayTransportError } from '../src/index.js';
import { startMock, startReceiver } from '../test/mock.js';

const mock = await startMock(undefined, ['--quiet']);
const receiver = await startReceiver();
let failed = 0;
try {
  const payway = await PayWay.load({ merchantId: mock.merchantId, apiKey: mock.apiKey, rsaPublicKey: mock.rsaPublicKey, baseUrl: mock.url });
  console.log(`=== the mock loop in Node: PayWay.send() against paysign mock on ${mock.url}, TEST-ONLY merchant ${mock.merchantId}`);

  // want: PayWay's code, then the payment status for check_transaction.
  const step = async (want, operation, params, note = '') => {
    console.log(`> payway.send('${operation}', ${JSON.stringify(params)})${note}`);
    let answer;
    try {
      answer = await payway.send(operation, params);
    } catch (err) {
      if (err instanceof PayWayTransportError) {
        const ok = want === `${err.code} ${err.next}`;
        console.log(`  no verdict: ${err.code}, next: ${err.next} → PayWayTransportError${ok ? '' : `  FAILED: want ${want}`}`);
        if (!ok) failed++;
        return;
      }
      if (!(err instanceof PayWayError)) {
        console.log(`  FAILED: ${err.name}: ${err.message}`);
        failed++;
        return;
      }
      answer = err.response;
    }
    let got = answer.code;
    let line = `  HTTP ${answer.http_status}  code ${answer.code}  ${answer.category}`;
    if (answer.payment_status) {
      line += `  payment status ${answer.payment_status.status}`;
      got += ` ${answer.payment_status.status}`;
    }
    if (!answer.ok) line += `  → PayWayError (${answer.meaning})`;
    if (got !== want) {
      line += `  FAILED: want ${want}`;
      failed++;
    }
    console.log(line);
  };

  const pushbackURL = `${receiver.url}/payway/pushback`;
  await step('00', 'purchase', { tran_id: 'JS-DEMO-1', amount: '10.00', currency: 'USD', items: [{ name: 'Iced latte', quantity: 4, price: '2.50' }], return_url: pushbackURL });
  await step('00 PENDING', 'check_transaction', { tran_id: 'JS-DEMO-1' });
  console.log('> POST /__mock/transactions/JS-DEMO-1/approve   (the payer pays in the ABA app)');
  await mock.post('/__mock/transactions/JS-DEMO-1/approve');
  const pushback = await receiver.next();
  const callback = payway.verifyCallback(pushback.body, pushback.headers['x-payway-hmac-sha512']);
  console.log(`  pushback at ${pushbackURL}: tran_id=${callback.tran_id} status=${callback.status} apv=${callback.apv}; verifyCallback: X-PayWay-HMAC-SHA512 verifies`);
  await step('00 APPROVED', 'check_transaction', { tran_id: 'JS-DEMO-1' });
  await step('00', 'refund', { tran_id: 'JS-DEMO-1', refund_amount: '4.00' });
  await step('PTL37', 'refund', { tran_id: 'JS-DEMO-1', refund_amount: '6.01' });
  console.log('> POST /__mock/faults {"operation":"refund","kind":"server_error","status":502,"count":1}   (the gateway fails once)');
  await mock.post('/__mock/faults', { operation: 'refund', kind: 'server_error', status: 502, count: 1 });
  await step('outcome_unknown confirm_first', 'refund', { tran_id: 'JS-DEMO-1', refund_amount: '1.00' }, '   (sent once, never again blindly)');
  await step('00 REFUNDED', 'check_transaction', { tran_id: 'JS-DEMO-1' }, '   (confirm before sending it again)');
  await step('00', 'purchase', { tran_id: 'JS-DEMO-2', amount: '3.00', currency: 'USD' });
  await step('00', 'close_transaction', { tran_id: 'JS-DEMO-2' });
  await step('00 CANCELLED', 'check_transaction', { tran_id: 'JS-DEMO-2' });

  const impostor = await PayWay.load({ merchantId: mock.merchantId, apiKey: 'TEST_ONLY_not_the_merchants_key', baseUrl: mock.url });
  console.log("> the same check signed with another API key");
  try {
    await impostor.send('check_transaction', { tran_id: 'JS-DEMO-1' });
    console.log('  FAILED: accepted');
    failed++;
  } catch (err) {
    const ok = err instanceof PayWayError && err.category === 'wrong_hash';
    console.log(`  HTTP ${err.httpStatus}  code ${err.code}  ${err.category}  → PayWayError (${err.meaning})${ok ? '' : '  FAILED: want wrong_hash'}`);
    if (!ok) failed++;
  }
  impostor.close();
  payway.close();
} finally {
  await receiver.close();
  await mock.stop();
}
if (failed > 0) {
  console.log(`mock loop (Node): ${failed} steps failed`);
  process.exit(1);
}
console.log('mock loop (Node): every answer as PayWay documents it; the mock stopped');
