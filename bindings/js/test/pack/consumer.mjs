// Runs in an empty project where only the packed tarball is installed.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { load, PayWay, PaySignError, PayWayError, version } from 'paysign';

assert.equal(process.env.PAYSIGN_WASM, undefined);
const manifest = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('paysign/package.json'), 'utf8'));
assert.equal(version, manifest.version, 'the exported version is the package version');
// `import 'paysign'` is the bundled entry, and require('paysign') hands out the same module: one set of classes.
assert.match(import.meta.resolve('paysign'), /\/node_modules\/paysign\/dist\/paysign\.js$/);
assert.equal((await createRequire(import.meta.url)('paysign').esm()).PaySignError, PaySignError, 'import and require share one module');
const paysign = await load();
assert.equal(paysign.location, 'package', 'the packaged dist/paysign.wasm is used');
assert.ok(paysign.call('paysign.version').ops.includes('payway.sign'));

const apiKey = 'TEST_ONLY_pack_api_key';
const payway = new PayWay(paysign, { merchantId: 'ec000002', apiKey });
const signed = payway.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' });
assert.equal(signed.hash, createHmac('sha512', apiKey).update(signed.hash_input).digest('base64'));
assert.throws(() => payway.sign('check_transaction', {}), (err) => err instanceof PaySignError && err.code === 'PTL04');
// Host crypto (node:crypto) is on by default in Node, off on request; same hash. A hash input
// stays in the module; a message of 1 KiB or more (a large pushback) goes to node:crypto.
assert.equal(paysign.hostCrypto.provider, 'node:crypto');
assert.equal(paysign.hostCrypto.calls.hmac_sha512, 0);
const pushback = JSON.stringify({ tran_id: 'T1001', apv: '123456', status: '0', return_params: 'r'.repeat(1100) });
const header = paysign.call('payway.sign_callback', { credentials: { api_key: apiKey }, body: pushback });
assert.equal(header.signature, createHmac('sha512', apiKey).update(header.hash_input).digest('base64'));
assert.equal(paysign.hostCrypto.calls.hmac_sha512, 1);
const pureGo = new PayWay(await load({ hostCrypto: false }), { merchantId: 'ec000002', apiKey });
assert.equal(pureGo.sign('check_transaction', { tran_id: 'T1001' }, { requestTime: '20261121093403' }).hash, signed.hash);
// send(): fetch and the decode, against a stand-in for PayWay on 127.0.0.1.
const server = createServer((req, res) => {
  req.resume();
  const close = req.url.includes('close-transaction');
  res.writeHead(close ? 403 : 200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: { code: close ? '2' : '00', message: 'stand-in' } }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const sender = new PayWay(paysign, { merchantId: 'ec000002', apiKey, baseUrl: `http://127.0.0.1:${server.address().port}` });
assert.equal((await sender.send('check_transaction', { tran_id: 'T1001' })).code, '00');
await assert.rejects(sender.send('close_transaction', { tran_id: 'T1001' }), (err) => err instanceof PayWayError && err.code === '2' && err.category === 'declined');
assert.throws(() => sender.sign('refund', { tran_id: 'T1001', refund_amount: 1.5 }), (err) => err instanceof PaySignError && err.code === 'float_not_allowed');
sender.close();
server.close();
console.log(`npm pack: installed package works (hash ${signed.hash.slice(0, 16)}…; send() decodes)`);
