// Type-checked (tsc --strict) without @types/node, as in a browser project,
// with TypeScript's es2022 lib and again with esnext (whose disposable lib
// declares Symbol.dispose too).
import { load, PayWay, PayWayError, type PayWayResponse } from 'paysign';

export async function main(): Promise<string> {
  const paysign = await load({ wasm: new URL('/assets/paysign.wasm', location.href) });
  const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'k', baseUrl: new URL(location.origin) });
  try {
    const answer: PayWayResponse = await payway.send('check_transaction', { tran_id: 'T1' });
    return answer.code;
  } catch (err) {
    if (err instanceof PayWayError) return err.category;
  } finally {
    payway[Symbol.dispose](); // `using` needs TypeScript's esnext.disposable lib
  }
  return '';
}
