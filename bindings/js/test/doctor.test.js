import { test, before } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { load } from '../src/index.js';

const apiKey = 'TEST_ONLY_doctor_api_key';
const mac = (text) => createHmac('sha512', apiKey).update(text).digest('base64');
let paysign;
before(async () => {
  paysign = await load();
});

// The diagnosis itself is the core's (core/payway/doctor_test.go); here,
// what the page calls gives it through the WebAssembly module.
test('payway.diagnose through the module: a swapped order, the API key never in the report', () => {
  const body = { req_time: '20261121093403', tran_id: 'T1001', merchant_id: 'ec000002' };
  body.hash = mac(body.req_time + body.tran_id + body.merchant_id);
  const report = paysign.call('payway.diagnose', { text: JSON.stringify(body), operation: 'check_transaction', credentials: { api_key: apiKey } });
  assert.equal(report.verdict, 'hash differs');
  assert.deepEqual(report.findings.map((f) => f.kind), ['order']);
  assert.match(report.findings[0].detail, /position 2: you have tran_id, PayWay expects merchant_id/);
  assert.equal(report.first_difference, 14);
  assert.equal(report.expected.input, '20261121093403ec000002T1001');
  assert.ok(!JSON.stringify(report).includes(apiKey));
});

// One name=value per line keeps a '+' of the pasted hash (the page used to
// read it as a space and could not reproduce a hash of a classic 1.5/1.50).
test('payway.diagnose: one name=value per line, a hash with "+"', () => {
  for (let s = 0; s < 60; s++) {
    const time = `202611210934${String(s).padStart(2, '0')}`;
    const hash = mac(`${time}ec000002T11.5USD`);
    if (!hash.includes('+')) continue;
    const text = `req_time=${time}\nmerchant_id=ec000002\ntran_id=T1\namount=1.5\ncurrency=USD\nhash=${hash}`;
    const report = paysign.call('payway.diagnose', { text, operation: 'purchase', credentials: { api_key: apiKey } });
    assert.deepEqual(report.findings.map((f) => f.kind), ['amount']);
    assert.equal(report.theirs.how, 'sent values, PayWay order');
    return;
  }
  assert.fail('no request time gave a hash with "+"');
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
