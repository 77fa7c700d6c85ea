import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../src/index.js';
import { vectorCases, jsonEqual } from './vector-runner.js';
import { readVectorFiles } from './vector-files.js';

const files = readVectorFiles();
const cases = vectorCases(files);

test('vector files are present', () => {
  assert.ok(files.length > 0);
  assert.ok(cases.length > 0);
});

// Every vector twice: with host crypto (node:crypto does HMAC-SHA512, RSA
// encryption and signing) and without (the module's own Go), and each run
// proves which path it took.
test('every vector, host crypto (node:crypto)', async (t) => {
  const paysign = await load({ hostCrypto: true }); // one instance for all: a recovered panic must not spoil it
  for (const c of cases) {
    await t.test(c.name, () => c.run(paysign));
  }
  const { provider, calls } = paysign.hostCrypto;
  t.diagnostic(`${provider}: ${JSON.stringify(calls)}`);
  assert.equal(provider, 'node:crypto');
  assert.ok(calls.hmac_sha512 > 0 && calls.rsa_encrypt_pkcs1 > 0 && calls.rsa_sign_pkcs1_sha256 > 0, JSON.stringify(calls));
});

test('every vector, Go crypto (hostCrypto: false)', async (t) => {
  const paysign = await load({ hostCrypto: false });
  assert.equal(paysign.hostCrypto, null);
  for (const c of cases) {
    await t.test(c.name, () => c.run(paysign));
  }
});

test('deep JSON equality follows the README', () => {
  assert.ok(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }));
  assert.ok(jsonEqual(JSON.parse('{"n":1e2}'), JSON.parse('{"n":100}')));
  assert.ok(!jsonEqual({ n: 1 }, { n: '1' }));
  assert.ok(!jsonEqual([1, 2], [2, 1]));
  assert.ok(!jsonEqual({}, []));
  assert.ok(!jsonEqual({ a: null }, {}));
  assert.ok(!jsonEqual({ a: 'x' }, { a: 'x', b: 'y' }));
  assert.ok(!jsonEqual('é', 'e\u0301'));
});
