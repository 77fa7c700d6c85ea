// Credentials handles (issue 14.2): a PayWay opens one on first use, reuses
// it, closes it on close() / Symbol.dispose / garbage collection, refuses use
// after close, and never sends it to another module instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { load, PaySignError, PayWay } from '../src/index.js';
import { catchError } from './assertions.js';

const wasmPath = process.env.PAYSIGN_WASM || fileURLToPath(new URL('../../../build/paysign.wasm', import.meta.url));
const wasmModule = await WebAssembly.compile(readFileSync(wasmPath));
const key = (name) => readFileSync(new URL(`../../../internal/testkeys/${name}`, import.meta.url), 'utf8');
const PUBLIC_KEY = key('rsa1024_TEST_ONLY_public.pem');
const PRIVATE_KEY = key('rsa1024_TEST_ONLY_private.pem');
const at = { requestTime: '20261121093403' };
const hmac = (apiKey, text) => createHmac('sha512', apiKey).update(text).digest('base64');

/** A PaySign whose calls are recorded as [op, request text]. */
async function recorded() {
  const paysign = await load({ wasm: wasmModule });
  const calls = [];
  return { paysign, calls, spy: { call: (op, request) => { calls.push([op, request]); return paysign.call(op, request); } } };
}

const handleOf = (request) => JSON.parse(request).credentials?.handle;

test('one handle per PayWay, opened on first use and reused by every op', async () => {
  const { paysign, calls, spy } = await recorded();
  const payway = new PayWay(spy, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_reuse', rsaPublicKey: PUBLIC_KEY, rsaPrivateKey: PRIVATE_KEY });
  assert.equal(calls.length, 0, 'constructing opens nothing');
  const refund = payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }, at);
  payway.sign('check_transaction', { tran_id: 'T1' }, at);
  assert.equal(payway.verify('refund', refund.fields).merchant_auth_json, refund.merchant_auth_json);
  const callback = payway.signCallback('{"tran_id":"T1","apv":"123456","status":"0"}');
  assert.equal(payway.verifyCallback(callback.body, callback.signature).tran_id, 'T1');
  assert.deepEqual(calls.map(([op]) => op), ['paysign.open_credentials', 'payway.sign', 'payway.sign', 'payway.verify', 'payway.sign_callback', 'payway.verify_callback']);
  const handles = new Set(calls.slice(1).map(([, request]) => handleOf(request)));
  assert.equal(handles.size, 1);
  // A second PayWay on the same instance has its own.
  const other = new PayWay(paysign, { merchantId: 'ec000003', apiKey: 'TEST_ONLY_other' });
  assert.equal(other.sign('check_transaction', { tran_id: 'T1' }, at).hash, hmac('TEST_ONLY_other', '20261121093403ec000003T1'));
  assert.equal(payway.sign('check_transaction', { tran_id: 'T1' }, at).hash, hmac('TEST_ONLY_reuse', '20261121093403ec000002T1'));
  // A bad key fails when the handle is opened, with its field, and keeps failing.
  const bad = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_bad', rsaPublicKey: 'TEST_ONLY_not_a_key' });
  for (let i = 0; i < 2; i++) {
    const err = catchError(() => bad.sign('check_transaction', { tran_id: 'T1' }));
    assert.deepEqual([err.code, err.field], ['invalid_key', 'credentials.rsa_public_key']);
    assert.ok(!err.message.includes('TEST_ONLY_not_a_key') && !err.message.includes('TEST_ONLY_bad'));
  }
});

test('close() closes the handle; any use afterwards is PaySignError "closed"; Symbol.dispose closes too', async () => {
  const { paysign, calls, spy } = await recorded();
  const payway = new PayWay(spy, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_close', rsaPublicKey: PUBLIC_KEY });
  payway.sign('check_transaction', { tran_id: 'T1' }, at);
  const handle = handleOf(calls[1][1]);
  assert.equal(payway.closed, false);
  payway.close();
  assert.equal(payway.closed, true);
  assert.deepEqual(calls.at(-1), ['paysign.close_credentials', `{"handle":${handle}}`]);
  payway.close(); // a second close does nothing
  assert.equal(calls.filter(([op]) => op === 'paysign.close_credentials').length, 1);
  // The module has forgotten it.
  const raw = catchError(() => paysign.call('payway.sign', { operation: 'check_transaction', credentials: { handle }, params: { tran_id: 'T1' } }));
  assert.equal(raw.code, 'unknown_handle');
  // Every use that needs the credentials.
  const uses = {
    sign: () => payway.sign('check_transaction', { tran_id: 'T1' }),
    verify: () => payway.verify('refund', {}),
    signCallback: () => payway.signCallback('{}'),
    verifyCallback: () => payway.verifyCallback('{}', 'x'),
  };
  for (const [name, use] of Object.entries(uses)) {
    const err = catchError(use);
    assert.ok(err instanceof PaySignError, name);
    assert.equal(err.code, 'closed', name);
  }
  await assert.rejects(payway.send('check_transaction', { tran_id: 'T1' }), (err) => err instanceof PaySignError && err.code === 'closed');
  const before = calls.length;
  catchError(uses.sign);
  assert.equal(calls.length, before, 'a closed PayWay does not reopen');
  // What needs no credentials still works; so does what it shows of itself.
  assert.ok(payway.catalog().operations.length > 20);
  assert.equal(payway.decodeResponse('refund', 200, '{"status":{"code":"00"}}').ok, true);
  assert.deepEqual(payway.toJSON(), { merchantId: 'ec000002', environment: 'sandbox' });
  assert.equal(payway.merchantId, 'ec000002');
  // A PayWay closed before it was used opens nothing.
  const unused = new PayWay(spy, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_unused' });
  const count = calls.length;
  unused.close();
  assert.equal(calls.length, count);
  // Symbol.dispose (`using payway = ...` in TypeScript 5.2+ and newer JavaScript).
  assert.equal(typeof Symbol.dispose, 'symbol');
  const disposable = new PayWay(spy, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_dispose' });
  disposable.sign('check_transaction', { tran_id: 'T1' });
  disposable[Symbol.dispose]();
  assert.equal(disposable.closed, true);
  assert.equal(calls.at(-1)[0], 'paysign.close_credentials');
});

test('a handle closed behind the PayWay\'s back is reopened once', async () => {
  const { paysign, calls, spy } = await recorded();
  const payway = new PayWay(spy, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_reopen' });
  payway.sign('check_transaction', { tran_id: 'T1' }, at);
  const first = handleOf(calls[1][1]);
  paysign.call('paysign.close_credentials', { handle: first });
  assert.equal(payway.sign('check_transaction', { tran_id: 'T1' }, at).hash, hmac('TEST_ONLY_reopen', '20261121093403ec000002T1'));
  const opened = calls.filter(([op]) => op === 'paysign.open_credentials').length;
  assert.equal(opened, 2);
  assert.notEqual(handleOf(calls.at(-1)[1]), first);
});

test('handles belong to their instance: two instances number theirs alike, each PayWay signs with its own key', async () => {
  const a = await recorded();
  const b = await recorded();
  const left = new PayWay(a.spy, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_instance_a' });
  const right = new PayWay(b.spy, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_instance_b' });
  const l = left.sign('check_transaction', { tran_id: 'T1' }, at);
  const r = right.sign('check_transaction', { tran_id: 'T1' }, at);
  assert.equal(handleOf(a.calls[1][1]), handleOf(b.calls[1][1]), 'the same number in both instances');
  assert.equal(l.hash, hmac('TEST_ONLY_instance_a', l.hash_input));
  assert.equal(r.hash, hmac('TEST_ONLY_instance_b', r.hash_input));
  assert.equal(b.calls.length, 2);
  assert.equal(a.calls.length, 2);
});

test('at most 4096 handles per instance: too_many_handles, and closing makes room', async () => {
  const paysign = await load({ wasm: wasmModule });
  const open = [];
  for (let i = 0; i < 4096; i++) {
    const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_many' });
    payway.catalog(); // no handle
    payway.signCallback('{}');
    open.push(payway);
  }
  const extra = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_many' });
  assert.equal(catchError(() => extra.sign('check_transaction', { tran_id: 'T1' })).code, 'too_many_handles');
  open.pop().close();
  assert.equal(extra.sign('check_transaction', { tran_id: 'T1' }).operation, 'check_transaction');
  for (const payway of open) payway.close();
});

test('a PayWay collected without close() has its handle closed (FinalizationRegistry; node --expose-gc)', async () => {
  const child = fileURLToPath(new URL('./handle-child.js', import.meta.url));
  const stdout = await new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', child], { env: { ...process.env, PAYSIGN_WASM: wasmPath }, timeout: 60_000 }, (err, out, errOut) => {
      if (err) reject(new Error(`${err.message}\n${errOut}`));
      else resolve(out);
    });
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1));
  assert.equal(result.dropped.length, 20);
  assert.deepEqual(result.closed, [...result.dropped].sort((x, y) => x - y), 'every dropped PayWay\'s handle was closed');
  assert.deepEqual(result.stillOpen, []);
  assert.equal(result.keptWorks, 'check_transaction', 'a PayWay still referenced keeps its handle');
});

test('worker_threads: each thread\'s instance numbers its own handles', async () => {
  const runs = await Promise.all([0, 1, 2].map((n) => new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./handle-worker.js', import.meta.url), { workerData: { module: wasmModule, tag: `w${n}` } });
    const timer = setTimeout(() => { worker.terminate(); reject(new Error(`worker ${n} timed out`)); }, 60_000);
    worker.once('message', (message) => { clearTimeout(timer); worker.terminate(); resolve(message); });
    worker.once('error', (err) => { clearTimeout(timer); reject(err); });
  })));
  for (const run of runs) {
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(run.handles, [1, 2, 3], 'handles 1, 2, 3 in every worker: numbered per instance');
  }
});
