// The boundary between JavaScript values and the core's JSON (issues 10, 11):
// one float policy, only PaySignError out of the package whatever the value,
// member order kept (Maps), and none of it costing the hot path much.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { load, PaySignError, PayWay } from '../src/index.js';
import { toJSONText, wellFormed } from '../src/json.js';
import { catchError } from './assertions.js';

const wasmPath = process.env.PAYSIGN_WASM || fileURLToPath(new URL('../../../build/paysign.wasm', import.meta.url));
const wasmModule = await WebAssembly.compile(readFileSync(wasmPath));
const key = (name) => readFileSync(new URL(`../../../internal/testkeys/${name}`, import.meta.url), 'utf8');
const API_KEY = 'TEST_ONLY_boundary_api_key_5a1f';
const merchant = { merchantId: 'ec000002', apiKey: API_KEY, rsaPublicKey: key('rsa1024_TEST_ONLY_public.pem') };
const at = { requestTime: '20261121093403' };
const paysign = await load({ wasm: wasmModule });
const payway = new PayWay(paysign, merchant);
const purchase = (extra) => ({ tran_id: 'T1', amount: '1.00', currency: 'USD', ...extra });

/** Every error must be a PaySignError without the API key. */
function refusal(fn) {
  const err = catchError(fn);
  assert.ok(err instanceof PaySignError, `not a PaySignError: ${err?.name}: ${err?.message}`);
  assert.ok(!`${err.message} ${err.field} ${err.stack} ${inspect(err)}`.includes(API_KEY), 'the API key is in the error');
  return err;
}

// --- floats (11.5) ------------------------------------------------------------

test('a number that is not an exact safe integer is refused anywhere, before anything is signed', () => {
  const cases = [
    [{ refund_amount: 1.5 }, 'params.refund_amount', /the number 1\.5.*decimal string such as "1\.50"/],
    [{ refund_amount: 0.1 + 0.2 }, 'params.refund_amount', /0\.30000000000000004/],
    [{ refund_amount: NaN }, 'params.refund_amount', /NaN/],
    [{ refund_amount: Infinity }, 'params.refund_amount', /Infinity/],
    [{ refund_amount: -Infinity }, 'params.refund_amount', /-Infinity/],
    [{ refund_amount: Number.MAX_SAFE_INTEGER + 1 }, 'params.refund_amount', /MAX_SAFE_INTEGER.*BigInt/],
    [{ refund_amount: 1e21 }, 'params.refund_amount', /MAX_SAFE_INTEGER/],
    [{ refund_amount: new Number(2.5) }, 'params.refund_amount', /2\.5/], // a Number object counts as its value
  ];
  let calls = 0;
  const spy = { call: (op, request) => { calls++; return paysign.call(op, request); } };
  const counted = new PayWay(spy, merchant);
  for (const [params, field, message] of cases) {
    const err = refusal(() => counted.sign('refund', { tran_id: 'T1', ...params }));
    assert.equal(err.code, 'float_not_allowed', field);
    assert.equal(err.field, field);
    assert.match(err.message, message);
  }
  assert.equal(calls, 0, 'nothing reached the module, not even the handle');
  // At any depth, in items and objects, and in raw call()s and other ops.
  const deep = refusal(() => payway.sign('purchase', purchase({ items: [{ name: 'a', quantity: 1, price: '1.00' }, { name: 'b', quantity: 2, price: 2.5 }] })));
  assert.deepEqual([deep.code, deep.field], ['float_not_allowed', 'params.items.1.price']);
  const nested = refusal(() => payway.sign('purchase', purchase({ custom_fields: { a: { b: [1, 2, { c: 0.5 }] } } })));
  assert.deepEqual([nested.code, nested.field], ['float_not_allowed', 'params.custom_fields.a.b.2.c']);
  const inMap = refusal(() => payway.sign('purchase', purchase({ custom_fields: new Map([['x', 1.25]]) })));
  assert.deepEqual([inMap.code, inMap.field], ['float_not_allowed', 'params.custom_fields.x']);
  const raw = refusal(() => paysign.call('payway.decode_response', { operation: 'refund', http_status: 200.5, body: '{}' }));
  assert.deepEqual([raw.code, raw.field], ['float_not_allowed', 'http_status']);
  assert.equal(refusal(() => payway.verify('refund', { hash: 1.5 })).code, 'float_not_allowed');
  assert.equal(refusal(() => payway.signCallback({ tran_id: 'T1', apv: 0.5 })).code, 'float_not_allowed');
  // Text requests carry no floats: their numbers are read exactly by the core.
  assert.equal(paysign.call('payway.decode_response', '{"operation":"refund","http_status":200,"body":"{}"}').http_status, 200);
});

test('integers, strings and BigInts are accepted; a BigInt is written as its digits', () => {
  const big = 12345678901234567890123n;
  assert.equal(toJSONText({ a: big, b: -7n, c: 0, d: -0, e: Number.MAX_SAFE_INTEGER, f: '1.50' }), `{"a":${big},"b":-7,"c":0,"d":0,"e":9007199254740991,"f":"1.50"}`);
  assert.equal(toJSONText(Object(5n)), '5');
  const withNumbers = payway.sign('purchase', purchase({ items: [{ name: 'Latte', quantity: 2, price: '2.50' }] }), at);
  const withBigInt = payway.sign('purchase', purchase({ items: [{ name: 'Latte', quantity: 2n, price: '2.50' }] }), at);
  assert.equal(withBigInt.hash, withNumbers.hash);
  const link = { title: 'Order 1', amount: '5.00', currency: 'USD', expired_date: 1795000000n, merchant_ref_no: 'R1', return_url: 'https://shop.example/r' };
  assert.equal(payway.sign('create_payment_link', link, at).merchant_auth_json, payway.sign('create_payment_link', { ...link, expired_date: 1795000000 }, at).merchant_auth_json);
});

// --- never a raw exception (item 2) --------------------------------------------

test('every value JavaScript can hold becomes a PaySignError with a documented code, never a raw exception', () => {
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  const cyclicArray = [];
  cyclicArray.push(cyclicArray);
  let tooDeep = 'x';
  for (let i = 0; i < 600; i++) tooDeep = [tooDeep];
  let dag = [];
  for (let i = 0; i < 40; i++) dag = [dag, dag]; // 2^40 paths through 40 arrays: refused, not walked forever
  const throwing = { get secret() { throw new Error(`getter with ${API_KEY}`); } };
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const toJSONThrows = { toJSON() { throw new TypeError(API_KEY); } };
  const cases = {
    cycle: [{ custom_fields: cyclic }, 'malformed_request', 'params.custom_fields.self', /holds itself/],
    'cycle in an array': [{ items: cyclicArray }, 'malformed_request', 'params.items.0', /holds itself/],
    'too deep': [{ custom_fields: { deep: tooDeep } }, 'malformed_request', undefined, /deeper than 512/],
    'shared 2^40 times': [{ custom_fields: { dag } }, 'request_too_large', undefined, /1 MiB/],
    function: [{ custom_fields: { f() {} } }, 'malformed_request', 'params.custom_fields.f', /a function/],
    symbol: [{ custom_fields: { s: Symbol('s') } }, 'malformed_request', 'params.custom_fields.s', /a symbol/],
    'undefined in an array': [{ items: [undefined] }, 'malformed_request', 'params.items.0', /undefined/],
    'a hole in an array': [{ items: [, { name: 'a' }] }, 'malformed_request', 'params.items.0', /undefined/], // eslint-disable-line no-sparse-arrays
    Set: [{ custom_fields: new Set(['a']) }, 'malformed_request', 'params.custom_fields', /a Set/],
    'typed array': [{ custom_fields: new Uint8Array(2) }, 'malformed_request', 'params.custom_fields', /Uint8Array/],
    'Map with a number key': [{ custom_fields: new Map([[10, 'a']]) }, 'malformed_request', 'params.custom_fields', /number key/],
    'throwing getter': [{ custom_fields: throwing }, 'malformed_request', 'params.custom_fields.secret', /threw Error/],
    'revoked proxy': [{ custom_fields: revoked.proxy }, 'malformed_request', 'params.custom_fields', /threw TypeError/],
    'throwing toJSON': [{ custom_fields: toJSONThrows }, 'malformed_request', 'params.custom_fields', /threw TypeError/],
    'lone high surrogate': [{ firstname: 'Sok\ud800' }, 'malformed_request', 'params.firstname', /unpaired UTF-16 surrogate/],
    'lone low surrogate in an item': [{ items: [{ name: 'a\udc00b', quantity: 1, price: '1.00' }] }, 'malformed_request', 'params.items.0.name', /surrogate/],
    'surrogate in a member name': [{ custom_fields: { 'k\ud83d': 'v' } }, 'malformed_request', 'params.custom_fields.k\ud83d', /surrogate/],
  };
  for (const [name, [extra, code, field, message]] of Object.entries(cases)) {
    const err = refusal(() => payway.sign('purchase', purchase(extra), at));
    assert.equal(err.code, code, `${name}: ${err.message}`);
    if (field !== undefined) assert.equal(err.field, field, name);
    assert.match(err.message, message, name);
    assert.ok(err.message.length < 400, `${name}: a short message`);
  }
  // The op and the request of raw calls.
  for (const op of [Symbol('op'), 42, null, undefined, { toString: () => 'payway.sign' }]) {
    assert.equal(refusal(() => paysign.call(op, {})).code, 'unknown_op');
    assert.equal(refusal(() => paysign.callRaw(op, {})).code, 'unknown_op');
  }
  assert.equal(refusal(() => paysign.call('paysign.version', 10n)).code, 'malformed_request', 'a BigInt request is a number, not an object: the core refuses it');
  assert.equal(refusal(() => paysign.call('paysign.version', { x: () => 1 })).code, 'malformed_request');
  assert.equal(refusal(() => paysign.call('paysign.version', cyclic)).field, 'self');
  // Text requests: TextEncoder would turn a lone surrogate into U+FFFD without a word.
  assert.deepEqual(new TextEncoder().encode('\ud800'), new Uint8Array([0xef, 0xbf, 0xbd]));
  const text = refusal(() => paysign.callRaw('payway.sign', `{"operation":"check_transaction","credentials":{"merchant_id":"ec000002","api_key":"${API_KEY}"},"params":{"tran_id":"T\ud800"}}`));
  assert.equal(text.code, 'malformed_request');
  assert.match(text.message, /unpaired UTF-16 surrogate/);
  // Operation, request time, environment and base URL of the helper.
  assert.equal(refusal(() => payway.sign(Symbol('op'), {})).field, 'operation');
  assert.equal(refusal(() => payway.sign('check_transaction', { tran_id: 'T1' }, { requestTime: 20261121093403 })).field, 'request_time');
  assert.equal(refusal(() => payway.sign('check_transaction', { tran_id: 'T1' }, { requestTime: 1.5 })).code, 'float_not_allowed');
  assert.equal(refusal(() => payway.sign('check_transaction', { tran_id: 'T1' }, { environment: 'staging' })).field, 'environment');
  assert.equal(refusal(() => new PayWay(paysign, { ...merchant, baseUrl: 'ftp://x' }).sign('check_transaction', { tran_id: 'T1' })).field, 'base_url');
  assert.equal(refusal(() => payway.sign('check_transaction', 'tran_id=T1')).field, 'params');
  // Callback bodies: not UTF-8, not a string, a lone surrogate.
  assert.equal(refusal(() => payway.verifyCallback(new Uint8Array([0x7b, 0xff, 0x7d]), 'x')).code, 'body_malformed');
  assert.equal(refusal(() => payway.verifyCallback({ tran_id: 'T1' }, 'x')).code, 'body_malformed');
  assert.equal(refusal(() => payway.verifyCallback('{"a":"\ud800"}', 'x')).code, 'body_malformed');
  assert.equal(refusal(() => payway.verifyCallback('{}', 42)).code, 'signature_malformed');
  // The instance is fine afterwards.
  assert.equal(payway.sign('check_transaction', { tran_id: 'T1' }, at).hash_input, '20261121093403ec000002T1');
});

test('the surrogate check without String.prototype.isWellFormed (Node 18) agrees with it', () => {
  const samples = ['', 'abc', 'é', '😀', 'a😀b', '\ud800', '\udc00', 'a\ud800', '\ud800a', '\udc00\ud800', '\ud83d\ude00\ud83d', 'x\ud83d\ude00', '\ud800\ud800\udc00'];
  for (const text of samples) assert.equal(wellFormed(text), text.isWellFormed(), JSON.stringify(text));
});

test('undefined members are left out, as JSON.stringify does; Dates and URLs are their toJSON()', () => {
  const a = payway.sign('purchase', purchase({ firstname: undefined, lastname: 'Sok' }), at);
  const b = payway.sign('purchase', purchase({ lastname: 'Sok' }), at);
  assert.equal(a.hash, b.hash);
  assert.equal(toJSONText({ when: new Date(Date.UTC(2026, 10, 21)), url: new URL('https://shop.example/a?b=1') }),
    '{"when":"2026-11-21T00:00:00.000Z","url":"https://shop.example/a?b=1"}');
  class Item { constructor() { this.name = 'Latte'; this.quantity = 1; this.price = '2.50'; } }
  assert.equal(toJSONText([new Item()]), '[{"name":"Latte","quantity":1,"price":"2.50"}]', 'a class instance is its own enumerable members');
});

// --- member order (10.4) ---------------------------------------------------------

test('the MemberOrder vector: PayWay.sign(purchase, {items, custom_fields}) sends its fields', () => {
  const vectors = JSON.parse(readFileSync(new URL('../../../testvectors/payway_sign.json', import.meta.url), 'utf8'));
  const vector = vectors.tests.find((t) => t.flags?.includes('MemberOrder'));
  assert.ok(vector, 'testvectors/payway_sign.json has a MemberOrder vector');
  const { credentials, params, request_time: requestTime, environment } = vector.input;
  const signer = new PayWay(paysign, { merchantId: credentials.merchant_id, apiKey: credentials.api_key, environment });
  // The vector's JSON text as a JavaScript object literal: the same key order (no integer-like keys).
  const signed = signer.sign('purchase', {
    tran_id: params.tran_id,
    amount: params.amount,
    items: params.items,
    custom_fields: params.custom_fields,
    return_deeplink: params.return_deeplink,
    currency: params.currency,
  }, { requestTime });
  assert.deepEqual(signed.fields, vector.output.fields);
  assert.equal(signed.hash_input, vector.output.hash_input);
  assert.equal(signed.hash, vector.output.hash);
  // The same through Maps, in the vector's order.
  const asMap = (o) => new Map(Object.entries(o).map(([k, v]) => [k, v !== null && typeof v === 'object' && !Array.isArray(v) ? asMap(v) : v]));
  const viaMaps = signer.sign('purchase', asMap(params), { requestTime });
  assert.deepEqual(viaMaps.fields, vector.output.fields);
  signer.close();
});

test('a Map keeps an integer-like key where it was put; a plain object cannot', () => {
  const object = { b: 'first', 10: 'second' }; // JavaScript itself iterates "10" first
  assert.deepEqual(Object.keys(object), ['10', 'b']);
  const map = new Map([['b', 'first'], ['10', 'second']]);
  const decoded = (signed) => atob(signed.fields.find(([name]) => name === 'custom_fields')[1]);
  assert.equal(decoded(payway.sign('purchase', purchase({ custom_fields: map }), at)), '{"b":"first","10":"second"}');
  assert.equal(decoded(payway.sign('purchase', purchase({ custom_fields: object }), at)), '{"10":"second","b":"first"}');
  // Nested Maps and Maps inside arrays and objects; an array of pairs stays an array.
  assert.equal(toJSONText({ a: [new Map([['z', 1], ['1', new Map([['y', 2n], ['0', 'x']])]])] }), '{"a":[{"z":1,"1":{"y":2,"0":"x"}}]}');
  assert.equal(toJSONText([['b', 1], ['10', 2]]), '[["b",1],["10",2]]');
  // A Map's undefined values are left out like an object's.
  assert.equal(toJSONText(new Map([['a', undefined], ['b', 1]])), '{"b":1}');
});

// --- cost ---------------------------------------------------------------------------

test('the checks cost little next to a call', () => {
  const params = purchase({
    items: [1, 2, 3, 4, 5].map((i) => ({ name: `Item ${i}`, quantity: i, price: `${i}.50` })),
    return_url: 'https://shop.example/return', cancel_url: 'https://shop.example/cancel', continue_success_url: 'https://shop.example/done',
  });
  const time = (f, n) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    return Number(process.hrtime.bigint() - start) / n;
  };
  for (let i = 0; i < 2000; i++) toJSONText(params, 'params', 2);
  const checked = Math.min(...[0, 1, 2].map(() => time(() => toJSONText(params, 'params', 2), 20000)));
  const plain = Math.min(...[0, 1, 2].map(() => time(() => JSON.stringify(params), 20000)));
  const call = Math.min(...[0, 1, 2].map(() => time(() => payway.sign('purchase', params, at), 500)));
  console.log(`W3-like params: JSON.stringify ${plain.toFixed(0)} ns, with paysign's checks ${checked.toFixed(0)} ns; sign() ${(call / 1000).toFixed(1)} µs`);
  assert.ok(checked - plain < call / 20, 'the checks are under 5 % of a sign()');
});
