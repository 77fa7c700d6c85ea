// Type-checked (tsc --noEmit --strict) against the installed package's .d.ts.
import { load, PayWay, PaySignError, version, type PayWayOperationParams, type PayWaySigned } from 'paysign';

export async function main(): Promise<string> {
  const payway = await PayWay.load({ merchantId: 'ec000002', apiKey: 'k', environment: 'sandbox' });
  const refund: PayWayOperationParams['refund'] = { tran_id: 'T1', refund_amount: '1.50' };
  const signed: PayWaySigned = payway.sign('refund', refund, { requestTime: '20261121093403' });
  // @ts-expect-error refund needs tran_id (types generated from payway.catalog)
  payway.sign('refund', { refund_amount: '1.50' });
  // @ts-expect-error no such operation
  payway.sign('refundd', {});
  // @ts-expect-error payment_option is an enum
  payway.sign('purchase', { tran_id: 'T1', amount: '1.00', payment_option: 'visa' });
  const calls: number | undefined = (await load({ hostCrypto: false })).hostCrypto?.calls.rsa_sign_pkcs1_sha256;
  await PayWay.load({ merchantId: 'ec000002', apiKey: 'k', hostCrypto: true });
  try {
    (await load()).call('paysign.version', String(calls));
  } catch (err) {
    if (err instanceof PaySignError) return err.code + err.field;
  }
  const release: string = version;
  return release + signed.hash + signed.fields.map(([name, value]) => name + value).join();
}
