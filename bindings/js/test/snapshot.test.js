// The module the package ships is pre-initialized (wasm/snapshot.sh: the
// plain module after wasm-opt, snapshotted by wizer after _initialize). These
// tests load both modules side by side: the plain one from
// PAYSIGN_WASM_PLAIN (build/paysign-plain.wasm), the shipped one from
// PAYSIGN_WASM_SHIPPED (build/paysign.wasm). They prove that the snapshot is one
// (no _initialize, no randomness drawn before the first encryption), that it
// answers every vector as the plain module does, and that the snapshot did
// not freeze the randomness RSA padding takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as nodeCrypto from 'node:crypto';
import { load, PaySign, PaySignError, PayWay } from '../src/index.js';
import { moduleImports, initialize } from '../src/paysign.js';
import { NO_RANDOM_SOURCE } from '../src/wasi.js';
import { nodeCryptoProvider } from '../src/hostcrypto.js';
import { vectorCases } from './vector-runner.js';
import { readVectorFiles } from './vector-files.js';
import { catchError } from './assertions.js';

const buildDir = new URL('../../../build/', import.meta.url);
const shippedPath = process.env.PAYSIGN_WASM_SHIPPED || fileURLToPath(new URL('paysign.wasm', buildDir));
const plainPath = process.env.PAYSIGN_WASM_PLAIN || fileURLToPath(new URL('paysign-plain.wasm', buildDir));
const shippedBytes = readFileSync(shippedPath);
const plainBytes = readFileSync(plainPath);
const modules = { plain: await WebAssembly.compile(plainBytes), snapshot: await WebAssembly.compile(shippedBytes) };
const exportNames = (module) => WebAssembly.Module.exports(module).map((e) => e.name).sort();
// wasm/snapshot.sh ships the plain module where wizer cannot run, and says
// so; then there is no snapshot to test.
const noSnapshot = exportNames(modules.snapshot).includes('_initialize')
  ? 'build/paysign.wasm is the plain module (the build could not pre-initialize it; see its output)' : false;

const key = (name) => readFileSync(new URL(`../../../internal/testkeys/${name}`, import.meta.url), 'utf8');
const merchant = { merchantId: 'ec000002', apiKey: 'TEST_ONLY_snapshot_api_key', rsaPublicKey: key('rsa1024_TEST_ONLY_public.pem') };
const refund = { tran_id: 'T1', refund_amount: '1.50' };
const at = { requestTime: '20261121093403' };
const merchantAuth = (signed) => signed.fields.find(([name]) => name === 'merchant_auth')[1];

// instantiate makes an instance of module by hand, counting what random_get
// is asked for; getRandomValues null: the runtime has no CSPRNG.
async function instantiate(module, { getRandomValues = (b) => nodeCrypto.randomFillSync(b), host = null } = {}) {
  const random = { calls: 0, bytes: 0 };
  const counted = getRandomValues && ((bytes) => { random.calls++; random.bytes += bytes.length; return getRandomValues(bytes); });
  let memory;
  const instance = await WebAssembly.instantiate(module, moduleImports(module, () => memory, { getRandomValues: counted, stderr: () => {}, host }));
  memory = instance.exports.memory;
  return { instance, random };
}

test('the shipped module is pre-initialized: no _initialize, nothing else changed in its interface', { skip: noSnapshot }, () => {
  const plain = exportNames(modules.plain);
  assert.ok(plain.includes('_initialize'));
  assert.deepEqual(exportNames(modules.snapshot), plain.filter((name) => name !== '_initialize'));
  // wasm-opt drops WASI imports nothing calls; the host crypto ones stay.
  const imports = (module) => WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`);
  const plainImports = imports(modules.plain);
  for (const name of imports(modules.snapshot)) assert.ok(plainImports.includes(name), name);
  assert.deepEqual(imports(modules.snapshot).filter((name) => name.startsWith('paysign_host.')).sort(),
    ['paysign_host.capabilities', 'paysign_host.hmac_sha512', 'paysign_host.rsa_encrypt_pkcs1', 'paysign_host.rsa_sign_pkcs1_sha256']);
});

test('the snapshot starts without asking for randomness; the plain module asks at _initialize', { skip: noSnapshot }, async () => {
  const plain = await instantiate(modules.plain);
  initialize(plain.instance.exports);
  assert.ok(plain.random.calls > 0, 'the Go runtime seeds itself at _initialize');
  const snapshot = await instantiate(modules.snapshot);
  initialize(snapshot.instance.exports);
  assert.equal(snapshot.random.calls, 0, 'the runtime was started at build time');
  // Its first encryption in Go draws fresh padding from random_get.
  new PayWay(new PaySign(snapshot.instance.exports, 'option'), merchant).sign('refund', refund, at);
  assert.ok(snapshot.random.bytes > 0, 'RSA padding comes from the host at the call');
});

test('every vector: the snapshot answers as the plain module, byte for byte', { skip: noSnapshot }, async () => {
  // test.panic is in the test build only: both production modules answer it unknown_op.
  const cases = vectorCases(readVectorFiles()).filter((c) => !c.name.includes('deliberate panic'));
  for (const hostCrypto of [false, true]) {
    const plain = await load({ wasm: modules.plain, hostCrypto });
    const snapshot = await load({ wasm: modules.snapshot, hostCrypto });
    for (const c of cases) {
      c.run(plain);
      c.run(snapshot);
    }
  }
  // The deterministic answers, as text: equal JSON is not enough, the bytes are the contract.
  const plain = await load({ wasm: modules.plain, hostCrypto: false });
  const snapshot = await load({ wasm: modules.snapshot, hostCrypto: false });
  const bbmsl = { operation: 'refund', credentials: { merchant_id: '3', private_key: key('rsa2048_TEST_ONLY_private.pem') }, params: { order_id: '4922', amount: '10.00' } };
  const requests = [
    ['payway.sign', { operation: 'check_transaction', credentials: { merchant_id: 'ec000002', api_key: 'k' }, params: { tran_id: 'T1' }, request_time: at.requestTime }],
    ['payway.sign', { operation: 'purchase', credentials: { merchant_id: 'ec000002', api_key: 'k' }, params: { tran_id: 'T1', amount: '2.50', items: [{ name: 'Latte ☕', quantity: 1, price: '2.50' }] }, request_time: at.requestTime }],
    ['bbmsl.sign', bbmsl],
    ['paysign.version', {}],
    ['test.panic', {}],
    ['payway.sign', '{"operation":'],
  ];
  for (const [op, request] of requests) assert.equal(snapshot.callRaw(op, request), plain.callRaw(op, request), op);
});

test('the snapshot did not freeze RSA randomness: two fresh instances pad the same request differently', { skip: noSnapshot }, async () => {
  // Both instances start from the same bytes of linear memory; were the
  // padding drawn from state the snapshot holds, they would encrypt alike.
  const signs = [];
  for (let i = 0; i < 2; i++) {
    const { instance } = await instantiate(modules.snapshot);
    initialize(instance.exports);
    signs.push(new PayWay(new PaySign(instance.exports, 'option'), merchant).sign('refund', refund, at));
  }
  assert.notEqual(merchantAuth(signs[0]), merchantAuth(signs[1]));
  const server = new PayWay(await load({ wasm: modules.snapshot }), { ...merchant, rsaPrivateKey: key('rsa1024_TEST_ONLY_private.pem') });
  for (const signed of signs) assert.equal(server.verify('refund', signed.fields).merchant_auth_json, signs[0].merchant_auth_json);
});

test('without a CSPRNG: the plain module fails at _initialize, the snapshot at its first encryption, never with predictable padding', { skip: noSnapshot }, async () => {
  const plain = await instantiate(modules.plain, { getRandomValues: null });
  assert.throws(() => initialize(plain.instance.exports), (err) => err.message === NO_RANDOM_SOURCE);

  const { instance } = await instantiate(modules.snapshot, { getRandomValues: null });
  initialize(instance.exports);
  const payway = new PayWay(new PaySign(instance.exports, 'option'), merchant);
  assert.equal(payway.sign('check_transaction', { tran_id: 'T1' }, at).operation, 'check_transaction', 'HMAC needs no randomness');
  const err = catchError(() => payway.sign('refund', refund, at));
  assert.ok(err instanceof PaySignError);
  assert.equal(err.code, 'internal');
  assert.ok(err.message.includes(NO_RANDOM_SOURCE), err.message);
  assert.match(catchError(() => payway.sign('check_transaction', { tran_id: 'T1' }, at)).message, /stopped after a fault/);

  // With host crypto, the host's own CSPRNG pads; the module's is never asked.
  const hosted = await instantiate(modules.snapshot, { getRandomValues: null, host: nodeCryptoProvider(nodeCrypto) });
  initialize(hosted.instance.exports);
  const signed = new PayWay(new PaySign(hosted.instance.exports, 'option'), merchant).sign('refund', refund, at);
  assert.match(merchantAuth(signed), /^[A-Za-z0-9+/]{100,}=*$/);
});
