const { PayWay, isPayWayError } = require('paysign'); // CommonJS: the same package, its API as promises

async function main() {
  const payway = await PayWay.fromEnv(); // loading WebAssembly is asynchronous
  try {
    const answer = await payway.send('refund', { tran_id: 'ORDER-1001', refund_amount: '1.50' });
    console.log(answer.code, answer.meaning); // 00 success
  } catch (err) {
    if (!isPayWayError(err)) throw err;
    console.log(err.code, err.category); // PTL37 declined, PTL02 wrong_hash, ...
  }
}

main();
