// Mixed concurrent work for hardening.test.js, in the main thread and in
// worker_threads (mixed-worker.js): vectors of every file, refunds signed and
// verified with payway.verify, and check_transaction hashes checked with
// Node's own HMAC. Not a test file itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { PayWay } from '../src/index.js';
import { vectorCases } from './vector-runner.js';
import { readVectorFiles } from './vector-files.js';

const key = (name) => readFileSync(new URL(`../../../internal/testkeys/${name}`, import.meta.url), 'utf8');
const PUBLIC_KEY = key('rsa1024_TEST_ONLY_public.pem');
const PRIVATE_KEY = key('rsa1024_TEST_ONLY_private.pem');
const API_KEY = 'TEST_ONLY_concurrency_key';

export const cases = vectorCases(readVectorFiles());

const hmac = (text) => createHmac('sha512', API_KEY).update(text).digest('base64');

/**
 * Starts count tasks at once on one instance and waits for all: every third
 * a vector (all files, cycled), a refund signed then verified, a
 * check_transaction whose hash input and HMAC are checked. Returns the kinds run.
 */
export async function mixedTasks(paysign, count, tag) {
  const client = new PayWay(paysign, { merchantId: 'ec000002', apiKey: API_KEY, rsaPublicKey: PUBLIC_KEY });
  const server = new PayWay(paysign, { merchantId: 'ec000002', apiKey: API_KEY, rsaPrivateKey: PRIVATE_KEY });
  const tasks = [];
  for (let i = 0; i < count; i++) {
    tasks.push((async () => {
      await new Promise((resolve) => setTimeout(resolve, i % 7)); // interleave the tasks
      switch (i % 3) {
        case 0:
          cases[((i / 3) * 7) % cases.length].run(paysign);
          return 'vector';
        case 1: {
          const params = { tran_id: `${tag}-${i}`, refund_amount: `${i}.50` };
          const signed = client.sign('refund', params, { requestTime: '20261121093403' });
          await null;
          const verified = server.verify('refund', signed.fields);
          // inside merchant_auth the amount is a JSON number (json_encode((float)$amount))
          assert.equal(verified.merchant_auth_json, JSON.stringify({ mc_id: 'ec000002', ...params, refund_amount: Number(params.refund_amount) }));
          assert.equal(signed.hash, hmac(signed.hash_input));
          return 'refund';
        }
        default: {
          const signed = client.sign('check_transaction', { tran_id: `${tag}-${i}` }, { requestTime: '20261121093403' });
          assert.equal(signed.hash_input, `20261121093403ec000002${tag}-${i}`);
          assert.equal(signed.hash, hmac(signed.hash_input));
          return 'check';
        }
      }
    })());
  }
  return Promise.all(tasks);
}

/** What each worker runs: 200 mixed tasks, then every vector. */
export async function runAll(paysign, tag) {
  const mixed = await mixedTasks(paysign, 200, tag);
  for (const c of cases) c.run(paysign);
  return { mixed: mixed.length, kinds: [...new Set(mixed)].sort(), vectors: cases.length };
}
