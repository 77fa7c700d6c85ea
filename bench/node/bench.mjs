// Node bench: paysign (bindings/js over build/paysign.wasm) against the code
// a Node user writes instead with node:crypto, in one process and run.
//
//   node bench/node/bench.mjs run    WORKLOADS OUT SCALE REPS   timings (+ equal-work checks)
//   node bench/node/bench.mjs memory WORKLOADS N                wasm linear memory after N signs (prints JSON)
//   node bench/node/bench.mjs loop   WORKLOADS NAME N [go]      N signs of one workload (for node --cpu-prof)
//
// paysign is measured the way a Node user calls it: PayWay objects (one per
// workload's credentials, made before timing) for the PayWay workloads,
// paysign.call('bbmsl.sign') for BBMSL. Impl "paysign" is the default, host
// crypto from node:crypto; "paysign.go" is the same with hostCrypto: false
// (the module's own Go, as in browsers), for reference; "paysign.plain" is
// "paysign" with $PAYSIGN_WASM_PLAIN (the module before wasm-opt and wizer). "go" as the last
// argument of loop selects hostCrypto: false. Cold starts: bench/js/cold.mjs.
//
// Baselines, both hand-written the way PayWay's samples and public SDKs do it
// (same hash order, same merchant_auth JSON, 117-byte chunks, PKCS #1 v1.5,
// base64 once): "sample" passes the PEM string to crypto.publicEncrypt /
// crypto.sign on every call (OpenSSL parses it every time); "best" parses the
// key once (crypto.createPublicKey / createPrivateKey) and reuses the object.
// Before timing, each baseline's output of each workload goes through
// paysign's own payway.verify (with the TEST_ONLY private key) and its hash
// input / merchant_auth JSON / BBMSL signature must equal paysign's.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const [mode, workloadsPath, ...rest] = process.argv.slice(2);
const workloads = JSON.parse(fs.readFileSync(workloadsPath, 'utf8'));

// The instance's memory, for the memory report: bindings/js keeps its
// exports private, so the bench watches WebAssembly.instantiate.
let instance;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const r = await instantiate.apply(WebAssembly, args);
  instance = r instanceof WebAssembly.Instance ? r : r.instance;
  return r;
};

// signer returns a function that signs workload w through paysign the way
// a user does: a PayWay object made once, asking for only what is sent
// (output: 'send', as send() does and as the Python rows do), or
// paysign.call for BBMSL.
function signer(PayWay, ps, w) {
  if (w.op !== 'payway.sign') return () => ps.call(w.op, w.request);
  const { credentials: c, operation, params, request_time: requestTime, environment } = w.request;
  const payway = new PayWay(ps, { merchantId: c.merchant_id, apiKey: c.api_key, rsaPublicKey: c.rsa_public_key, environment: environment ?? 'sandbox' });
  return () => payway.sign(operation, params, { requestTime, output: 'send' });
}

const { load, PayWay } = await import(path.join(repo, 'bindings/js/src/index.js'));
const ps = await load({ hostCrypto: mode !== 'loop' || rest[2] !== 'go' });

if (mode === 'memory') {
  const n = Number(rest[0]);
  const ws = workloads.filter((w) => w.op === 'payway.sign');
  const signs = ws.map((w) => signer(PayWay, ps, w));
  const before = instance.exports.memory.buffer.byteLength;
  const start = performance.now();
  for (let i = 0; i < n; i++) signs[i % ws.length]();
  const after = instance.exports.memory.buffer.byteLength;
  console.log(JSON.stringify({ signs: n, workloads: ws.map((w) => w.name), memory_before_bytes: before, memory_after_bytes: after,
    us_per_sign: ((performance.now() - start) * 1000) / n }));
  process.exit(0);
}

if (mode === 'loop') {
  const sign = signer(PayWay, ps, workloads.find((x) => x.name === rest[0]));
  for (let i = 0, n = Number(rest[1]); i < n; i++) sign();
  process.exit(0);
}

const [out, scaleArg, repsArg] = rest;
const scale = Number(scaleArg ?? 1);
const reps = Number(repsArg ?? 5);
const key = (name) => fs.readFileSync(path.join(repo, 'internal/testkeys', name), 'utf8');
const rsa1024Private = key('rsa1024_TEST_ONLY_private.pem');

// ---- the hand-written baselines ------------------------------------------

function baselines(keyMode) {
  const pubPEM = workloads[1].request.credentials.rsa_public_key;
  const bbmslPEM = workloads.find((w) => w.op === 'bbmsl.sign').request.credentials.private_key;
  // "sample": the PEM string every call; "best": a KeyObject parsed once.
  const pub = keyMode === 'sample' ? pubPEM : crypto.createPublicKey(pubPEM);
  const priv = keyMode === 'sample' ? bbmslPEM : crypto.createPrivateKey(bbmslPEM);
  const hmac = (apiKey, s) => crypto.createHmac('sha512', apiKey).update(s).digest('base64');
  const b64 = (s) => Buffer.from(s).toString('base64');
  const encrypt = (json) => {
    const data = Buffer.from(json);
    const blocks = [];
    for (let i = 0; i < data.length; i += 117) {
      blocks.push(crypto.publicEncrypt({ key: pub, padding: crypto.constants.RSA_PKCS1_PADDING }, data.subarray(i, i + 117)));
    }
    return Buffer.concat(blocks).toString('base64');
  };
  const signed = (fields, apiKey, json, extra) => {
    const hashInput = fields.map((f) => f[1]).join('');
    const all = [...fields, ['hash', hmac(apiKey, hashInput)]];
    const r = { fields: all, hash_input: hashInput, ...extra };
    if (json) r.body = JSON.stringify(Object.fromEntries(all));
    return r;
  };
  return {
    W1_check_transaction({ credentials: c, params: p, request_time: t }) {
      return signed([['req_time', t], ['merchant_id', c.merchant_id], ['tran_id', p.tran_id]], c.api_key, true);
    },
    W2_refund({ credentials: c, params: p, request_time: t }) {
      const json = JSON.stringify({ mc_id: c.merchant_id, tran_id: p.tran_id, refund_amount: Number(p.refund_amount) });
      return signed([['request_time', t], ['merchant_id', c.merchant_id], ['merchant_auth', encrypt(json)]], c.api_key, true, { merchant_auth_json: json });
    },
    W3_purchase({ credentials: c, params: p, request_time: t }) {
      return signed([['req_time', t], ['merchant_id', c.merchant_id], ['tran_id', p.tran_id], ['amount', p.amount],
        ['items', b64(JSON.stringify(p.items))], ['return_url', b64(p.return_url)], ['cancel_url', p.cancel_url],
        ['continue_success_url', p.continue_success_url], ['currency', p.currency]], c.api_key, false);
    },
    W4_payment_link({ credentials: c, params: p, request_time: t }) {
      const json = JSON.stringify({ mc_id: c.merchant_id, title: p.title, amount: Number(p.amount), currency: p.currency, description: p.description,
        expired_date: p.expired_date, return_url: b64(p.return_url), merchant_ref_no: p.merchant_ref_no });
      return signed([['request_time', t], ['merchant_id', c.merchant_id], ['merchant_auth', encrypt(json)]], c.api_key, false, { merchant_auth_json: json });
    },
    W5_bbmsl_refund({ credentials: c, params: p }) {
      const request = JSON.stringify({ merchantId: Number(c.merchant_id), orderId: Number(p.order_id), amount: Number(p.amount) });
      const signature = crypto.sign('sha256', Buffer.from(request), priv).toString('base64');
      return { request, signature, body: JSON.stringify({ request, signature }) };
    },
  };
}

// ---- equal work: every baseline output is checked by paysign -------------

function checkBaseline(impl, w, got) {
  const want = ps.call(w.op, w.request);
  const fail = (what) => { throw new Error(`node ${impl} ${w.name}: ${what}`); };
  if (w.op === 'bbmsl.sign') {
    if (got.request !== want.request || got.signature !== want.signature) fail('BBMSL request/signature differ from paysign');
    return;
  }
  if (got.hash_input !== want.hash_input && !w.rsa) fail('hash input differs from paysign');
  const v = ps.call('payway.verify', { operation: w.request.operation, fields: Object.fromEntries(got.fields),
    credentials: { api_key: w.request.credentials.api_key, rsa_private_key: rsa1024Private } });
  if (w.rsa && v.merchant_auth_json !== want.merchant_auth_json) fail('merchant_auth JSON differs from paysign');
  if (JSON.stringify(got.fields.map((f) => f[0])) !== JSON.stringify(want.fields.map((f) => f[0]))) fail('field order differs');
}

// The PayWay helper's result must equal the raw call's (deterministic parts)
// on the other crypto path: host crypto against pure Go, and back.
function checkPaysign(impl, w, got) {
  const other = impl === 'paysign' ? psGo : ps;
  const want = other.call(w.op, w.op === 'payway.sign' ? { ...w.request, output: 'send' } : w.request);
  // Randomized with merchant_auth: the fields, the body, and the multipart
  // boundary derived from the fields (headers).
  const strip = (v) => JSON.stringify({ ...v, fields: undefined, body: undefined, headers: undefined });
  if (w.op === 'bbmsl.sign' || !w.rsa ? JSON.stringify(got) !== JSON.stringify(want) : strip(got) !== strip(want)) {
    throw new Error(`node ${impl} ${w.name}: the PayWay helper's result differs from the raw call's`);
  }
}

// ---- timing ---------------------------------------------------------------

function timeN(f, n) {
  const s = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - s);
}

function calibrate(f, ns) {
  for (let n = 1; ; n *= 2) {
    const el = timeN(f, n);
    if (el >= ns / 8 || n >= 1 << 24) return Math.max(1, Math.round((n * ns) / Math.max(el, 1)));
  }
}

const psGo = await load({ hostCrypto: false });
if (ps.hostCrypto?.provider !== 'node:crypto' || psGo.hostCrypto !== null) throw new Error('node: host crypto not as expected');
const impls = { paysign: ps, 'paysign.go': psGo, sample: baselines('sample'), best: baselines('best') };
// The plain module (before wasm-opt and the snapshot), interleaved with the
// others: what the shipped module changes per call.
if (process.env.PAYSIGN_WASM_PLAIN) impls['paysign.plain'] = await load({ wasm: process.env.PAYSIGN_WASM_PLAIN });
const jobs = [];
for (const w of workloads) {
  for (const [impl, b] of Object.entries(impls)) {
    const f = impl.startsWith('paysign') ? signer(PayWay, b, w) : () => b[w.name](w.request);
    const got = f();
    if (impl.startsWith('paysign')) checkPaysign(impl, w, got);
    else checkBaseline(impl, w, got);
    jobs.push({ res: { runtime: 'node', workload: w.name, impl, iters: calibrate(f, 2e8 * scale), ns_per_op: [] }, f });
  }
}
const calls = ps.hostCrypto.calls;
// RSA by the host; the HMACs of these workloads stay in the module (hash inputs under 1 KiB:
// primitive.HostHMACMinimum).
if (!(calls.hmac_sha512 === 0 && calls.rsa_encrypt_pkcs1 > 0 && calls.rsa_sign_pkcs1_sha256 > 0)) throw new Error(`node: host crypto not as expected: ${JSON.stringify(calls)}`);
for (let r = 0; r < reps; r++) {
  for (const j of jobs) j.res.ns_per_op.push(timeN(j.f, j.res.iters) / j.res.iters);
  process.stderr.write(`node: round ${r + 1}/${reps}\n`);
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ runtime: 'node', node: process.version, checks: 'every baseline verified by payway.verify / equal to paysign',
  host_crypto_calls: ps.hostCrypto.calls, results: jobs.map((j) => j.res) }, null, 1));
