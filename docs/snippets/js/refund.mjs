import { PayWay, PayWayError, PayWayTransportError } from 'paysign';

const payway = await PayWay.fromEnv(); // PAYWAY_MERCHANT_ID, PAYWAY_API_KEY, PAYWAY_RSA_PUBLIC_KEY(_FILE), PAYWAY_BASE_URL
try {
  const answer = await payway.send('refund', { tran_id: 'ORDER-1001', refund_amount: '1.50' });
  console.log(answer.code, answer.meaning); // 00 success
} catch (err) {
  if (err instanceof PayWayError) { // PayWay said no
    console.log(err.code, err.category); // PTL37 declined, PTL02 wrong_hash, ...
  } else if (err instanceof PayWayTransportError) { // no verdict: err.next says what to do
    console.log(err.code, err.next); // outcome_unknown confirm_first: look it up with check_transaction first
  } else throw err; // PaySignError: not signed, nothing sent
}
