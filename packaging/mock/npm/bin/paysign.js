#!/usr/bin/env node
// `npx paysign ARGS...` (node_modules/.bin/paysign): runs this platform's
// `paysign` program with ARGS, e.g. `npx paysign mock --listen 127.0.0.1:4010`.
// Node cannot exec, so the program is a child that shares stdin, stdout and
// stderr; SIGINT, SIGTERM and SIGHUP sent to this process are passed on to it,
// and its exit status (or the signal that ended it) becomes this process's.
import { spawn } from 'node:child_process';
import { executablePath } from '../index.js';

let program;
try {
  program = executablePath();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const child = spawn(program, process.argv.slice(2), { stdio: 'inherit' });
const forward = (signal) => child.kill(signal);
const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of signals) process.on(signal, forward);
child.on('error', (err) => {
  console.error(`@paysign/mock: cannot run ${program}: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal === null) process.exit(code);
  // Ended by a signal: end the same way, so that a caller sees what a direct run shows.
  for (const s of signals) process.off(s, forward);
  process.kill(process.pid, signal);
});
