// The send conformance vectors (testvectors/send/payway_send.json) against
// PayWay.send(): the scripted server (internal/scriptserver) does what each
// scenario says on each attempt, and every send must end as the scenario
// expects (done with PayWay's code, refused with its code and category, or
// failed with the error code and `next`), with the server's counts of
// connections, requests and followed redirects afterwards. Go's
// paywayhttp, the CLI, Python and PHP run the same file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PayWay, PayWayError, PaySignError } from '../src/index.js';
import { loadSendVectors, parseSendVectors, sendVectorPath } from './send-vectors.js';
import { scriptServerBinary, startScriptServer } from './scriptserver.js';
import { readFileSync } from 'node:fs';

const vectors = loadSendVectors();
const binary = scriptServerBinary();
const skip = binary ? false : 'no build/scriptserver (make build/scriptserver, or PAYSIGN_SCRIPTSERVER)';
let server;
let Agent; // undici's Agent, the class of Node's fetch dispatcher: each scenario gets a pool of its own

before(async () => {
  if (skip) return;
  server = await startScriptServer(binary);
  await server.counts(); // a first fetch: Node's fetch has made its global dispatcher by now
  Agent = globalThis[Symbol.for('undici.globalDispatcher.1')]?.constructor;
  assert.equal(typeof Agent, 'function', 'Node\'s fetch dispatcher class');
});

after(() => server?.stop());

/** What one send came to, in the members of the vectors' expect (Go's testvectors.SendOutcome). */
export function outcomeOf(settled) {
  if (settled.status === 'fulfilled') {
    const { code, location } = settled.value;
    return location ? { outcome: 'done', code, location } : { outcome: 'done', code };
  }
  const err = settled.reason;
  if (err instanceof PayWayError) return { outcome: 'refused', code: err.code, category: err.category };
  if (err instanceof PaySignError && err.next) return { outcome: 'failed', code: err.code, next: err.next };
  return { outcome: `error: ${err?.name} ${err?.code}: ${err?.message}` };
}

/** Runs one scenario through one PayWay; returns every send's outcome and the server's counts. */
async function run(tc) {
  await server.load(tc.script);
  const agent = new Agent();
  const payway = await PayWay.load({
    merchantId: vectors.credentials.merchant_id, apiKey: vectors.credentials.api_key, rsaPublicKey: vectors.credentials.rsa_public_key,
    baseUrl: tc.target === 'closed_url' ? server.closedUrl : server.url,
    timeout: tc.policy.timeout_ms, queryRetries: tc.policy.query_retries, retryBackoff: tc.policy.retry_backoff_ms,
    fetch: (url, init) => fetch(url, { ...init, dispatcher: agent }),
  });
  const outcomes = [];
  try {
    for (let i = 0; i < tc.sends; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, tc.pause_ms));
      const [settled] = await Promise.allSettled([payway.send(tc.operation, vectors.params[tc.operation])]);
      outcomes.push(outcomeOf(settled));
    }
  } finally {
    payway.close();
    await agent.close();
  }
  return { outcomes, counts: await server.counts() };
}

for (const tc of vectors.tests) {
  test(`send #${tc.id} ${tc.comment}`, { skip }, async () => {
    const { outcome, code, location, category, next, ...counts } = tc.expect;
    const want = { outcome, code };
    if (location !== undefined) want.location = location.replaceAll('{url}', tc.target === 'closed_url' ? server.closedUrl : server.url);
    if (category !== undefined) want.category = category;
    if (next !== undefined) want.next = next;
    const got = await run(tc);
    got.outcomes.forEach((o, i) => assert.deepEqual(o, want, `send ${i + 1}`));
    assert.deepEqual(got.counts, counts, 'the server\'s counts');
  });
}

// The same, through the runtime's own fetch and its global connection pool (what a PayWay
// without options.fetch uses; nothing else in this file sends to server.url through it).
test('20 sends through one PayWay with the runtime\'s own fetch: one connection', { skip }, async (t) => {
  const payway = await PayWay.load({
    merchantId: vectors.credentials.merchant_id, apiKey: vectors.credentials.api_key, rsaPublicKey: vectors.credentials.rsa_public_key, baseUrl: server.url,
  });
  try {
    for (const operation of ['check_transaction', 'refund']) {
      const scenario = vectors.tests.find((tc) => tc.operation === operation && tc.flags.includes('Success'));
      await server.load(scenario.script);
      for (let i = 0; i < 20; i++) assert.equal((await payway.send(operation, vectors.params[operation])).code, '00');
      const counts = await server.counts();
      t.diagnostic(`${operation}: 20 sends, ${counts.connections} new connection(s)`);
      assert.deepEqual(counts, { connections: operation === 'refund' ? 0 : 1, requests: 20, redirected: 0 }, operation);
    }
  } finally {
    payway.close();
  }
});

test('the send vector loader refuses what it does not know', () => {
  const text = readFileSync(sendVectorPath, 'utf8');
  assert.equal(vectors.tests.length, vectors.number_of_tests);
  const mutate = (change) => {
    const file = JSON.parse(text);
    change(file);
    return () => parseSendVectors(JSON.stringify(file));
  };
  const refused = [
    ['another schema', (f) => { f.schema = 'paysign-send-v2'; }],
    ['an unknown top-level member', (f) => { f.extra = 1; }],
    ['an unknown test member', (f) => { f.tests[0].skip = true; }],
    ['an unknown policy member', (f) => { f.tests[0].policy.timeout = 1; }],
    ['an unknown expect member', (f) => { f.tests[0].expect.status = 200; }],
    ['an unknown action', (f) => { f.tests[0].script[0] = { hang: true }; }],
    ['an unknown answer member', (f) => { f.tests[0].script[0].answer.delay_ms = 1; }],
    ['a count that does not match', (f) => { f.number_of_tests += 1; }],
    ['a missing test', (f) => { f.tests.pop(); }],
    ['an operation without params', (f) => { f.tests[0].operation = 'void_transaction'; }],
    ['a flag without a note', (f) => { f.tests[0].flags.push('Unexplained'); }],
    ['an unknown target', (f) => { f.tests[0].target = 'other_url'; }],
  ];
  for (const [what, change] of refused) assert.throws(mutate(change), { name: 'SendVectorError' }, what);
  assert.throws(() => loadSendVectors(`${sendVectorPath}.missing`), /cannot read it/);
});
