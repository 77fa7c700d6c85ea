import { test, before } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { load } from '../src/index.js';
import { diagnose, parseSent, toPayWayTime, firstDifference, requestURL, operationFor } from '../doctor/diagnose.js';

const apiKey = 'TEST_ONLY_doctor_api_key';
const mac = (text) => createHmac('sha512', apiKey).update(text).digest('base64');
let paysign;
let catalog;
before(async () => {
  paysign = await load();
  catalog = paysign.call('payway.catalog', {});
});
const op = (name) => catalog.operations.find((o) => o.name === name);
const kinds = (report) => report.findings.map((f) => f.kind);

test('parseSent reads JSON, form fields and curl commands in send order', () => {
  assert.deepEqual(parseSent('{"b":"2","a":1.5}'), { format: 'json', fields: [['b', '2'], ['a', '1.5']] });
  assert.deepEqual(parseSent('b=2&a=x+y%26z'), { format: 'form', fields: [['b', '2'], ['a', 'x y&z']] });
  assert.deepEqual(parseSent('b: 2\na=3').fields, [['b', '2'], ['a', '3']]);
  const curl = `curl -X POST 'https://checkout-sandbox.payway.com.kh/x' \\\n  -H 'Content-Type: multipart/form-data' \\\n  -F "req_time=20261121093403" -F 'tran_id=T 1' --form "return_url=https://a.example/?a=1&b=\\"2\\""`;
  assert.deepEqual(parseSent(curl), { format: 'curl', fields: [['req_time', '20261121093403'], ['tran_id', 'T 1'], ['return_url', 'https://a.example/?a=1&b="2"']] });
  assert.deepEqual(parseSent(`curl -d '{"a":"1"}' https://x`).fields, [['a', '1']]);
  assert.throws(() => parseSent('{"a":'), /does not parse/);
});

test('toPayWayTime and firstDifference', () => {
  assert.equal(toPayWayTime('20261121093403'), '20261121093403');
  assert.equal(toPayWayTime('2026-11-21T09:34:03Z'), '20261121093403');
  assert.equal(toPayWayTime('2026-11-21 16:34:03+07:00'), '20261121093403');
  assert.equal(toPayWayTime('yesterday'), '');
  assert.equal(firstDifference('abc', 'abc'), -1);
  assert.equal(firstDifference('abXc', 'abc'), 2);
  assert.equal(firstDifference('ab', 'abc'), 2);
});

test('a correct request is confirmed', async () => {
  const body = { req_time: '20261121093403', merchant_id: 'ec000002', tran_id: 'T1001' };
  body.hash = mac(body.req_time + body.merchant_id + body.tran_id);
  const report = await diagnose({ paysign, operation: op('check_transaction'), sentText: JSON.stringify(body), apiKey });
  assert.equal(report.matches, true);
  assert.deepEqual(kinds(report), ['ok']);
  assert.equal(report.firstDifference, -1);
});

test('swapped field order is found', async () => {
  const body = { req_time: '20261121093403', tran_id: 'T1001', merchant_id: 'ec000002' };
  body.hash = mac(body.req_time + body.tran_id + body.merchant_id);
  const report = await diagnose({ paysign, operation: op('check_transaction'), sentText: JSON.stringify(body), apiKey });
  assert.equal(report.matches, false);
  assert.equal(report.theirs.how, 'sent order');
  assert.deepEqual(kinds(report), ['order']);
  assert.match(report.findings[0].detail, /position 2: you have tran_id, PayWay expects merchant_id/);
  assert.equal(report.firstDifference, 14);
});

test('base64 missing, amount text and time format are found', async () => {
  const sent = [['req_time', '2026-11-21T09:34:03Z'], ['merchant_id', 'ec000002'], ['tran_id', 'T1'], ['amount', '1.5'], ['return_url', 'https://shop.example/cb'], ['currency', 'USD']];
  const form = sent.map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('&');
  const hash = mac(sent.map(([, v]) => v).join(''));
  const report = await diagnose({ paysign, operation: op('purchase'), sentText: `${form}&hash=${encodeURIComponent(hash)}`, apiKey });
  assert.deepEqual(kinds(report).sort(), ['amount', 'base64', 'time']);
  assert.equal(report.paysign.input, '20261121093403ec000002T11.50aHR0cHM6Ly9zaG9wLmV4YW1wbGUvY2I=USD');
  assert.equal(report.theirs.input, sent.map(([, v]) => v).join(''));
  assert.ok(!JSON.stringify(report).includes(apiKey), 'the report never contains the API key');
});

test('a hex hash where base64 is wanted, and an unknown key', async () => {
  const body = { req_time: '20261121093403', merchant_id: 'ec000002', tran_id: 'T1001' };
  body.hash = createHmac('sha512', apiKey).update(body.req_time + body.merchant_id + body.tran_id).digest('hex');
  const report = await diagnose({ paysign, operation: op('check_transaction'), sentText: JSON.stringify(body), apiKey });
  assert.deepEqual(kinds(report), ['encoding']);
  const other = await diagnose({ paysign, operation: op('check_transaction'), sentText: JSON.stringify(body), apiKey: 'another key' });
  assert.deepEqual(kinds(other), ['unknown']);
});

test('the operation is read from a pasted URL or curl line', async () => {
  const url = 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/purchase';
  assert.equal(requestURL(`curl -X POST '${url}' -F 'a=1'`), url);
  assert.equal(requestURL(`POST ${url}\n{"a":"1"}`), url);
  assert.equal(requestURL('{"a":"1"}'), '');
  assert.equal(operationFor(catalog, url, [['tran_id', 'T1'], ['amount', '1.00']]).name, 'purchase');
  assert.equal(operationFor(catalog, url, [['tran_id', 'T1'], ['ctid', 'CT12345'], ['token_flag', 'CITR_FIX'], ['frequency', '1M']]).name, 'subscription');
  // One field only a subscription takes is enough (as the mock decides).
  assert.equal(operationFor(catalog, url, [['tran_id', 'T1'], ['amount', '1.00'], ['ctid', 'CT12345']]).name, 'subscription');
  assert.equal(operationFor(catalog, url, [['tran_id', 'T1'], ['amount', '1.00'], ['token_flag', 'CITR_FIX']]).name, 'subscription');
  assert.equal(operationFor(catalog, 'https://example.com/nope', []), null);
  assert.deepEqual(parseSent(`POST ${url}\n{"b":"2"}`).fields, [['b', '2']]);

  const body = { request_time: '20261121093403', merchant_id: 'ec000002', merchant_auth: 'AAAA' };
  body.hash = mac(body.request_time + body.merchant_id + body.merchant_auth);
  const refundURL = 'https://checkout-sandbox.payway.com.kh/api/merchant-portal/merchant-access/online-transaction/refund';
  const report = await diagnose({ paysign, catalog, sentText: `POST ${refundURL}\n${JSON.stringify(body)}`, apiKey });
  assert.equal(report.operation, 'refund');
  assert.equal(report.operationFrom, 'url');
  assert.equal(report.verdict, 'ok');
  await assert.rejects(diagnose({ paysign, catalog, sentText: JSON.stringify(body), apiKey }), /choose the operation/);
});

// A right hash over values PayWay refuses is not "hash matches".
test('a matching hash over rejected values is not reported as right', async () => {
  const body = { req_time: '20261121093403', merchant_id: 'ec000002', tran_id: 'T 1001' };
  body.hash = mac(body.req_time + body.merchant_id + body.tran_id);
  const report = await diagnose({ paysign, operation: op('check_transaction'), sentText: JSON.stringify(body), apiKey });
  assert.equal(report.matches, true);
  assert.equal(report.verdict, 'values rejected');
  assert.ok(kinds(report).includes('validation'));
  assert.ok(!kinds(report).includes('ok'));
});

// make doctor: the page, the package and the module from 127.0.0.1 only.
test('scripts/serve.js serves the doctor on 127.0.0.1', async () => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../scripts/serve.js', import.meta.url)), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = await once(child.stdout, 'data');
    const url = String(line).match(/http:\/\/127\.0\.0\.1:\d+\/bindings\/js\/doctor\/index\.html/)?.[0];
    assert.ok(url, String(line));
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Wrong Hash/);
    const wasm = await fetch(new URL('/build/paysign.wasm', url));
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal((await fetch(new URL('/etc/passwd', url))).status, 404);
    assert.equal((await fetch(new URL('/bindings/js/../../Makefile', url))).status, 404);
  } finally {
    child.kill();
  }
});
