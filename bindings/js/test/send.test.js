// send(), verifyCallback() and signCallback() end to end against the real
// PayWay test double (`paysign mock`, docs/mock.md): started here on
// 127.0.0.1:0 from build/paysign ($PAYSIGN_BIN), with a node:http listener
// on 127.0.0.1:0 as the merchant's pushback endpoint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { createServer } from 'node:net';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PaySignError, PayWay, PayWayError, PayWayTransportError, QUERY_OPERATIONS } from '../src/index.js';
import { mockBinary, startMock, startReceiver } from './mock.js';

const binary = mockBinary();
const skip = binary ? false : 'no build/paysign (make build/paysign, or PAYSIGN_BIN)';
let mock;
let receiver;
let payway;

before(async () => {
  if (skip) return;
  mock = await startMock(binary);
  receiver = await startReceiver();
  payway = await PayWay.load({ merchantId: mock.merchantId, apiKey: mock.apiKey, rsaPublicKey: mock.rsaPublicKey, baseUrl: mock.url, retryBackoff: 20 });
});

after(async () => {
  payway?.close();
  await receiver?.close();
  await mock?.stop();
});

/** The requests the mock saw for operation (and tran_id) since the mark. */
async function seen(operation, since = 0) {
  const { requests } = await mock.get('/__mock/requests');
  return requests.filter((r) => r.kind === 'request' && r.operation === operation && r.seq > since);
}

async function mark() {
  const { requests } = await mock.get('/__mock/requests');
  return requests.at(-1)?.seq ?? 0;
}

/** Rejects with a PayWayError, returned for inspection; no secret in it. */
async function refused(promise, Class = PayWayError) {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof Class, `${err?.name}: ${err?.message}`);
    assert.ok(!`${err.message} ${err.stack} ${inspect(err, { depth: 6 })}`.includes(mock.apiKey), 'the API key is in the error');
    return err;
  }
  assert.fail(`resolved instead of rejecting with ${Class.name}`);
}

test('the loop: purchase, approve, signed pushback, check, refunds, close, wrong hash', { skip }, async () => {
  // purchase: multipart/form-data built from the signed fields; return_url → our listener.
  const from = await mark();
  const purchased = await payway.send('purchase', {
    tran_id: 'JS-1001', amount: '10.00', currency: 'USD', items: [{ name: 'Iced latte', quantity: 4, price: '2.50' }],
    return_url: `${receiver.url}/payway/pushback`, return_params: 'order=1001',
  });
  assert.deepEqual([purchased.ok, purchased.code, purchased.category, purchased.http_status], [true, '00', 'success', 200]);
  assert.equal(purchased.value.status.tran_id, 'JS-1001');
  const [request] = await seen('purchase', from);
  assert.match(request.content_type, /^multipart\/form-data; boundary=/);
  assert.equal(request.verified, true);
  assert.equal((await payway.send('check_transaction', { tran_id: 'JS-1001' })).payment_status.status, 'PENDING');

  // The payer pays: the mock POSTs the signed pushback to return_url.
  const approved = await mock.post('/__mock/transactions/JS-1001/approve');
  assert.equal(approved.pushback_delivered, true);
  const pushback = await receiver.next();
  assert.equal(pushback.url, '/payway/pushback');
  const header = pushback.headers['x-payway-hmac-sha512'];
  const callback = payway.verifyCallback(pushback.body, header); // the raw bytes, as received
  assert.deepEqual([callback.valid, callback.tran_id, callback.status, callback.return_params], [true, 'JS-1001', '0', 'order=1001']);
  assert.equal(callback.apv, approved.transaction.apv);
  assert.equal(payway.verifyCallback(pushback.body.toString('utf8'), header).valid, true, 'or as text');
  // signCallback makes the header PayWay (here the mock) sends for that body.
  assert.equal(payway.signCallback(pushback.body.toString('utf8')).signature, header);
  const tampered = pushback.body.toString('utf8').replace('"status":"0"', '"status":"3"');
  assert.equal((await refused(Promise.resolve().then(() => payway.verifyCallback(tampered, header)), PaySignError)).code, 'signature_mismatch');
  assert.equal((await refused(Promise.resolve().then(() => payway.verifyCallback(pushback.body, undefined)), PaySignError)).code, 'signature_missing');

  // check_transaction says APPROVED; a partial refund answers 00; one beyond the rest is PTL37.
  const checked = await payway.send('check_transaction', { tran_id: 'JS-1001' });
  assert.deepEqual([checked.code, checked.payment_status.status, checked.payment_status.category], ['00', 'APPROVED', 'success']);
  const refund = await payway.send('refund', { tran_id: 'JS-1001', refund_amount: '4.00' });
  assert.deepEqual([refund.ok, refund.code, refund.value.transaction_status], [true, '00', 'REFUNDED']);
  const beyond = await refused(payway.send('refund', { tran_id: 'JS-1001', refund_amount: '6.01' }));
  assert.deepEqual([beyond.code, beyond.category, beyond.httpStatus, beyond.retryable, beyond.operation], ['PTL37', 'declined', 403, false, 'refund']);
  assert.equal(beyond.meaning, 'the refund amount exceeds the original amount');
  assert.equal(beyond.response.code, 'PTL37');
  assert.match(beyond.message, /^payway refund: PTL37: the refund amount exceeds the original amount/);
  assert.equal((await payway.send('check_transaction', { tran_id: 'JS-1001' })).payment_status.status, 'REFUNDED');

  // Another purchase, closed before it is paid: CANCELLED.
  assert.equal((await payway.send('purchase', { tran_id: 'JS-1002', amount: '3.00', currency: 'USD' })).code, '00');
  assert.equal((await payway.send('close_transaction', { tran_id: 'JS-1002' })).code, '00');
  assert.equal((await payway.send('check_transaction', { tran_id: 'JS-1002' })).payment_status.status, 'CANCELLED');

  // A wrong API key: PayWay's wrong-hash answer.
  const impostor = await PayWay.load({ merchantId: mock.merchantId, apiKey: 'TEST_ONLY_not_the_merchants_key', rsaPublicKey: mock.rsaPublicKey, baseUrl: mock.url });
  const hash = await refused(impostor.send('check_transaction', { tran_id: 'JS-1001' }));
  assert.deepEqual([hash.category, hash.code, hash.httpStatus], ['wrong_hash', '5', 403]);
  const impostorRefund = await refused(impostor.send('refund', { tran_id: 'JS-1001', refund_amount: '1.00' }));
  assert.equal(impostorRefund.category, 'wrong_hash');
  impostor.close();
});

test('a money-moving operation is never retried; a query is, on a retryable answer', { skip }, async () => {
  await payway.send('purchase', { tran_id: 'JS-2001', amount: '5.00', currency: 'USD' });
  await mock.post('/__mock/transactions/JS-2001/approve');

  // A 5xx on a refund: sent once; the outcome is unknown.
  let from = await mark();
  await mock.post('/__mock/faults', { operation: 'refund', kind: 'server_error', status: 502, count: 1 });
  const gateway = await refused(payway.send('refund', { tran_id: 'JS-2001', refund_amount: '1.00' }));
  assert.deepEqual([gateway.category, gateway.httpStatus, gateway.retryable, gateway.code], ['gateway_error', 502, false, '']);
  assert.match(gateway.message, /outcome is unknown.*check_transaction/);
  assert.equal((await seen('refund', from)).length, 1, 'the refund was sent once');
  // Rate-limited refund: retryable by PayWay's answer, still not repeated automatically.
  from = await mark();
  await mock.post('/__mock/faults', { operation: 'refund', kind: 'rate_limit', count: 1 });
  const limited = await refused(payway.send('refund', { tran_id: 'JS-2001', refund_amount: '1.00' }));
  assert.deepEqual([limited.category, limited.retryable], ['rate_limited', true]);
  assert.equal((await seen('refund', from)).length, 1);

  // A 5xx on a query: retried (default 2 retries), the second attempt answers.
  from = await mark();
  await mock.post('/__mock/faults', { operation: 'check_transaction', kind: 'server_error', count: 1 });
  const checked = await payway.send('check_transaction', { tran_id: 'JS-2001' });
  assert.equal(checked.payment_status.status, 'APPROVED');
  const attempts = await seen('check_transaction', from);
  assert.deepEqual(attempts.map((r) => r.http_status), [500, 200]);
  // More faults than retries: the last answer is the error, after 1 + 2 attempts.
  from = await mark();
  await mock.post('/__mock/faults', { operation: 'check_transaction', kind: 'rate_limit', count: 5 });
  const exhausted = await refused(payway.send('check_transaction', { tran_id: 'JS-2001' }));
  assert.equal(exhausted.category, 'rate_limited');
  assert.equal((await seen('check_transaction', from)).length, 3);
  // queryRetries: 0 per call: once.
  from = await mark();
  await refused(payway.send('check_transaction', { tran_id: 'JS-2001' }, { queryRetries: 0 }));
  assert.equal((await seen('check_transaction', from)).length, 1);
  await mock.del('/__mock/faults');
  assert.deepEqual([...QUERY_OPERATIONS].sort(), ['check_transaction', 'exchange_rate', 'get_token_details', 'get_transactions_by_mc_ref',
    'payment_link_detail', 'transaction_detail', 'transaction_list']);
});

test('timeouts, aborts and refused connections reject with PayWayTransportError', { skip }, async () => {
  await mock.post('/__mock/faults', { operation: 'check_transaction', kind: 'delay', delay_ms: 3000, count: 1 });
  let start = performance.now();
  const slowQuery = await refused(payway.send('check_transaction', { tran_id: 'JS-2001' }, { timeout: 200 }), PayWayTransportError);
  assert.ok(performance.now() - start < 2500, 'the timeout ended the wait');
  assert.deepEqual([slowQuery.code, slowQuery.outcomeUnknown, slowQuery.operation], ['timeout', false, 'check_transaction']);
  assert.ok(slowQuery instanceof PaySignError, 'a PaySignError with one of the bindings\' send codes');
  assert.match(slowQuery.message, /no answer within 200 ms.*safe to send it again/);
  assert.ok(slowQuery.url.startsWith(mock.url));

  await mock.post('/__mock/faults', { operation: 'refund', kind: 'delay', delay_ms: 3000, count: 1 });
  const slowRefund = await refused(payway.send('refund', { tran_id: 'JS-2001', refund_amount: '1.00' }, { timeout: 200 }), PayWayTransportError);
  assert.deepEqual([slowRefund.code, slowRefund.outcomeUnknown], ['timeout', true]);
  assert.match(slowRefund.message, /outcome is unknown.*confirm with check_transaction/);

  await mock.post('/__mock/faults', { operation: 'transaction_detail', kind: 'delay', delay_ms: 3000, count: 1 });
  const controller = new AbortController();
  start = performance.now();
  setTimeout(() => controller.abort(), 100);
  const aborted = await refused(payway.send('transaction_detail', { tran_id: 'JS-2001' }, { signal: controller.signal }), PayWayTransportError);
  assert.deepEqual([aborted.code, aborted.outcomeUnknown], ['transport_failed', false], 'a query: nothing changed');
  assert.match(aborted.message, /the caller aborted it after it was sent/);
  assert.ok(performance.now() - start < 2500);
  const from = await mark();
  const early = await refused(payway.send('refund', { tran_id: 'JS-2001', refund_amount: '1.00' }, { signal: AbortSignal.abort() }), PayWayTransportError);
  assert.deepEqual([early.code, early.outcomeUnknown], ['not_sent', false], 'aborted before it was sent: nothing happened');
  assert.equal((await seen('refund', from)).length, 0);
  await mock.del('/__mock/faults');

  // Nothing listens on that port: the request never left.
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address();
      server.close(() => resolve(p));
    });
  });
  const nowhere = await PayWay.load({ merchantId: mock.merchantId, apiKey: mock.apiKey, rsaPublicKey: mock.rsaPublicKey, baseUrl: `http://127.0.0.1:${port}` });
  const refusedConnection = await refused(nowhere.send('refund', { tran_id: 'T1', refund_amount: '1.00' }), PayWayTransportError);
  assert.equal(refusedConnection.code, 'not_sent');
  assert.equal(refusedConnection.outcomeUnknown, false);
  assert.match(refusedConnection.message, /not sent \(ECONNREFUSED.*PayWay did not receive it; sending it again is safe/);
  assert.equal(refusedConnection.cause?.cause?.code, 'ECONNREFUSED');
  nowhere.close();
});

test('link_card is a form POST answered with 302: returned decoded, not followed', { skip }, async () => {
  const from = await mark();
  const linked = await payway.send('link_card', { ctid: 'CTIDJS001', request_id: 'REQJS001', token_flag: '1', currency: 'USD' });
  assert.deepEqual([linked.ok, linked.http_status, linked.category], [true, 302, 'success']);
  assert.match(linked.location, /\/__mock\/add-card\//);
  const [request] = await seen('link_card', from);
  assert.equal(request.content_type, 'application/x-www-form-urlencoded');
  assert.equal(request.verified, true);
  // JSON operations are posted as JSON.
  await payway.send('exchange_rate', {});
  assert.equal((await seen('exchange_rate', from)).at(-1).content_type, 'application/json');
});

test('send() refuses what sign() refuses, before anything is sent; options are checked', { skip }, async () => {
  const from = await mark();
  const float = await refused(payway.send('refund', { tran_id: 'JS-2001', refund_amount: 1.5 }), PaySignError);
  assert.equal(float.code, 'float_not_allowed');
  const missing = await refused(payway.send('refund', { refund_amount: '1.00' }), PaySignError);
  assert.equal(missing.code, 'PTL04');
  assert.equal((await seen('refund', from)).length, 0);
  await assert.rejects(payway.send('check_transaction', { tran_id: 'T1' }, { timeout: -1 }), (err) => err instanceof PaySignError && err.code === 'malformed_request' && err.field === 'timeout');
  assert.throws(() => new PayWay(payway, {}), (err) => err.code === 'misuse', 'a PayWay is not a PaySign');
  await assert.rejects(PayWay.load({ merchantId: 'ec000002', apiKey: 'k', queryRetries: 1.5 }), (err) => err.code === 'malformed_request' && err.field === 'queryRetries');
  // A custom fetch (a proxy agent, a test double) is used when given.
  const urls = [];
  const via = await PayWay.load({ merchantId: mock.merchantId, apiKey: mock.apiKey, baseUrl: mock.url,
    fetch: (url, init) => { urls.push(url); return fetch(url, init); } });
  assert.equal((await via.send('exchange_rate', {})).code, '00');
  assert.equal(urls.length, 1);
  assert.ok(urls[0].startsWith(`${mock.url}/api/`), urls[0]);
  via.close();
});

// The README's examples, as written, against the mock: both are JavaScript and
// TypeScript at once (the pack test type-checks them); here they run.
test('the README\'s sign-and-send and testing examples run against the mock', { skip }, async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const sendExample = blocks[0];
  const testingExample = blocks.find((b) => b.includes('/__mock/transactions/'));
  assert.match(sendExample, /payway\.send\('refund'/, 'the first example signs and sends');
  assert.ok(testingExample, 'a testing example');
  for (const block of [sendExample, testingExample]) assert.ok(block.trim().split('\n').length <= 15, 'at most 15 lines');
  const snippets = readFileSync(new URL('../../../docs/snippets/js.md', import.meta.url), 'utf8');
  assert.ok(snippets.includes(sendExample) && snippets.includes(testingExample), 'docs/snippets/js.md has the same two snippets');

  const dir = mkdtempSync(join(tmpdir(), 'paysign-readme-'));
  const index = pathToFileURL(new URL('../src/index.js', import.meta.url).pathname).href;
  const runScript = (name, code, env = {}) => {
    const file = join(dir, name);
    writeFileSync(file, code.replaceAll("from 'paysign'", `from '${index}'`));
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [file], { env: { ...process.env, ...env }, timeout: 30_000 }, (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)));
    });
  };
  try {
    // The refund of a paid transaction: "00" and PayWay's JSON.
    await payway.send('purchase', { tran_id: 'T1001', amount: '5.00', currency: 'USD' });
    await mock.post('/__mock/transactions/T1001/approve');
    const sent = await runScript('send.mjs', sendExample, { PAYWAY_MERCHANT_ID: mock.merchantId, PAYWAY_API_KEY: mock.apiKey,
      PAYWAY_RSA_PUBLIC_KEY: mock.rsaPublicKey, PAYWAY_BASE_URL: mock.url });
    assert.match(sent, /^00 \{/);
    // 1.50 of 5.00 refunded: 4.00 more is beyond the paid amount, PTL37.
    const refused = await runScript('send.mjs', sendExample.replace("refund_amount: '1.50'", "refund_amount: '4.00'"), {
      PAYWAY_MERCHANT_ID: mock.merchantId, PAYWAY_API_KEY: mock.apiKey, PAYWAY_RSA_PUBLIC_KEY: mock.rsaPublicKey, PAYWAY_BASE_URL: mock.url });
    assert.match(refused, /^PTL37 declined the refund amount exceeds the original amount/);

    // The testing example, pointed at this mock and this receiver.
    const out = await runScript('testing.mjs', testingExample.replace('http://127.0.0.1:4010', mock.url)
      .replace('http://127.0.0.1:8080/payway/pushback', `${receiver.url}/payway/pushback`), { PAYWAY_RSA_PUBLIC_KEY: mock.rsaPublicKey });
    assert.equal(out.trim(), 'APPROVED');
    for (const who of ['the mock', 'signCallback']) {
      const pushback = await receiver.next();
      assert.equal(payway.verifyCallback(pushback.body, pushback.headers['x-payway-hmac-sha512']).tran_id, 'ORDER-1', who);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Answers the mock does not give, through a fetch of the test's own.
test('answers: a page over 1 MiB is decoded without its text, JSON over 1 MiB and anything over 8 MiB are transport_failed, an opaque redirect is 302', async () => {
  const stand = (make) => PayWay.load({ merchantId: 'ec000002', apiKey: 'TEST_ONLY_answers', baseUrl: 'http://127.0.0.1:9', fetch: async () => make() });
  const page = `<html>${'"quoted" '.repeat(200_000)}</html>`; // 1.8 MB, more once escaped as JSON
  const big = await (await stand(() => new Response(page, { status: 200 }))).send('exchange_rate', {});
  assert.deepEqual([big.ok, big.http_status, big.category], [true, 200, 'success']);
  assert.equal(big.value, page, 'the whole page as the value');
  const bigJSON = JSON.stringify({ status: { code: '00' }, data: 'x'.repeat(1_200_000) });
  const tooBig = await stand(() => new Response(bigJSON, { status: 200 }));
  const json = await tooBig.send('refund', { tran_id: 'T1', refund_amount: '1.00' }).catch((err) => err);
  assert.ok(json instanceof PaySignError && json.code === 'PTL04', 'refund needs the RSA key: refused before sending');
  const jsonQuery = await tooBig.send('exchange_rate', {}).catch((err) => err);
  assert.ok(jsonQuery instanceof PayWayTransportError, String(jsonQuery));
  assert.deepEqual([jsonQuery.code, jsonQuery.outcomeUnknown, jsonQuery.httpStatus], ['transport_failed', false, 200]);
  assert.match(jsonQuery.message, /too large for payway\.decode_response/);
  const huge = await (await stand(() => new Response(new Uint8Array(9 << 20).fill(0x20), { status: 200 }))).send('close_transaction', { tran_id: 'T1' }).catch((err) => err);
  assert.ok(huge instanceof PayWayTransportError);
  assert.deepEqual([huge.code, huge.outcomeUnknown], ['transport_failed', true]);
  assert.match(huge.message, /outcome is unknown/);
  // What a browser's fetch gives for redirect: 'manual'.
  const opaque = await (await stand(() => ({ type: 'opaqueredirect', status: 0, body: null, headers: new Headers() })))
    .send('link_card', { ctid: 'CTIDJS002', request_id: 'REQJS002', token_flag: '1', currency: 'USD' });
  assert.deepEqual([opaque.ok, opaque.http_status, opaque.location], [true, 302, undefined]);
  // A 4xx that is not JSON (a firewall's page): PayWay's verdict cannot be read (the core: body_malformed); nothing is guessed.
  const firewall = await stand(() => new Response('<html>Forbidden</html>', { status: 403 }));
  const html403 = await firewall.send('close_transaction', { tran_id: 'T1' }).catch((err) => err);
  assert.ok(html403 instanceof PayWayTransportError, String(html403));
  assert.deepEqual([html403.code, html403.httpStatus, html403.outcomeUnknown, html403.cause.code], ['body_malformed', 403, true, 'body_malformed']);
  assert.match(html403.message, /HTTP 403 with a body that is not PayWay's JSON.*outcome is unknown/);
});
