// Hardening (issue 7) in Node: 10 MB input, concurrency (one instance and
// worker_threads), bounded linear memory, secrets in every output, and a
// random source that breaks after start-up (the module's own, and the host
// crypto's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspect, format } from 'node:util';
import * as nodeCrypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { load, PaySign, PaySignError, PayWay } from '../src/index.js';
import { moduleImports, initialize } from '../src/paysign.js';
import { nodeCryptoProvider } from '../src/hostcrypto.js';
import { cases, mixedTasks } from './mixed-tasks.js';
import { catchError } from './assertions.js';

const wasmPath = process.env.PAYSIGN_WASM || fileURLToPath(new URL('../../../build/paysign.wasm', import.meta.url));
const wasmModule = await WebAssembly.compile(readFileSync(wasmPath));
const key = (name) => readFileSync(new URL(`../../../internal/testkeys/${name}`, import.meta.url), 'utf8');
const PUBLIC_KEY = key('rsa1024_TEST_ONLY_public.pem');
const PRIVATE_KEY = key('rsa1024_TEST_ONLY_private.pem');
const TEN_MB = 10 << 20;
const MiB = 1 << 20;

/**
 * An instance whose memory the test can see; getRandomValues is the WASI
 * random_get source, host the host crypto provider (null: none, the
 * module's own Go; default: node:crypto, as load() does in Node).
 */
async function instantiate({ getRandomValues = (b) => crypto.getRandomValues(b), stderr = () => {}, host = nodeCryptoProvider(nodeCrypto) } = {}) {
  let memory;
  const instance = await WebAssembly.instantiate(wasmModule, moduleImports(wasmModule, () => memory, { getRandomValues, stderr, host }));
  memory = instance.exports.memory;
  initialize(instance.exports);
  return { paysign: new PaySign(instance.exports, 'option', host), memory };
}

const merchantAuth = (signed) => signed.fields.find(([name]) => name === 'merchant_auth')[1];

// --- 1 MiB requests: linear memory stays bounded -------------------------------

// Linear memory never shrinks: garbage a large request leaves behind would be
// kept for the instance's life. One request of (almost) 1 MiB needs at most
// 32 MiB, and 60 of them leave the instance within 64 MiB.
test('many 1 MiB callback bodies keep linear memory within 64 MiB', async () => {
  const { paysign, memory } = await instantiate();
  let seed = 1;
  const random = () => (seed = (seed * 48271) % 2147483647);
  const requests = [0, 1, 2].map(() => {
    const members = [];
    let length = 2;
    while (length < 880_000) {
      const member = `"${random() % 1e12}":"${'v'.repeat(5 + (random() % 10))}"`;
      members.push(member);
      length += member.length + 1;
    }
    // A wrong signature: the whole check (parse, ksort, hash) runs, then fails.
    const request = JSON.stringify({ credentials: { api_key: 'TEST_ONLY_memory_key' }, body: `{${members.join(',')}}`, signature: 'A'.repeat(86) + '==' });
    assert.ok(request.length < MiB);
    return request;
  });
  for (let i = 0; i < 60; i++) {
    const envelope = JSON.parse(paysign.callRaw('payway.verify_callback', requests[i % 3]));
    assert.equal(envelope.error?.code, 'signature_mismatch');
    if (i === 0) assert.ok(memory.buffer.byteLength <= 32 * MiB, `${memory.buffer.byteLength} bytes after the first 1 MiB request`);
  }
  console.log(`node: linear memory after 60 requests of ~1 MiB: ${(memory.buffer.byteLength / MiB).toFixed(1)} MiB`);
  assert.ok(memory.buffer.byteLength <= 64 * MiB, `${memory.buffer.byteLength} bytes`);
});

// --- 10 MB input --------------------------------------------------------------

test('10 MB tran_id and op name: structured errors at once, memory bounded, next call ok', async () => {
  const { paysign, memory } = await instantiate();
  const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_k', rsaPublicKey: PUBLIC_KEY });
  const expected = payway.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' });
  const before = memory.buffer.byteLength;

  let start = performance.now();
  const err = catchError(() => payway.sign('check_transaction', { tran_id: 'T'.repeat(TEN_MB) }));
  const signMs = performance.now() - start;
  assert.ok(err instanceof PaySignError);
  assert.equal(err.code, 'request_too_large');
  assert.ok(err.message.length < 200, 'the message does not echo the request');

  // callRaw returns the core's envelope, never an exception from the glue,
  // for a string, bytes and a non-ASCII string (UTF-8 longer than UTF-16).
  start = performance.now();
  for (const request of [`{"tran_id":"${'T'.repeat(TEN_MB)}"}`, new Uint8Array(TEN_MB).fill(32), `{"a":"${'é'.repeat(TEN_MB / 2)}"}`]) {
    const envelope = JSON.parse(paysign.callRaw('payway.sign', request));
    assert.equal(envelope.ok, false);
    assert.equal(envelope.error.code, 'request_too_large');
  }
  const envelope = JSON.parse(paysign.callRaw(`payway.sign${'x'.repeat(TEN_MB)}`, '{}'));
  assert.equal(envelope.error.code, 'unknown_op');
  assert.ok(envelope.error.message.length < 200);
  const rawMs = performance.now() - start;

  const after = memory.buffer.byteLength;
  // A request just over the limit (not cut by the glue) and one at it.
  assert.equal(JSON.parse(paysign.callRaw('paysign.version', ' '.repeat(MiB + 1))).error.code, 'request_too_large');
  assert.equal(JSON.parse(paysign.callRaw('paysign.version', `{}${' '.repeat(MiB - 2)}`)).ok, true);
  console.log(`node: 10 MB tran_id -> ${err.code} in ${signMs.toFixed(1)} ms (with JSON.stringify); 4 raw 10 MB calls ${rawMs.toFixed(1)} ms; linear memory ${before} -> ${after} bytes`);
  assert.ok(after - before < 8 * MiB, `linear memory grew by ${after - before} bytes: a 10 MB input was copied into the module`);
  const again = payway.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' });
  assert.equal(again.hash, expected.hash);
});

// --- concurrency --------------------------------------------------------------

test('200 concurrent mixed calls through one instance are all correct', async () => {
  const paysign = await load({ wasm: wasmModule });
  const results = await mixedTasks(paysign, 200, 'one');
  assert.equal(results.length, 200);
  assert.deepEqual(new Set(results), new Set(['vector', 'refund', 'check']));
  // and every vector, all at once
  await Promise.all(cases.map(async (c) => {
    await null;
    c.run(paysign);
  }));
});

test('4 worker_threads, each with its own instance: 200 mixed calls and every vector each', async () => {
  const runs = await Promise.all([0, 1, 2, 3].map((n) => new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./mixed-worker.js', import.meta.url), { workerData: { module: wasmModule, tag: `w${n}` } });
    const timer = setTimeout(() => { worker.terminate(); reject(new Error(`worker ${n} timed out`)); }, 90_000);
    worker.once('message', (message) => { clearTimeout(timer); worker.terminate(); resolve(message); });
    worker.once('error', (err) => { clearTimeout(timer); reject(err); });
  })));
  for (const run of runs) {
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(run.results, { mixed: 200, kinds: ['check', 'refund', 'vector'], vectors: cases.length });
  }
});

// --- memory ---------------------------------------------------------------------

for (const [path, host] of [['host crypto', undefined], ['Go crypto', null]]) test(`linear memory stays bounded over many mixed calls (${path})`, async () => {
  const calls = Number(process.env.PAYSIGN_SOAK_CALLS || 10_000);
  const { paysign, memory } = await instantiate({ host });
  const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_memory_key', rsaPublicKey: PUBLIC_KEY });
  const check = payway.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' }).hash;
  const hostile = JSON.stringify({ operation: 'check_transaction', credentials: { merchant_id: 'ec000002', api_key: 'k' }, params: { tran_id: 'T'.repeat(64 << 10) } });
  const step = (i) => {
    switch (i % 8) {
      case 0: case 4:
        assert.equal(payway.sign('refund', { tran_id: `T${i}`, refund_amount: '1.50' }).operation, 'refund');
        break;
      case 1: case 5:
        assert.equal(payway.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' }).hash, check);
        break;
      case 2:
        assert.equal(catchError(() => payway.sign('refund', { refund_amount: '1.50' })).code, 'PTL04');
        break;
      case 3:
        assert.equal(JSON.parse(paysign.callRaw('payway.sign', hostile)).ok, false);
        break;
      case 6:
        assert.equal(catchError(() => paysign.call('test.panic', {})).code, 'internal');
        break;
      default:
        assert.equal(paysign.call('paysign.version').abi_version, 1);
    }
  };
  const warmUp = Math.min(2000, calls / 5);
  for (let i = 0; i < warmUp; i++) step(i);
  const afterWarmUp = memory.buffer.byteLength;
  const sizes = [];
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    step(i);
    if ((i + 1) % (calls / 10) === 0) sizes.push(memory.buffer.byteLength);
  }
  const final = sizes.at(-1);
  console.log(`node (${path}): ${calls} calls in ${((performance.now() - start) / 1000).toFixed(1)} s; linear memory after ${warmUp} warm-up calls ${afterWarmUp} bytes, every tenth: ${sizes.join(' ')}`);
  assert.ok(final <= 16 * MiB, `linear memory ${final} bytes is over 16 MiB`);
  assert.ok(final <= sizes[4] + MiB, `still growing in the second half: ${sizes}`);
  assert.ok(final <= afterWarmUp + 2 * MiB, `grew from ${afterWarmUp} to ${final}`);
});

// --- secrets ----------------------------------------------------------------------

for (const [path, host] of [['host crypto', undefined], ['Go crypto', null]]) test(`no error, envelope, inspect, console output or stderr holds the API key or private-key material (${path})`, async () => {
  const marker = `TEST_ONLY_SECRET_MARKER_${nodeCrypto.randomBytes(12).toString('hex')}`;
  const keyLines = PRIVATE_KEY.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
  const pemWithMarker = `-----BEGIN PUBLIC KEY-----\n${marker}\n-----END PUBLIC KEY-----\n`;
  const privateWithMarker = `-----BEGIN PRIVATE KEY-----\n${marker}\n-----END PRIVATE KEY-----\n`;
  assert.ok(keyLines.length >= 10);
  const stderrText = [];
  const { paysign } = await instantiate({ stderr: (t) => stderrText.push(t), host });
  const outputs = [];
  const logged = [];
  const record = (what) => {
    outputs.push(what);
    logged.push(format('%s %o', 'log:', what)); // what console.log(what) would print
  };
  const attempt = (fn) => {
    try {
      record(fn());
    } catch (err) {
      assert.ok(err instanceof PaySignError, `not a PaySignError: ${err?.name}`);
      record(err);
      outputs.push(err.message, err.stack, String(err), JSON.stringify(err), err.field);
      return err.code;
    }
    return 'ok';
  };
  const credentials = { merchant_id: 'ec000002', api_key: marker };
  const signRequest = (extra) => ({ operation: 'refund', credentials: { ...credentials, rsa_public_key: PUBLIC_KEY }, params: { tran_id: 'T1', refund_amount: '1.50' }, request_time: '20261121093403', ...extra });
  const client = new PayWay(paysign, { merchantId: 'ec000002', apiKey: marker, rsaPublicKey: PUBLIC_KEY });
  const server = new PayWay(paysign, { merchantId: 'ec000002', apiKey: marker, rsaPrivateKey: PRIVATE_KEY });
  const signed = client.sign('refund', { tran_id: 'T1', refund_amount: '1.50' });
  const codes = {
    privateKeyAsPublic: attempt(() => paysign.call('payway.sign', signRequest({ credentials: { ...credentials, rsa_public_key: PRIVATE_KEY } }))),
    garbagePublicKey: attempt(() => paysign.call('payway.sign', signRequest({ credentials: { ...credentials, rsa_public_key: pemWithMarker } }))),
    markerAsBareKey: attempt(() => paysign.call('payway.sign', signRequest({ credentials: { ...credentials, rsa_public_key: marker } }))),
    missingTranId: attempt(() => client.sign('refund', { refund_amount: '1.50' })),
    badAmount: attempt(() => client.sign('refund', { tran_id: 'T1', refund_amount: '1.5.0' })),
    unknownMember: attempt(() => paysign.call('payway.sign', signRequest({ unexpected: marker }))),
    hashMismatch: attempt(() => new PayWay(paysign, { merchantId: 'ec000002', apiKey: `${marker}x`, rsaPrivateKey: PRIVATE_KEY }).verify('refund', signed.fields)),
    publicKeyAsPrivate: attempt(() => new PayWay(paysign, { merchantId: 'ec000002', apiKey: marker, rsaPrivateKey: PUBLIC_KEY }).verify('refund', signed.fields)),
    garbagePrivateKey: attempt(() => new PayWay(paysign, { merchantId: 'ec000002', apiKey: marker, rsaPrivateKey: privateWithMarker }).verify('refund', signed.fields)),
    tamperedCiphertext: attempt(() => server.verify('refund', signed.fields.map(([n, v]) => [n, n === 'merchant_auth' ? `${v.slice(0, -8)}AAAAAAA=` : v]))),
    panic: attempt(() => paysign.call('test.panic', { api_key: marker, rsa_private_key: PRIVATE_KEY })),
    panicRaw: attempt(() => paysign.call('test.panic', `${marker}${PRIVATE_KEY}`)),
    malformed: attempt(() => paysign.call('payway.sign', `{"credentials":{"api_key":"${marker}"`)),
  };
  assert.deepEqual(codes, {
    privateKeyAsPublic: 'invalid_key', garbagePublicKey: 'invalid_key', markerAsBareKey: 'invalid_key',
    missingTranId: 'PTL04', badAmount: 'PTL186', unknownMember: 'malformed_request', hashMismatch: 'PTL02',
    publicKeyAsPrivate: 'invalid_key', garbagePrivateKey: 'invalid_key', tamperedCiphertext: 'PTL02',
    panic: 'internal', panicRaw: 'internal', malformed: 'malformed_request',
  });
  // The raw envelopes of the same requests.
  for (const [op, request] of [['payway.sign', signRequest({ credentials: { ...credentials, rsa_public_key: PRIVATE_KEY } })],
    ['payway.verify', { operation: 'refund', credentials: { api_key: `${marker}x` }, fields: signed.fields }],
    ['test.panic', { api_key: marker }]]) {
    outputs.push(paysign.callRaw(op, request));
  }
  // The helper objects themselves, printed and serialized (structured clone: what postMessage sends; v8.serialize).
  for (const object of [client, server, paysign]) {
    outputs.push(inspect(object, { depth: 10, showHidden: true }), JSON.stringify(object), String(object));
    outputs.push(inspect(structuredClone(object), { showHidden: true }), v8.serialize(object).toString('latin1'));
    logged.push(format('%o', object), format('%O', object), format('%j', object));
  }
  const everything = [...outputs.map((o) => (typeof o === 'string' ? o : inspect(o, { depth: 10, showHidden: true }))), ...logged, ...stderrText].join('\n');
  assert.ok(everything.length > 2000, 'outputs were collected');
  assert.ok(!everything.includes(marker), 'an output holds the API key marker (not printed here)');
  const leakedLines = keyLines.filter((line) => everything.includes(line)).length;
  assert.equal(leakedLines, 0, `${leakedLines} lines of the private key appear in an output (not printed here)`);
  assert.ok(!everything.includes(PRIVATE_KEY.slice(30, 60)), 'private-key material in an output');
  // The panic message names the op only.
  const panic = catchError(() => paysign.call('test.panic', { tran_id: 'REQUEST_DATA_9f8e7d' }));
  assert.ok(!panic.message.includes('REQUEST_DATA_9f8e7d'));
  assert.match(panic.message, /test\.panic/);
});

// --- randomness -------------------------------------------------------------------

test('a random source that fails after start-up stops the instance; it never signs with predictable padding', async () => {
  let broken = false;
  const stderr = [];
  const { paysign } = await instantiate({
    getRandomValues: (bytes) => {
      if (broken) throw new Error('random source broken');
      return crypto.getRandomValues(bytes);
    },
    stderr: (t) => stderr.push(t),
    host: null, // the module's own Go encrypts, with WASI random_get
  });
  const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_k', rsaPublicKey: PUBLIC_KEY });
  const first = payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' });
  assert.notEqual(merchantAuth(first), merchantAuth(payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }, { requestTime: first.fields[0][1] })));
  assert.equal(paysign.hostCrypto, null);
  broken = true;
  const err = catchError(() => payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }));
  assert.ok(err instanceof PaySignError);
  assert.equal(err.code, 'internal');
  assert.match(err.message, /random source broken|failed/);
  // The instance refuses to continue, even once the source works again.
  broken = false;
  assert.match(catchError(() => payway.sign('check_transaction', { tran_id: 'T1' })).message, /stopped after a fault/);
});

test('host crypto: when node:crypto\'s encryption fails (its random source), no ciphertext and no fallback', async () => {
  // node:crypto's publicEncrypt pads from OpenSSL's CSPRNG, which a test
  // cannot break; this provider is node:crypto's with an encryption that
  // throws while broken is set, as publicEncrypt would.
  const real = nodeCryptoProvider(nodeCrypto);
  let broken = false;
  const host = {
    ...real,
    rsaEncryptPkcs1(der, block) {
      if (broken) throw new Error(`random source broken ${PUBLIC_KEY}`); // never passed on
      return real.rsaEncryptPkcs1(der, block);
    },
  };
  let wasiRandomCalls = 0;
  const { paysign } = await instantiate({ host, getRandomValues: (b) => { wasiRandomCalls++; return crypto.getRandomValues(b); } });
  const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey: 'TEST_ONLY_k', rsaPublicKey: PUBLIC_KEY });
  const first = payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }, { requestTime: '20261121093403' });
  const second = payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }, { requestTime: '20261121093403' });
  assert.notEqual(merchantAuth(first), merchantAuth(second), 'randomized');
  assert.equal(paysign.hostCrypto.calls.rsa_encrypt_pkcs1, 2, 'the host encrypted');
  const randomCallsBefore = wasiRandomCalls;

  broken = true;
  const err = catchError(() => payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }));
  assert.ok(err instanceof PaySignError);
  assert.equal(err.code, 'internal');
  assert.equal(err.field, 'credentials.rsa_public_key');
  assert.match(err.message, /host's RSA encryption failed/);
  assert.ok(!err.message.includes('BEGIN PUBLIC KEY'), 'the host\'s error is not passed on');
  assert.equal(wasiRandomCalls, randomCallsBefore, 'no fallback to the module\'s own random source');
  const raw = JSON.parse(paysign.callRaw('payway.sign', { operation: 'refund', credentials: { merchant_id: 'ec000002', api_key: 'k', rsa_public_key: PUBLIC_KEY }, params: { tran_id: 'T1', refund_amount: '1.50' } }));
  assert.equal(raw.ok, false);
  assert.equal(raw.value, undefined);

  // The instance keeps working: HMAC-only requests at once, encryption once the host recovers.
  assert.equal(payway.sign('check_transaction', { tran_id: 'T1' }).operation, 'check_transaction');
  broken = false;
  assert.equal(payway.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }).operation, 'refund');
});
