import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load, PaySign, PaySignError, PayWay, ABI_VERSION } from '../src/index.js';
import { wasiImports, WasiExit, errno } from '../src/wasi.js';
import { catchError } from './assertions.js';

const wasmPath = process.env.PAYSIGN_WASM || fileURLToPath(new URL('../../../build/paysign.wasm', import.meta.url));
const wasmBytes = readFileSync(wasmPath);
const key = (name) => readFileSync(new URL(`../../../testvectors/keys/${name}`, import.meta.url), 'utf8');
const API_KEY = 'TEST_ONLY_js_binding_api_key_0123456789';
const merchant = { merchantId: 'ec000002', apiKey: API_KEY, rsaPublicKey: key('rsa1024_TEST_ONLY_public.pem') };

test('load() accepts bytes, a compiled module, a path and a file URL', async () => {
  const sources = [wasmBytes, new Uint8Array(wasmBytes).buffer, await WebAssembly.compile(wasmBytes), wasmPath, pathToFileURL(wasmPath), pathToFileURL(wasmPath).href];
  for (const wasm of sources) {
    const paysign = await load({ wasm });
    assert.equal(paysign.location, 'option');
    assert.equal(paysign.abiVersion, ABI_VERSION);
    assert.equal(paysign.call('paysign.version').abi_version, ABI_VERSION);
  }
});

test('load() order: option, then PAYSIGN_WASM, then the repository build', async () => {
  const saved = process.env.PAYSIGN_WASM;
  try {
    process.env.PAYSIGN_WASM = wasmPath;
    assert.equal((await load()).location, 'env');
    assert.equal((await load({ wasm: wasmBytes })).location, 'option');
    process.env.PAYSIGN_WASM = '/nonexistent/paysign.wasm';
    await assert.rejects(load(), /ENOENT|no such file/);
    delete process.env.PAYSIGN_WASM;
    assert.equal((await load()).location, 'repository');
  } finally {
    if (saved === undefined) delete process.env.PAYSIGN_WASM;
    else process.env.PAYSIGN_WASM = saved;
  }
});

test('load() rejects something that is not paysign.wasm', async () => {
  await assert.rejects(load({ wasm: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) }), (err) => err instanceof PaySignError && err.code === 'misuse');
  await assert.rejects(load({ wasm: 42 }), TypeError);
});

test('an error envelope becomes a PaySignError with code, message and field', async () => {
  const paysign = await load({ wasm: wasmBytes });
  const err = catchError(() => paysign.call('payway.sign', {
    operation: 'refund',
    credentials: { merchant_id: 'ec000002', api_key: API_KEY, rsa_public_key: merchant.rsaPublicKey },
    params: { refund_amount: '1.50' },
    request_time: '20261121093403',
  }));
  assert.ok(err instanceof PaySignError);
  assert.equal(err.code, 'PTL04');
  assert.equal(err.field, 'params.tran_id');
  assert.match(err.message, /tran_id/);
  assert.doesNotMatch(err.message + err.stack, new RegExp(API_KEY));

  const unknown = catchError(() => paysign.call('no.such.op', {}));
  assert.equal(unknown.code, 'unknown_op');
  assert.equal(unknown.field, '');
});

test('test.panic comes back as code internal and the instance keeps working', async () => {
  const paysign = await load({ wasm: wasmBytes });
  for (let i = 0; i < 3; i++) {
    assert.equal(catchError(() => paysign.call('test.panic', {})).code, 'internal');
    assert.equal(paysign.call('paysign.version', {}).abi_version, ABI_VERSION);
  }
});

test('requests as object, string and bytes are the same call', async () => {
  const paysign = await load({ wasm: wasmBytes });
  const a = paysign.callRaw('paysign.version', {});
  assert.equal(paysign.callRaw('paysign.version', '{}'), a);
  assert.equal(paysign.callRaw('paysign.version', new TextEncoder().encode('{}')), a);
});

test('memory growth during a call does not break later calls', async () => {
  const paysign = await load({ wasm: wasmBytes });
  const huge = JSON.stringify({ padding: 'x'.repeat(3 << 20) }); // grows memory; over the 1 MiB limit
  assert.equal(catchError(() => paysign.call('paysign.version', huge)).code, 'request_too_large');
  const payway = new PayWay(paysign, merchant);
  const signed = payway.sign('refund', { tran_id: 'T1001', refund_amount: '1.50' }, { requestTime: '20261121093403' });
  assert.equal(signed.hash.length, 88);
});

test('PayWay.sign: refund', async () => {
  const payway = await PayWay.load({ ...merchant, wasm: wasmBytes });
  const signed = payway.sign('refund', { tran_id: 'T1001', refund_amount: '1.50' }, { requestTime: '20261121093403' });
  assert.equal(signed.operation, 'refund');
  assert.equal(signed.method, 'POST');
  assert.equal(signed.url, 'https://checkout-sandbox.payway.com.kh/api/merchant-portal/merchant-access/online-transaction/refund');
  assert.deepEqual(signed.fields.map(([name]) => name), ['request_time', 'merchant_id', 'merchant_auth', 'hash']);
  assert.equal(signed.merchant_auth_json, '{"mc_id":"ec000002","tran_id":"T1001","refund_amount":1.5}');
  assert.deepEqual(JSON.parse(signed.body), Object.fromEntries(signed.fields));

  // The hash is HMAC-SHA512 over hash_input, checked with Node's own crypto.
  const { createHmac } = await import('node:crypto');
  assert.equal(signed.hash, createHmac('sha512', API_KEY).update(signed.hash_input).digest('base64'));

  // RSA encryption is randomized: two signatures of one request differ.
  const again = payway.sign('refund', { tran_id: 'T1001', refund_amount: '1.50' }, { requestTime: '20261121093403' });
  assert.notEqual(again.fields[2][1], signed.fields[2][1]);

  // And PayWay's side (payway.verify with the private key) reads it back.
  const server = new PayWay(await load({ wasm: wasmBytes }), { ...merchant, rsaPrivateKey: key('rsa1024_TEST_ONLY_private.pem') });
  const verified = server.verify('refund', signed.fields);
  assert.equal(verified.merchant_auth_json, signed.merchant_auth_json);
  assert.equal(catchError(() => server.verify('refund', signed.fields.map(([n, v]) => [n, n === 'hash' ? again.hash : v]))).code, 'PTL02');
});

test('PayWay.sign: environment option and default request time', async () => {
  const payway = await PayWay.load({ ...merchant, environment: 'production', wasm: wasmBytes });
  const signed = payway.sign('check_transaction', { tran_id: 'T1001' });
  assert.match(signed.url, /^https:\/\/checkout\.payway\.com\.kh\//);
  const time = signed.fields.find(([n]) => n === 'req_time')[1];
  assert.match(time, /^20\d{12}$/);
  assert.ok(Math.abs(Date.parse(time.replace(/^(....)(..)(..)(..)(..)(..)$/, '$1-$2-$3T$4:$5:$6Z')) - Date.now()) < 120_000, 'default time is now, UTC');
  assert.match(payway.sign('check_transaction', { tran_id: 'T1' }, { environment: 'sandbox' }).url, /checkout-sandbox/);
});

test('PayWay never shows the API key', async () => {
  const payway = await PayWay.load({ ...merchant, wasm: wasmBytes });
  assert.doesNotMatch(inspect(payway, { depth: 5, showHidden: true }), new RegExp(API_KEY));
  assert.doesNotMatch(JSON.stringify(payway), new RegExp(API_KEY));
  assert.equal(payway.merchantId, 'ec000002');
  const err = catchError(() => payway.sign('refund', { tran_id: 'T 1', refund_amount: 'one' }));
  assert.doesNotMatch(`${err.message} ${err.field} ${err.stack}`, new RegExp(API_KEY));
});

test('PayWay.catalog lists every operation of the generated types', async () => {
  const payway = await PayWay.load({ ...merchant, wasm: wasmBytes });
  const names = payway.catalog().operations.map((op) => op.name);
  const generated = readFileSync(new URL('../src/payway-operations.d.ts', import.meta.url), 'utf8');
  for (const name of names) assert.match(generated, new RegExp(`^  ${name}: \\{$`, 'm'));
  assert.ok(names.includes('refund') && names.length >= 24);
});

test('WASI shim: random_get without a CSPRNG throws, never falls back', async () => {
  const module = await WebAssembly.compile(wasmBytes);
  const memory = new WebAssembly.Memory({ initial: 2 });
  const wasi = wasiImports(module, () => memory, { getRandomValues: undefined, stderr: () => {} }).wasi_snapshot_preview1;
  assert.throws(() => wasi.random_get(0, 16), /no cryptographically secure random source/);

  const seen = [];
  const withRandom = wasiImports(module, () => memory, { getRandomValues: (b) => { seen.push(b.length); return crypto.getRandomValues(b); }, stderr: () => {} }).wasi_snapshot_preview1;
  assert.equal(withRandom.random_get(100, 70000), errno.ESUCCESS);
  assert.deepEqual(seen, [65536, 70000 - 65536]);
  assert.notDeepEqual(new Uint8Array(memory.buffer, 100, 32), new Uint8Array(32));
  assert.notDeepEqual(new Uint8Array(memory.buffer, 70000, 32), new Uint8Array(32));
  assert.throws(() => withRandom.random_get(2 * 65536 - 8, 16), RangeError, 'never fills less than asked');
});

test('WASI shim: the module cannot load without a CSPRNG', async () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
  try {
    // Node falls back to node:crypto's webcrypto; a module with a getRandomValues-less world must fail.
    const module = await WebAssembly.compile(wasmBytes);
    let memory;
    const imports = wasiImports(module, () => memory, { getRandomValues: undefined, stderr: () => {} });
    const instance = await WebAssembly.instantiate(module, imports);
    memory = instance.exports.memory;
    assert.throws(() => instance.exports._initialize(), /no cryptographically secure random source/);
    assert.equal((await load({ wasm: wasmBytes })).abiVersion, ABI_VERSION, 'Node 18 path: node:crypto webcrypto');
  } finally {
    Object.defineProperty(globalThis, 'crypto', saved);
  }
});

test('WASI shim: stderr only, proc_exit throws, no files', async () => {
  const module = await WebAssembly.compile(wasmBytes);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const written = [];
  const wasi = wasiImports(module, () => memory, { getRandomValues: (b) => crypto.getRandomValues(b), stderr: (t) => written.push(t) }).wasi_snapshot_preview1;
  const bytes = new Uint8Array(memory.buffer);
  const view = new DataView(memory.buffer);
  bytes.set(new TextEncoder().encode('hello'), 64);
  view.setUint32(0, 64, true);
  view.setUint32(4, 5, true);
  assert.equal(wasi.fd_write(2, 0, 1, 16), errno.ESUCCESS);
  assert.deepEqual(written, ['hello']);
  assert.equal(view.getUint32(16, true), 5);
  assert.equal(wasi.fd_write(1, 0, 1, 16), errno.EBADF);
  assert.equal(wasi.fd_read(0, 0, 1, 16), errno.EBADF);
  assert.equal(wasi.fd_prestat_get(3, 0), errno.EBADF);
  // poll_oneoff: a clock subscription fires at once, an fd subscription gets EBADF.
  view.setBigUint64(256, 7n, true); // userdata
  view.setUint8(256 + 8, 0); // clock
  view.setBigUint64(304, 8n, true);
  view.setUint8(304 + 8, 1); // fd_read
  assert.equal(wasi.poll_oneoff(256, 512, 2, 600), errno.ESUCCESS);
  assert.equal(view.getUint32(600, true), 2);
  assert.deepEqual([view.getBigUint64(512, true), view.getUint16(520, true), view.getUint8(522)], [7n, 0, 0]);
  assert.deepEqual([view.getBigUint64(544, true), view.getUint16(552, true), view.getUint8(554)], [8n, errno.EBADF, 1]);
  assert.equal(wasi.sock_accept?.(0, 0, 0) ?? errno.ENOSYS, errno.ENOSYS);
  assert.throws(() => wasi.proc_exit(2), (err) => err instanceof WasiExit && err.code === 2);
  assert.equal(wasi.clock_time_get(0, 0n, 32), errno.ESUCCESS);
  assert.ok(Math.abs(Number(view.getBigUint64(32, true) / 1_000_000n) - Date.now()) < 1000);
  const imported = WebAssembly.Module.imports(module).filter((i) => i.module === 'wasi_snapshot_preview1').map((i) => i.name);
  assert.deepEqual(Object.keys(wasi).sort(), [...new Set(imported)].sort(), 'exactly the imports the module declares');
});

test('thousands of calls run through garbage collections', async () => {
  // The Go GC polls (poll_oneoff) when it restarts the world: this loop runs
  // several collections, each of which used to be a fatal error.
  const payway = await PayWay.load({ ...merchant, wasm: wasmBytes });
  let last;
  for (let i = 0; i < 3000; i++) last = payway.sign('refund', { tran_id: `T${i}`, refund_amount: '1.50' }, { requestTime: '20261121093403' });
  assert.match(last.merchant_auth_json, /"tran_id":"T2999"/);
});

test('a trapped instance refuses further calls instead of running on', async () => {
  const paysign = await load({ wasm: wasmBytes });
  // Simulate a trap by handing the instance exports whose call traps.
  const module = await WebAssembly.compile(wasmBytes);
  let memory;
  const instance = await WebAssembly.instantiate(module, wasiImports(module, () => memory, { getRandomValues: (b) => crypto.getRandomValues(b), stderr: () => {} }));
  memory = instance.exports.memory;
  instance.exports._initialize();
  const trapping = new PaySign({ ...instance.exports, paysign_call: () => { throw new WebAssembly.RuntimeError('unreachable'); } }, 'option');
  assert.equal(catchError(() => trapping.call('paysign.version')).code, 'internal');
  assert.match(catchError(() => trapping.call('paysign.version')).message, /stopped after a fault/);
  assert.equal(paysign.call('paysign.version').abi_version, ABI_VERSION, 'other instances are unaffected');
});
