// Runs in the empty project too: the CommonJS entry, require('paysign').
'use strict';
const assert = require('node:assert/strict');
const { createHmac } = require('node:crypto');
const paysign = require('paysign');

const err0 = () => new Error('not paysign');

(async () => {
  assert.match(paysign.version, /^\d+\.\d+\.\d+/);
  const payway = await paysign.PayWay.load({ merchantId: 'ec000002', apiKey: 'TEST_ONLY_pack_api_key' });
  const signed = payway.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' });
  assert.equal(signed.hash, createHmac('sha512', 'TEST_ONLY_pack_api_key').update(signed.hash_input).digest('base64'));
  try {
    payway.sign('check_transaction', {});
    assert.fail('signed without tran_id');
  } catch (err) {
    assert.ok(paysign.isPaySignError(err) && err.code === 'PTL04');
    assert.ok(err instanceof (await paysign.esm()).PaySignError);
  }
  const instance = await paysign.load();
  assert.equal(instance.location, 'package');
  assert.equal(paysign.ABI_VERSION, (await paysign.esm()).ABI_VERSION, 'the CommonJS entry speaks the same ABI');
  assert.equal(paysign.ABI_VERSION, instance.abiVersion);
  const { PayWayError } = await paysign.esm();
  assert.ok(paysign.isPayWayError(new PayWayError('refund', { code: 'PTL37', category: 'declined', meaning: '', message: '', http_status: 403, retryable: false })));
  assert.ok(!paysign.isPayWayError(err0()));
  const { PayWayTransportError } = await paysign.esm();
  const failed = new PayWayTransportError('refund', { code: 'outcome_unknown', message: 'paysign: payway refund: outcome unknown', next: 'confirm_first' });
  assert.ok(paysign.isPayWayTransportError(failed) && paysign.isPaySignError(failed) && failed.outcomeUnknown);
  assert.ok(!paysign.isPayWayTransportError(err0()));
  const fromEnv = await paysign.PayWay.fromEnv({ env: { PAYWAY_MERCHANT_ID: 'ec000002', PAYWAY_API_KEY: 'TEST_ONLY_pack_api_key' } });
  assert.equal(fromEnv.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' }).hash, signed.hash);
  console.log(`npm pack: require('paysign') works (version ${paysign.version})`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
