// Hardening in headless Chromium (issue 7): RSA encryption is randomized
// (two merchant_auth of one request differ, both decrypt to it), a module
// without a working random source fails loudly, and a 10 MB request gets
// request_too_large and leaves the instance working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useBrowser } from './harness.js';

const key = (name) => readFileSync(new URL(`../../../../internal/testkeys/${name}`, import.meta.url), 'utf8');

let page;
const env = useBrowser(async ({ server, browser }) => {
  page = await browser.newPage();
  await page.goto(`${server.origin}/bindings/js/test/browser/blank.html`);
});

test('Chromium: two encryptions of the same merchant_auth differ and both verify', async () => {
  const run = await page.evaluate(async ({ publicKey, privateKey }) => {
    const { load, PayWay } = await import('/bindings/js/src/index.js');
    const paysign = await load();
    const client = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_browser_key', rsaPublicKey: publicKey });
    const server = new PayWay(await load(), { merchantId: 'ec000002', apiKey: 'TEST_ONLY_browser_key', rsaPrivateKey: privateKey });
    const params = { tran_id: 'T1001', refund_amount: '1.50' };
    const signed = [1, 2, 3].map(() => client.sign('refund', params, { requestTime: '20261121093403' }));
    const auth = (s) => s.fields.find(([name]) => name === 'merchant_auth')[1];
    return {
      userAgent: navigator.userAgent,
      auths: signed.map(auth),
      verified: signed.map((s) => server.verify('refund', s.fields).merchant_auth_json),
      fresh: auth(new PayWay(await load(), { merchantId: 'ec000002', apiKey: 'k', rsaPublicKey: publicKey }).sign('refund', params, { requestTime: '20261121093403' })),
    };
  }, { publicKey: key('rsa1024_TEST_ONLY_public.pem'), privateKey: key('rsa1024_TEST_ONLY_private.pem') });
  assert.match(run.userAgent, /Chrome/);
  assert.equal(new Set([...run.auths, run.fresh]).size, 4, 'every merchant_auth differs (same instance and a fresh one)');
  for (const a of run.auths) assert.match(a, /^[A-Za-z0-9+/]{170}[A-Za-z0-9+/=]{2}$/);
  assert.deepEqual(run.verified, Array(3).fill('{"mc_id":"ec000002","tran_id":"T1001","refund_amount":1.5}'));
  assert.deepEqual(env.browser.errors, []);
});

test('Chromium: no random source, or one that breaks, fails loudly', async () => {
  const run = await page.evaluate(async ({ publicKey }) => {
    const { PaySign, PayWay } = await import('/bindings/js/src/index.js');
    const { moduleImports, initialize } = await import('/bindings/js/src/paysign.js');
    const module = await WebAssembly.compileStreaming(fetch('/build/paysign.wasm'));
    const instantiate = async (getRandomValues) => {
      let memory;
      const instance = await WebAssembly.instantiate(module, moduleImports(module, () => memory, { getRandomValues, stderr: () => {} }));
      memory = instance.exports.memory;
      initialize(instance.exports);
      return new PaySign(instance.exports, 'option');
    };
    const outcome = async (fn) => {
      try {
        await fn();
        return 'ok';
      } catch (err) {
        return `${err.name}${err.code ? `:${err.code}` : ''}: ${err.message}`;
      }
    };
    // The plain module fails at _initialize (the Go runtime's seeds), the
    // pre-initialized one at its first encryption: never with predictable padding.
    const none = await outcome(async () => new PayWay(await instantiate(undefined), { merchantId: 'ec000002', apiKey: 'k', rsaPublicKey: publicKey })
      .sign('refund', { tran_id: 'T1', refund_amount: '1.50' }));
    let broken = false;
    const paysign = await instantiate((bytes) => {
      if (broken) throw new Error('random source broken');
      return crypto.getRandomValues(bytes);
    });
    const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'k', rsaPublicKey: publicKey });
    const before = await outcome(() => payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }));
    broken = true;
    const after = await outcome(() => payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }));
    // load() itself refuses a runtime without crypto.getRandomValues, whichever module it loads.
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    const { load } = await import('/bindings/js/src/index.js');
    const loadNone = await outcome(() => load({ wasm: module }));
    Object.defineProperty(globalThis, 'crypto', saved);
    return { none, before, after, loadNone };
  }, { publicKey: key('rsa1024_TEST_ONLY_public.pem') });
  assert.match(run.none, /no cryptographically secure random source/);
  assert.match(run.loadNone, /^Error: paysign: no cryptographically secure random source/);
  assert.equal(run.before, 'ok');
  assert.match(run.after, /^PaySignError:internal: .*random source broken/);
});

test('Chromium: a 10 MB request gets request_too_large and the instance keeps working', async () => {
  const run = await page.evaluate(async () => {
    const { load } = await import('/bindings/js/src/index.js');
    const paysign = await load();
    const start = performance.now();
    const envelope = JSON.parse(paysign.callRaw('payway.sign', `{"tran_id":"${'T'.repeat(10 << 20)}"}`));
    const ms = performance.now() - start;
    return { code: envelope.error?.code, ms, next: paysign.call('paysign.version').abi_version };
  });
  assert.equal(run.code, 'request_too_large');
  assert.equal(run.next, 1);
  assert.ok(run.ms < 2000, `${run.ms} ms`);
});
