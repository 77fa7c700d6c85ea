import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../src/index.js';
import { vectorCases, jsonEqual } from './vector-runner.js';
import { readVectorFiles } from './vector-files.js';

const files = readVectorFiles();
const cases = vectorCases(files);

test('vector files are present, and every test of each file runs', () => {
  assert.ok(files.length >= 9, files.map((f) => f.name).join(' '));
  const declared = files.reduce((n, f) => n + JSON.parse(f.text).number_of_tests, 0);
  assert.equal(cases.length, declared, 'number_of_tests of every file');
});

test('the runner fails on a file it cannot take instead of skipping it', () => {
  const file = { schema: 'paysign-vectors-v1', op: 'paysign.version', description: '', notes: {}, number_of_tests: 1,
    tests: [{ id: 1, comment: 'c', flags: [], input: {}, result: 'valid', output: {} }] };
  const cases = (change) => {
    const f = structuredClone(file);
    change(f);
    return () => vectorCases([{ name: 'x.json', text: JSON.stringify(f) }]);
  };
  assert.equal(cases(() => {})().length, 1);
  const refused = [
    ['another schema', (f) => { f.schema = 'paysign-send-v1'; }, /schema "paysign-send-v1"/],
    ['no schema', (f) => { delete f.schema; }, /schema undefined/],
    ['a count that does not match', (f) => { f.number_of_tests = 2; }, /number_of_tests is 2 but the file has 1 tests/],
    ['an unknown file member', (f) => { f.skip = ['x']; }, /does not know: skip/],
    ['an unknown test member', (f) => { f.tests[0].expected = {}; }, /does not know: expected/],
    ['an unknown then member', (f) => { f.tests[0].then = { op: 'payway.verify', input: {}, output: {}, fields: [] }; }, /does not know: fields/],
    ['no op', (f) => { delete f.op; }, /test 1 has no op/],
    ['two inputs', (f) => { f.tests[0].input_raw = '{}'; }, /exactly one of input/],
  ];
  for (const [what, change, message] of refused) assert.throws(cases(change), { name: 'VectorMismatch', message }, what);
  assert.throws(() => vectorCases([{ name: 'x.json', text: '{"schema":' }]), { name: 'VectorMismatch', message: /x\.json: not JSON/ });
  assert.throws(() => readVectorFiles('/nonexistent/testvectors'), { code: 'ENOENT' });
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
