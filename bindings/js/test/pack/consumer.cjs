// Runs in the empty project too: the CommonJS entry, require('paysign').
'use strict';
const assert = require('node:assert/strict');
const { createHmac } = require('node:crypto');
const paysign = require('paysign');

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
  console.log(`npm pack: require('paysign') works (version ${paysign.version})`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
