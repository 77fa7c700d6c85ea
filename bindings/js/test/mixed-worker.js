// A worker_thread of hardening.test.js: loads its own instance from the
// compiled module it is given and runs mixed-tasks.js's runAll.
import { parentPort, workerData } from 'node:worker_threads';
import { load } from '../src/index.js';
import { runAll } from './mixed-tasks.js';

try {
  const paysign = await load({ wasm: workerData.module });
  parentPort.postMessage({ results: await runAll(paysign, workerData.tag) });
} catch (err) {
  parentPort.postMessage({ error: String(err?.stack ?? err) });
}
