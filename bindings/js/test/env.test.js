// PayWay.fromEnv(): the credentials from PAYWAY_* variables, as the command
// line reads them; every error names the variable, never a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { load, PayWay, PaySignError } from '../src/index.js';

const paysign = await load();
const PEM = readFileSync(new URL('../../../internal/testkeys/rsa1024_TEST_ONLY_public.pem', import.meta.url), 'utf8');
const API_KEY = 'TEST_ONLY_from_env_api_key_0123';
const base = { PAYWAY_MERCHANT_ID: 'ec000002', PAYWAY_API_KEY: API_KEY };
const at = { requestTime: '20261121093403' };

/** The PaySignError fromEnv rejects with; no value of env in it (the environment's name may be: "production"). */
async function refusal(env) {
  const err = await PayWay.fromEnv({ paysign, env }).then(() => assert.fail('resolved'), (e) => e);
  assert.ok(err instanceof PaySignError, String(err));
  const text = `${err.message} ${inspect(err)}`;
  for (const [name, value] of Object.entries(env)) {
    if (name !== 'PAYWAY_ENVIRONMENT' && value.length > 3) assert.ok(!text.includes(value), `the value of ${name} in the error: ${err.message}`);
  }
  return err;
}

test('fromEnv: the variables make the PayWay the options would', async () => {
  const fromEnv = await PayWay.fromEnv({ paysign, env: { ...base, PAYWAY_RSA_PUBLIC_KEY: PEM.replaceAll('\n', '\\n'), PAYWAY_BASE_URL: 'http://127.0.0.1:4010' } });
  const direct = new PayWay(paysign, { merchantId: 'ec000002', apiKey: API_KEY, rsaPublicKey: PEM, baseUrl: 'http://127.0.0.1:4010' });
  const signed = fromEnv.sign('check_transaction', { tran_id: 'T1' }, at);
  assert.equal(signed.hash, createHmac('sha512', API_KEY).update(signed.hash_input).digest('base64'), 'PAYWAY_API_KEY signs');
  assert.deepEqual(signed, direct.sign('check_transaction', { tran_id: 'T1' }, at));
  assert.ok(signed.url.startsWith('http://127.0.0.1:4010/'), 'PAYWAY_BASE_URL');
  // PAYWAY_RSA_PUBLIC_KEY with "\n" escapes encrypts merchant_auth: the refund signs.
  assert.ok(fromEnv.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }, at).merchant_auth_json);
  assert.equal(fromEnv.merchantId, 'ec000002');
  assert.doesNotMatch(inspect(fromEnv, { showHidden: true }) + JSON.stringify(fromEnv), new RegExp(API_KEY));

  const dir = mkdtempSync(join(tmpdir(), 'paysign-env-'));
  try {
    const file = join(dir, 'payway.pem');
    writeFileSync(file, PEM);
    const fromFile = await PayWay.fromEnv({ paysign, env: { ...base, PAYWAY_RSA_PUBLIC_KEY_FILE: file } });
    assert.ok(fromFile.sign('refund', { tran_id: 'T1', refund_amount: '1.50' }, at).merchant_auth_json, 'PAYWAY_RSA_PUBLIC_KEY_FILE');
    const both = await refusal({ ...base, PAYWAY_RSA_PUBLIC_KEY: PEM, PAYWAY_RSA_PUBLIC_KEY_FILE: file });
    assert.deepEqual([both.code, both.field], ['malformed_request', 'PAYWAY_RSA_PUBLIC_KEY_FILE']);
    assert.match(both.message, /PAYWAY_RSA_PUBLIC_KEY and PAYWAY_RSA_PUBLIC_KEY_FILE are both set/);
    const missing = await refusal({ ...base, PAYWAY_RSA_PUBLIC_KEY_FILE: join(dir, 'secret-named-file.pem') });
    assert.deepEqual([missing.code, missing.field], ['malformed_request', 'PAYWAY_RSA_PUBLIC_KEY_FILE']);
    assert.match(missing.message, /^paysign: PAYWAY_RSA_PUBLIC_KEY_FILE: cannot read the file \(ENOENT\)$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // PAYWAY_ENVIRONMENT: production (with a key that is not a test key).
  const live = await PayWay.fromEnv({ paysign, env: { ...base, PAYWAY_API_KEY: 'live_lookalike_key', PAYWAY_ENVIRONMENT: 'production' } });
  assert.match(live.sign('check_transaction', { tran_id: 'T1' }).url, /^https:\/\/checkout\.payway\.com\.kh\//);
  // The process's own environment by default.
  const saved = { ...process.env };
  Object.assign(process.env, base);
  try {
    assert.equal((await PayWay.fromEnv({ paysign })).merchantId, 'ec000002');
  } finally {
    for (const name of Object.keys(base)) if (!(name in saved)) delete process.env[name];
  }
});

test('fromEnv: each refusal names its variable', async () => {
  for (const name of ['PAYWAY_MERCHANT_ID', 'PAYWAY_API_KEY']) {
    const err = await refusal({ ...base, [name]: '' });
    assert.deepEqual([err.code, err.field, err.message], ['PTL04', name, `paysign: ${name} is not set`]);
  }
  // What the core refuses, named by the variable it came from.
  const cases = [
    [{ PAYWAY_RSA_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n' }, 'PAYWAY_RSA_PUBLIC_KEY', 'invalid_key'],
    [{ PAYWAY_BASE_URL: 'http://payway.example.com' }, 'PAYWAY_BASE_URL', 'PTL05'],
    [{ PAYWAY_ENVIRONMENT: 'staging' }, 'PAYWAY_ENVIRONMENT', 'PTL05'],
    [{ PAYWAY_ENVIRONMENT: 'production' }, 'PAYWAY_ENVIRONMENT', 'environment_mismatch'], // a TEST_ONLY key in production
    [{ PAYWAY_MERCHANT_ID: 'x'.repeat(80) }, 'PAYWAY_MERCHANT_ID', 'PTL05'],
  ];
  for (const [env, variable, code] of cases) {
    const err = await refusal({ ...base, ...env });
    assert.deepEqual([err.field, err.code], [variable, code], err.message);
    assert.ok(err.message.startsWith(`paysign: ${variable}: `), err.message);
  }
  await assert.rejects(PayWay.fromEnv({ paysign, env: 'PAYWAY_API_KEY=k' }), (err) => err.code === 'misuse', 'env is an object');
});
