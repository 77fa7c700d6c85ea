import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load, PaySign, PaySignError, PayWay, ABI_VERSION } from '../src/index.js';
import { wasiImports, WasiExit, errno } from '../src/wasi.js';
import { hostCryptoImports, nodeCryptoProvider, hostStatus } from '../src/hostcrypto.js';
import { moduleImports, initialize } from '../src/paysign.js';
import * as nodeCrypto from 'node:crypto';
import { catchError } from './assertions.js';

const wasmPath = process.env.PAYSIGN_WASM || fileURLToPath(new URL('../../../build/paysign.wasm', import.meta.url));
const wasmBytes = readFileSync(wasmPath);
const key = (name) => readFileSync(new URL(`../../../internal/testkeys/${name}`, import.meta.url), 'utf8');
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
  // Production refuses keys made for tests (environment_mismatch): this one only looks real.
  const payway = await PayWay.load({ ...merchant, apiKey: 'js_binding_production_lookalike_key', environment: 'production', wasm: wasmBytes });
  const signed = payway.sign('check_transaction', { tran_id: 'T1001' });
  assert.match(signed.url, /^https:\/\/checkout\.payway\.com\.kh\//);
  const time = signed.fields.find(([n]) => n === 'req_time')[1];
  assert.match(time, /^20\d{12}$/);
  assert.ok(Math.abs(Date.parse(time.replace(/^(....)(..)(..)(..)(..)(..)$/, '$1-$2-$3T$4:$5:$6Z')) - Date.now()) < 120_000, 'default time is now, UTC');
  assert.match(payway.sign('check_transaction', { tran_id: 'T1' }, { environment: 'sandbox' }).url, /checkout-sandbox/);
  const testKey = await PayWay.load({ ...merchant, environment: 'production', wasm: wasmBytes });
  assert.equal(catchError(() => testKey.sign('check_transaction', { tran_id: 'T1001' })).code, 'environment_mismatch');
});

test('the core\'s suggestions reach the caller unchanged: (did you mean …?)', async () => {
  const payway = await PayWay.load({ ...merchant, wasm: wasmBytes });
  const operation = catchError(() => payway.sign('refnd', { tran_id: 'T1' }));
  assert.deepEqual([operation.code, operation.field], ['unknown_operation', 'operation']);
  assert.equal(operation.message, 'paysign: operation: unknown operation: PayWay has no operation "refnd" in paysign\'s catalogue (did you mean refund?)');
  const param = catchError(() => payway.sign('check_transaction', { tran_idd: 'T1' }));
  assert.deepEqual([param.code, param.field], ['malformed_request', 'params.tran_idd']);
  assert.match(param.message, / \(did you mean tran_id\?\)$/);
  assert.match(catchError(() => payway.decodeResponse('refnd', 200, '')).message, / \(did you mean refund\?\)$/);
});

test('decodeResponse resolves a relative Location against the URL the request went to', async () => {
  const payway = await PayWay.load({ ...merchant, wasm: wasmBytes });
  const url = payway.sign('link_card', { ctid: 'CUST00001', request_id: 'REQ12345', token_flag: 'CITR_FIX', currency: 'USD' }).url;
  assert.equal(url, 'https://checkout-sandbox.payway.com.kh/api/payment-credential/v3/cof/link-card');
  const resolved = payway.decodeResponse('link_card', 302, '', { location: '/add-card/1?x=2', url });
  assert.deepEqual([resolved.ok, resolved.location], [true, 'https://checkout-sandbox.payway.com.kh/add-card/1?x=2']);
  assert.equal(payway.decodeResponse('link_card', 302, '', { location: '?result=e30=', url }).location, `${url}?result=e30=`);
  // Without the URL it stays as it came; an absolute one is kept byte for byte.
  assert.equal(payway.decodeResponse('link_card', 302, '', { location: '/add-card/1' }).location, '/add-card/1');
  assert.equal(payway.decodeResponse('link_card', 302, '', { location: 'HTTPS://Pay.Example/a+b=', url }).location, 'HTTPS://Pay.Example/a+b=');
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

test('load() in Node draws randomness from node:crypto, not globalThis.crypto', async () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
  try {
    const payway = await PayWay.load({ ...merchant, wasm: wasmBytes, hostCrypto: false });
    assert.equal(payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }).operation, 'refund');
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
  const instance = await WebAssembly.instantiate(module,
    moduleImports(module, () => memory, { getRandomValues: (b) => crypto.getRandomValues(b), stderr: () => {} }));
  memory = instance.exports.memory;
  initialize(instance.exports);
  const trapping = new PaySign({ ...instance.exports, paysign_call: () => { throw new WebAssembly.RuntimeError('unreachable'); } }, 'option');
  assert.equal(catchError(() => trapping.call('paysign.version')).code, 'internal');
  assert.match(catchError(() => trapping.call('paysign.version')).message, /stopped after a fault/);
  assert.equal(paysign.call('paysign.version').abi_version, ABI_VERSION, 'other instances are unaffected');
});

// --- host crypto ------------------------------------------------------------

test('hostCrypto option and PAYSIGN_HOST_CRYPTO choose the path; results agree', async () => {
  const saved = process.env.PAYSIGN_HOST_CRYPTO;
  try {
    delete process.env.PAYSIGN_HOST_CRYPTO;
    const byDefault = await load({ wasm: wasmBytes });
    assert.equal(byDefault.hostCrypto.provider, 'node:crypto', 'Node: node:crypto by default');
    process.env.PAYSIGN_HOST_CRYPTO = '0';
    assert.equal((await load({ wasm: wasmBytes })).hostCrypto, null);
    assert.equal((await load({ wasm: wasmBytes, hostCrypto: true })).hostCrypto.provider, 'node:crypto', 'the option wins');
    process.env.PAYSIGN_HOST_CRYPTO = '1';
    assert.equal((await load({ wasm: wasmBytes })).hostCrypto.provider, 'node:crypto');
    assert.equal((await PayWay.load({ ...merchant, wasm: wasmBytes, hostCrypto: false })).sign('check_transaction', { tran_id: 'T1' }).operation, 'check_transaction');
    process.env.PAYSIGN_HOST_CRYPTO = 'yes';
    await assert.rejects(load({ wasm: wasmBytes }), /PAYSIGN_HOST_CRYPTO must be 0 or 1/);
    await assert.rejects(load({ wasm: wasmBytes, hostCrypto: 'on' }), TypeError);
  } finally {
    if (saved === undefined) delete process.env.PAYSIGN_HOST_CRYPTO;
    else process.env.PAYSIGN_HOST_CRYPTO = saved;
  }

  const host = await PayWay.load({ ...merchant, wasm: wasmBytes, hostCrypto: true });
  const go = await PayWay.load({ ...merchant, wasm: wasmBytes, hostCrypto: false });
  const at = { requestTime: '20261121093403' };
  const purchase = { tran_id: 'T1', amount: '2.50', currency: 'USD', items: [{ name: 'Latte ☕', quantity: 1, price: '2.50' }], return_url: 'https://shop.example/cb?a=1&b=2' };
  assert.deepEqual(host.sign('purchase', purchase, at), go.sign('purchase', purchase, at), 'HMAC: byte for byte');
  const bbmsl = { operation: 'refund', credentials: { merchant_id: '3', private_key: key('rsa2048_TEST_ONLY_private.pem') }, params: { order_id: '4922', amount: '10.00' } };
  const hostPaysign = await load({ wasm: wasmBytes, hostCrypto: true });
  const goPaysign = await load({ wasm: wasmBytes, hostCrypto: false });
  assert.deepEqual(hostPaysign.call('bbmsl.sign', bbmsl), goPaysign.call('bbmsl.sign', bbmsl), 'PKCS #1 v1.5 signatures: byte for byte');
  assert.equal(hostPaysign.hostCrypto.calls.rsa_sign_pkcs1_sha256, 1);
  // Encryption is randomized: each side decrypts the other's.
  const server = new PayWay(goPaysign, { ...merchant, rsaPrivateKey: key('rsa1024_TEST_ONLY_private.pem') });
  const link = { title: 'Order 1', amount: '5.00', currency: 'USD', description: 'x'.repeat(200), expired_date: 1795000000, return_url: 'https://shop.example/r', merchant_ref_no: 'R1' };
  const signed = host.sign('create_payment_link', link, at);
  assert.equal(server.verify('create_payment_link', signed.fields).merchant_auth_json, signed.merchant_auth_json);
  assert.ok(signed.merchant_auth_json.length > 234, 'several RSA blocks');
});

test('host crypto: the module asks the host, and uses its answer', async () => {
  const module = await WebAssembly.compile(wasmBytes);
  const instantiate = async (host) => {
    let memory;
    const instance = await WebAssembly.instantiate(module,
      moduleImports(module, () => memory, { getRandomValues: (b) => crypto.getRandomValues(b), stderr: () => {}, host }));
    memory = instance.exports.memory;
    initialize(instance.exports);
    return new PaySign(instance.exports, 'option', host);
  };
  const at = { requestTime: '20261121093403' };
  // A host whose HMAC uses another key: the MAC of a message of 1 KiB or more is the host's;
  // a shorter one (every request's hash input here) stays in the module's Go, the host not asked.
  const real = nodeCryptoProvider(nodeCrypto);
  const liar = { ...real, calls: undefined, hmacSha512: (_key, message) => nodeCrypto.createHmac('sha512', 'another key').update(message).digest() };
  const lying = await instantiate(liar);
  const short = new PayWay(lying, merchant).sign('check_transaction', { tran_id: 'T1' }, at);
  assert.equal(short.hash, nodeCrypto.createHmac('sha512', API_KEY).update(short.hash_input).digest('base64'));
  assert.equal(liar.calls.hmac_sha512, 0);
  const body = JSON.stringify({ tran_id: 'T1', apv: '123456', status: '0', return_params: 'r'.repeat(1100) });
  const lied = lying.call('payway.sign_callback', { credentials: { api_key: API_KEY }, body });
  assert.ok(Buffer.byteLength(lied.hash_input) >= 1024);
  assert.equal(lied.signature, nodeCrypto.createHmac('sha512', 'another key').update(lied.hash_input).digest('base64'));
  assert.equal(liar.calls.hmac_sha512, 1);

  // Capabilities 0: never called.
  const never = () => assert.fail('called although its capability bit is clear');
  const none = { name: 'none', capabilities: 0, hmacSha512: never, rsaEncryptPkcs1: never, rsaSignSha256: never };
  const signed = new PayWay(await instantiate(none), merchant).sign('refund', { tran_id: 'T1', refund_amount: '1.50' }, at);
  assert.equal(signed.hash, nodeCrypto.createHmac('sha512', API_KEY).update(signed.hash_input).digest('base64'));
  assert.deepEqual((await instantiate(none)).hostCrypto, { provider: 'none', calls: { hmac_sha512: 0, rsa_encrypt_pkcs1: 0, rsa_sign_pkcs1_sha256: 0 } });

  // A key node:crypto cannot parse is done in Go ("not available"), and remembered.
  let creates = 0;
  const picky = nodeCryptoProvider({ ...nodeCrypto, createPublicKey: () => { creates++; throw new Error('unsupported'); } });
  const paysign = await instantiate(picky);
  const payway = new PayWay(paysign, merchant);
  for (let i = 0; i < 3; i++) assert.equal(payway.sign('refund', { tran_id: `T${i}`, refund_amount: '1.50' }, at).operation, 'refund');
  assert.equal(creates, 1, 'the failure is cached');
  assert.equal(paysign.hostCrypto.calls.rsa_encrypt_pkcs1, 0);
  assert.equal(paysign.hostCrypto.calls.hmac_sha512, 0, 'short hash inputs stay in Go');
});

test('host crypto: imports report wrong lengths, throws and bad pointers as failed, null as not available', async () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const provider = {
    capabilities: 7,
    hmacSha512: (key) => (key[0] === 1 ? new Uint8Array(63) : key[0] === 2 ? null : new Uint8Array(64).fill(key[0])),
    rsaEncryptPkcs1: () => { throw new Error('broken'); },
    rsaSignSha256: (_der, message) => new Uint8Array(4).fill(message[0]),
  };
  const host = hostCryptoImports(() => memory, provider).paysign_host;
  const bytes = new Uint8Array(memory.buffer);
  assert.equal(host.capabilities(), 7);
  bytes[0] = 9;
  assert.equal(host.hmac_sha512(0, 1, 0, 0, 100), hostStatus.OK);
  assert.deepEqual(bytes.subarray(100, 164), new Uint8Array(64).fill(9));
  bytes[0] = 1;
  assert.equal(host.hmac_sha512(0, 1, 0, 0, 100), hostStatus.FAILED, 'wrong length');
  bytes[0] = 2;
  assert.equal(host.hmac_sha512(0, 1, 0, 0, 100), hostStatus.UNAVAILABLE);
  assert.equal(host.rsa_encrypt_pkcs1(0, 1, 0, 1, 100, 128), hostStatus.FAILED);
  assert.equal(host.rsa_sign_pkcs1_sha256(0, 1, 0, 1, 100, 4), hostStatus.OK);
  assert.equal(host.rsa_sign_pkcs1_sha256(0, 1, 0, 1, 100, 5), hostStatus.FAILED, 'wrong length');
  assert.equal(host.rsa_sign_pkcs1_sha256(0, 1, 65536 - 1, 8, 100, 4), hostStatus.FAILED, 'message outside memory');
  assert.deepEqual(provider.calls, { hmac_sha512: 1, rsa_encrypt_pkcs1: 0, rsa_sign_pkcs1_sha256: 1 });
  const stub = hostCryptoImports(() => memory, null).paysign_host;
  assert.equal(stub.capabilities(), 0);
  assert.equal(stub.hmac_sha512(0, 1, 0, 0, 100), hostStatus.UNAVAILABLE);
});

test('host crypto: KeyObjects are cached by key bytes, at most 16', async () => {
  let creates = 0;
  const provider = nodeCryptoProvider({ ...nodeCrypto, createPublicKey: (options) => { creates++; return nodeCrypto.createPublicKey(options); } });
  const der = nodeCrypto.createPublicKey(merchant.rsaPublicKey).export({ format: 'der', type: 'pkcs1' });
  const block = new Uint8Array([1, 2, 3]);
  const first = provider.rsaEncryptPkcs1(new Uint8Array(der), block);
  assert.equal(first.length, 128);
  assert.notDeepEqual(provider.rsaEncryptPkcs1(new Uint8Array(der), block), first, 'randomized');
  assert.equal(creates, 1, 'parsed once');
  // 16 other keys (unparsable bytes count too) push it out.
  for (let i = 0; i < 16; i++) assert.equal(provider.rsaEncryptPkcs1(new Uint8Array([0x30, i]), block), null);
  assert.equal(creates, 17);
  provider.rsaEncryptPkcs1(new Uint8Array(der), block);
  assert.equal(creates, 18, 'evicted, parsed again');
  // (Decryption of what the host encrypts is checked by the vectors, through payway.verify.)
});

test('requests of every size reuse one input buffer; growth and bytes requests keep working', async () => {
  const paysign = await load({ wasm: wasmBytes });
  const version = paysign.callRaw('paysign.version', {});
  for (const size of [0, 10, 20_000, 100_000, 5, 300_000, 1 << 20]) {
    const envelope = JSON.parse(paysign.callRaw('paysign.version', `{}${' '.repeat(Math.max(0, size - 2))}`));
    assert.equal(envelope.ok, true, `request of ${size} bytes`);
  }
  assert.equal(paysign.callRaw('paysign.version', ''), paysign.callRaw('paysign.version', new Uint8Array(0)));
  assert.equal(paysign.callRaw('paysign.version', new TextEncoder().encode('{}').buffer), version);
  // Non-ASCII text: UTF-8 longer than its UTF-16 length.
  const payway = new PayWay(paysign, merchant);
  const signed = payway.sign('purchase', { tran_id: 'T1', amount: '1.00', currency: 'USD', firstname: 'ស៊ុន 😀' }, { requestTime: '20261121093403' });
  assert.match(signed.hash_input, /ស៊ុន 😀/);
});

test('PayWay sends its credentials once, then only a handle, with the same results', async () => {
  const paysign = await load({ wasm: wasmBytes });
  const sent = [];
  const spy = { call: (op, request) => { sent.push([op, request]); return paysign.call(op, request); } };
  const payway = new PayWay(spy, merchant);
  const at = { requestTime: '20261121093403' };
  const a = payway.sign('check_transaction', { tran_id: 'T1' }, at);
  const b = payway.sign('check_transaction', { tran_id: 'T1' }, at);
  payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }, at);
  assert.deepEqual(a, b);
  assert.deepEqual(a, paysign.call('payway.sign', { operation: 'check_transaction', credentials: { merchant_id: 'ec000002', api_key: API_KEY }, params: { tran_id: 'T1' }, request_time: '20261121093403' }));
  assert.deepEqual(sent.map(([op]) => op), ['paysign.open_credentials', 'payway.sign', 'payway.sign', 'payway.sign']);
  const open = JSON.parse(sent[0][1]);
  assert.deepEqual(open, { credentials: { merchant_id: 'ec000002', api_key: API_KEY, rsa_public_key: merchant.rsaPublicKey } });
  const { handle } = JSON.parse(sent[1][1]).credentials;
  assert.ok(Number.isSafeInteger(handle) && handle > 0);
  assert.deepEqual(JSON.parse(sent[1][1]), { credentials: { handle }, environment: 'sandbox', operation: 'check_transaction', params: { tran_id: 'T1' }, request_time: '20261121093403' });
  for (const [, request] of sent.slice(1)) assert.doesNotMatch(request, new RegExp(`${API_KEY}|PUBLIC KEY`));
  // Errors are the core's; a missing operation too.
  assert.equal(catchError(() => payway.sign('refund', { refund_amount: '1.50' })).code, 'PTL04');
  assert.equal(catchError(() => payway.sign(undefined, {})).field, 'operation');
});

test('PayWay.sign with output "send": only what is sent, the same as in the full answer', async () => {
  const payway = await PayWay.load({ ...merchant, wasm: wasmBytes });
  const at = { requestTime: '20261121093403' };
  const params = { tran_id: 'T1', amount: '2.50', currency: 'USD', items: [{ name: 'Latte', quantity: 1, price: '2.50' }] };
  const full = payway.sign('purchase', params, at);
  const sent = payway.sign('purchase', params, { ...at, output: 'send' });
  assert.deepEqual(Object.keys(sent).sort(), ['body', 'content_type', 'fields', 'headers', 'method', 'operation', 'policy', 'url']);
  for (const key of Object.keys(sent)) if (key !== 'policy') assert.deepEqual(sent[key], full[key], key);
  // The exact multipart body, its boundary in the Content-Type, and the core's policy of a money operation.
  const boundary = /^multipart\/form-data; boundary=(\S+)$/.exec(sent.headers['Content-Type'])[1];
  assert.ok(sent.body.startsWith(`--${boundary}\r\nContent-Disposition: form-data; name="req_time"\r\n\r\n20261121093403\r\n`));
  assert.ok(sent.body.endsWith(`--${boundary}--\r\n`));
  assert.deepEqual(sent.policy, { timeout_ms: 30000, query_retries: 2, retry_backoff_ms: 500, attempts: 1, max_answer_bytes: 655360 });
  const check = payway.sign('check_transaction', { tran_id: 'T1' }, { ...at, output: 'send' });
  assert.deepEqual(Object.keys(check).sort(), ['body', 'content_type', 'fields', 'headers', 'method', 'operation', 'policy', 'url']);
  assert.equal(check.policy.attempts, 3, 'a query: 1 + query_retries');
  const wrong = catchError(() => payway.sign('check_transaction', { tran_id: 'T1' }, { output: 'all' }));
  assert.deepEqual([wrong.code, wrong.field], ['PTL05', 'output']);
});
