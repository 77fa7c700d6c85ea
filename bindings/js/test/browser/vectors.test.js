// Every vector in headless Chromium, through the package as a browser loads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './harness.js';
import { readVectorFiles } from '../vector-files.js';
import { vectorCases } from '../vector-runner.js';

const env = useBrowser();

test('every vector passes in Chromium', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.origin}/bindings/js/test/browser/vectors.html`);
  await page.waitForFunction(() => window.paysignResults !== undefined, null, { timeout: 60_000 });
  const run = await page.evaluate(() => window.paysignResults);
  assert.equal(run.error, undefined, run.error);
  assert.equal(run.location, 'repository');
  assert.equal(run.hostCrypto, null, 'browsers use the module\'s own Go crypto');
  assert.equal(run.results.length, vectorCases(readVectorFiles()).length, 'the page ran every vector');
  const failed = run.results.filter((r) => !r.ok);
  assert.deepEqual(failed, [], failed.map((r) => `${r.name}: ${r.message}`).join('\n'));
  assert.deepEqual(env.browser.errors, []);
  console.log(`chromium: ${run.results.length} vectors pass (${await page.evaluate(() => navigator.userAgent)})`);
});

test('the page really fails on a mismatch', async () => {
  // Same page, but the module's answers are tampered with before the runner sees them.
  const page = await env.browser.newPage();
  await page.route('**/bindings/js/src/index.js', async (route) => {
    const response = await route.fetch();
    const text = (await response.text()).replace('return text;', 'return text.replace(/"ok":true/, \'"ok":true,"tampered":1\').replace(\'"abi_version":1\', \'"abi_version":2\');');
    await route.fulfill({ response, body: text });
  });
  await page.goto(`${env.server.origin}/bindings/js/test/browser/vectors.html`);
  await page.waitForFunction(() => window.paysignResults !== undefined, null, { timeout: 60_000 });
  const run = await page.evaluate(() => window.paysignResults);
  assert.ok(run.results.some((r) => !r.ok && /abi_version/.test(r.message)), 'a tampered value is reported as a mismatch');
});
