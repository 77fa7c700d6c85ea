// Runs in an empty project where only the packed tarball is installed.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { load, PayWay, PaySignError, version } from 'paysign';

assert.equal(process.env.PAYSIGN_WASM, undefined);
const manifest = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('paysign/package.json'), 'utf8'));
assert.equal(version, manifest.version, 'the exported version is the package version');
const paysign = await load();
assert.equal(paysign.location, 'package', 'the packaged dist/paysign.wasm is used');
assert.ok(paysign.call('paysign.version').ops.includes('payway.sign'));

const apiKey = 'TEST_ONLY_pack_api_key';
const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey });
const signed = payway.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' });
assert.equal(signed.hash, createHmac('sha512', apiKey).update(signed.hash_input).digest('base64'));
assert.throws(() => payway.sign('check_transaction', {}), (err) => err instanceof PaySignError && err.code === 'PTL04');
// Host crypto (node:crypto) is on by default in Node, off on request; same hash.
assert.equal(paysign.hostCrypto.provider, 'node:crypto');
assert.ok(paysign.hostCrypto.calls.hmac_sha512 > 0);
const pureGo = new PayWay(await load({ hostCrypto: false }), { merchantId: 'ec000002', apiKey });
assert.equal(pureGo.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' }).hash, signed.hash);
console.log(`npm pack: installed package works (hash ${signed.hash.slice(0, 16)}…)`);
