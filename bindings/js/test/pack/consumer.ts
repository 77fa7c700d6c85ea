// Type-checked (tsc --noEmit --strict) against the installed package's .d.ts.
import {
  load, PayWay, PaySignError, PayWayError, PayWayTransportError, QUERY_OPERATIONS, version,
  type PayWayCallback, type PayWayCategory, type PayWayOperationParams, type PayWayResponse, type PayWaySent, type PayWaySigned, type PayWaySignedCallback,
} from 'paysign';

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
  const sent: PayWaySent = payway.sign('check_transaction', { tran_id: 'T1' }, { output: 'send' });
  // @ts-expect-error only what is sent: no hash_input
  sent.hash_input;
  const attempts: number = sent.policy.attempts + sent.body.length + Object.keys(sent.headers).length;
  // The credentials from PAYWAY_* variables; only the sending options besides.
  const fromEnv = await PayWay.fromEnv({ timeout: 5000, env: { PAYWAY_MERCHANT_ID: 'ec000002', PAYWAY_API_KEY: 'k' } });
  // @ts-expect-error fromEnv reads the API key from the environment
  await PayWay.fromEnv({ apiKey: 'k' });
  const decoded: PayWayResponse = fromEnv.decodeResponse('link_card', 302, '', { location: '/result' });
  // Ordered objects as Maps, BigInt integers.
  payway.sign('purchase', new Map<string, unknown>([['tran_id', 'T1'], ['amount', '1.00']]));
  payway.sign('purchase', { tran_id: 'T1', amount: '1.00', custom_fields: new Map([['b', 1], ['10', 2]]), items: [{ name: 'a', quantity: 1n, price: '1.00' }] });
  // send(): the decoded answer, or PayWayError / PayWayTransportError.
  const mock = await PayWay.load({ merchantId: 'ec000002', apiKey: 'k', baseUrl: 'http://127.0.0.1:4010', timeout: 5000, queryRetries: 1, retryBackoff: 100 });
  try {
    const answer: PayWayResponse = await mock.send('check_transaction', { tran_id: 'T1' }, { signal: AbortSignal.timeout(1000) });
    const status: string | undefined = answer.payment_status?.status;
    const category: PayWayCategory = answer.category;
    return `${status}${category}${answer.http_status}`;
  } catch (err) {
    if (err instanceof PayWayError) return `${err.code}${err.category}${err.httpStatus}${err.retryable}${err.response.meaning}`;
    if (err instanceof PayWayTransportError) {
      const next: 'send_again' | 'confirm_first' = err.next;
      // @ts-expect-error the send codes are a closed set
      if (err.code === 'body_malformed') return '';
      return `${err.code}${next}${err.outcomeUnknown}${err.response?.category}`;
    }
  } finally {
    mock.close();
  }
  const callback: PayWayCallback = payway.verifyCallback(new Uint8Array(0), undefined);
  const header: PayWaySignedCallback = payway.signCallback({ tran_id: 'T1', status: '0' });
  const queries: ReadonlyArray<string> = QUERY_OPERATIONS;
  {
    using scoped = await PayWay.load({ merchantId: 'ec000002', apiKey: 'k' });
    scoped.sign('check_transaction', { tran_id: 'T1' });
  }
  return release + signed.hash + signed.fields.map(([name, value]) => name + value).join() + callback.tran_id + header.signature + queries.length
    + attempts + decoded.category;
}
