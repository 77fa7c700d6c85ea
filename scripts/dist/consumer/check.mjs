// dist-check: runs in an empty npm project where only the paysign tarball is installed.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { load, PayWay, PaySignError, version } from 'paysign';

const API_KEY = 'TEST_ONLY_dist_check_api_key'; // made up; the output must never show it
assert.equal(version, process.env.EXPECT_VERSION);
const paysign = await load();
assert.equal(paysign.location, 'package');
const publicKey = readFileSync(process.env.RSA_PUBLIC, 'utf8');
const privateKey = readFileSync(process.env.RSA_PRIVATE, 'utf8');

const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey: API_KEY, rsaPublicKey: publicKey, rsaPrivateKey: privateKey });
const refund = payway.sign('refund', { tran_id: 'T1001', refund_amount: '1.50' });
const verified = payway.verify('refund', refund.fields);
assert.deepEqual(verified.merchant_auth, { mc_id: 'ec000002', tran_id: 'T1001', refund_amount: 1.5 });

const purchase = payway.sign('purchase', { tran_id: 'T1002', amount: '2.50', currency: 'USD',
  items: [{ name: 'Latte', quantity: 1, price: '2.50' }] });
assert.equal(purchase.hash, createHmac('sha512', API_KEY).update(purchase.hash_input).digest('base64'));
assert.throws(() => payway.sign('refund', { refund_amount: '1.50' }),
  (err) => err instanceof PaySignError && err.code === 'PTL04' && err.field === 'params.tran_id');

// CommonJS users: require('paysign') gives a promise-based API over the same module.
const require = createRequire(import.meta.url);
const cjs = require('paysign');
assert.equal(cjs.version, version);
const cjsPayWay = await cjs.PayWay.load({ merchantId: 'ec000002', apiKey: API_KEY });
const check = cjsPayWay.sign('check_transaction', { tran_id: 'T1003' });
assert.equal(check.hash, createHmac('sha512', API_KEY).update(check.hash_input).digest('base64'));
console.log(`node: paysign ${version} (ESM and require()): refund round-trips through payway.verify, ` +
  'purchase hash = HMAC-SHA512 (node:crypto), PTL04 on a missing field');
