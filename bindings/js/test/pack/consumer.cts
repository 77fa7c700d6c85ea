// Type-checked (tsc --strict) as CommonJS TypeScript against the installed package's index.d.cts.
import paysign = require('paysign');

export async function main(): Promise<string> {
  const payway = await paysign.PayWay.load({ merchantId: 'ec000002', apiKey: 'k' });
  const refund: paysign.PayWayOperationParams['refund'] = { tran_id: 'T1', refund_amount: '1.50' };
  const signed: paysign.PayWaySigned = payway.sign('refund', refund);
  // @ts-expect-error refund needs tran_id
  payway.sign('refund', { refund_amount: '1.50' });
  const { PaySignError } = await paysign.esm();
  try {
    payway.sign('refund', refund);
  } catch (err) {
    if (err instanceof PaySignError) return err.code;
    if (paysign.isPaySignError(err)) return err.field;
  }
  const version: string = paysign.version;
  const fromEnv: paysign.PayWayFromEnvOptions = { env: { PAYWAY_MERCHANT_ID: 'ec000002', PAYWAY_API_KEY: 'k' } };
  const other = await paysign.PayWay.fromEnv(fromEnv);
  return signed.hash + version + other.merchantId;
}
