// The doctor page in headless Chromium: a real fill-and-click with a
// deliberately swapped field order, and a screenshot in build/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useBrowser } from './harness.js';

const screenshot = fileURLToPath(new URL('../../../../build/doctor.png', import.meta.url));
const apiKey = 'TEST_ONLY_doctor_browser_key';
const env = useBrowser();

test('the doctor flags a swapped field order', async () => {
  const page = await env.browser.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${env.server.origin}/bindings/js/doctor/index.html`);
  await page.getByRole('status').filter({ hasText: 'ready' }).waitFor();

  // The integrator hashed tran_id before merchant_id, in the order they sent them.
  const body = { req_time: '20261121093403', tran_id: 'T1001', merchant_id: 'ec000002' };
  body.hash = createHmac('sha512', apiKey).update(body.req_time + body.tran_id + body.merchant_id).digest('base64');
  await page.selectOption('#operation', 'check_transaction');
  await page.fill('#sent', JSON.stringify(body, null, 2));
  await page.fill('#api-key', apiKey);
  await page.click('#diagnose');

  const finding = page.locator('#findings li[data-kind="order"]');
  await finding.waitFor();
  assert.match(await finding.innerText(), /Wrong field order.*you have tran_id, PayWay expects merchant_id/s);
  assert.equal(await page.locator('#findings li').count(), 1);
  assert.equal(await page.locator('#paysign-input mark').innerText(), 'e', 'first difference marked in paysign\'s input (merchant_id)');
  assert.equal(await page.locator('#their-input-out mark').innerText(), 'T', 'and in theirs (tran_id)');
  assert.match(await page.locator('#paysign-where').innerText(), /character 15, inside merchant_id/);
  assert.equal(await page.locator('#status').innerText(), 'hash differs (check_transaction)');

  mkdirSync(fileURLToPath(new URL('../../../../build/', import.meta.url)), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });

  // Fixing the order makes it right.
  body.hash = createHmac('sha512', apiKey).update(body.req_time + body.merchant_id + body.tran_id).digest('base64');
  await page.fill('#sent', JSON.stringify(body));
  await page.click('#diagnose');
  await page.locator('#findings li[data-kind="ok"]').waitFor();
  assert.equal(await page.locator('#status').innerText(), 'hash matches (check_transaction)');

  // The operation read from a pasted curl command, with no operation chosen.
  const curl = `curl -sS -X POST 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2' \\\n  -H 'Content-Type: application/json' --data-raw '${JSON.stringify(body)}'`;
  await page.selectOption('#operation', '');
  await page.fill('#sent', curl);
  await page.click('#diagnose');
  await page.locator('#findings li[data-kind="ok"]').waitFor();
  assert.equal(await page.locator('#status').innerText(), 'hash matches (check_transaction)');

  // One name=value per line, the classic 1.5 for 1.50, and a hash with a '+' that must stay a '+'.
  let lines;
  for (let s = 0; s < 60 && !lines; s++) {
    const time = `202611210934${String(s).padStart(2, '0')}`;
    const hash = createHmac('sha512', apiKey).update(`${time}ec000002T11.5USD`).digest('base64');
    if (hash.includes('+')) lines = `req_time=${time}\nmerchant_id=ec000002\ntran_id=T1\namount=1.5\ncurrency=USD\nhash=${hash}`;
  }
  await page.selectOption('#operation', 'purchase');
  await page.fill('#sent', lines);
  await page.click('#diagnose');
  await page.locator('#findings li[data-kind="amount"]').waitFor();
  assert.equal(await page.locator('#findings li').count(), 1);

  // Nothing left the page: only same-origin loads of the page itself and paysign.wasm.
  assert.ok(requests.every((url) => url.startsWith(env.server.origin)), requests.join('\n'));
  assert.ok(!requests.some((url) => url.includes(apiKey) || url.includes('T1001')), 'no form data in any request');
  assert.deepEqual(env.browser.errors, []);
});
