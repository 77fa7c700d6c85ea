// Every JavaScript runtime, from the packed npm tarball (make
// test-js-runtimes): Node, Deno (npm: specifier), Bun, and workerd with and
// without nodejs_compat each run check.js, one process per runtime: every
// test vector twice, an HMAC their WebCrypto recomputes, and a purchase, a
// refund and a check sent to one `paysign mock`, which verifies them.
//
// Environment: PAYSIGN_TARBALL (the `npm pack` output), PAYSIGN_RUNTIMES
// (the folder whose node_modules/.bin holds deno, bun and workerd, pinned in
// package-lock.json beside this file), PAYSIGN_BIN (for the mock),
// PAYSIGN_RUNTIMES_WORK (a scratch folder for the consumer project).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startMock } from '../mock.js';
import { readVectorFiles } from '../vector-files.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const tarball = required('PAYSIGN_TARBALL');
const bin = join(required('PAYSIGN_RUNTIMES'), 'node_modules', '.bin');
const project = required('PAYSIGN_RUNTIMES_WORK');
const run = promisify(execFile);
const vectors = readVectorFiles();
const vectorCount = vectors.map(({ text }) => JSON.parse(text)).filter((f) => f.schema === 'paysign-vectors-v1')
  .reduce((n, f) => n + f.tests.length, 0);
let mock;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`make test-js-runtimes\``);
  return value;
}

before(async () => {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), '{"name":"paysign-runtimes-consumer","private":true,"type":"module"}\n');
  writeFileSync(join(project, 'deno.json'), '{"nodeModulesDir":"manual"}\n');
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], { cwd: project });
  for (const file of ['check.js', 'local.js', 'node.js', 'deno.js', 'worker.js']) copyFileSync(join(here, file), join(project, file));
  copyFileSync(join(here, '..', 'vector-runner.js'), join(project, 'vector-runner.js'));
  mock = await startMock(undefined, ['--quiet']);
  const input = { vectors, mock: { url: mock.url, merchantId: mock.merchantId, apiKey: mock.apiKey, rsaPublicKey: mock.rsaPublicKey } };
  writeFileSync(join(project, 'input.json'), JSON.stringify(input));
  writeFileSync(join(project, 'workerd.capnp'), workerdConfig());
});

after(async () => {
  await mock?.stop();
});

// workerd.capnp: two workers, one without nodejs_compat (the default since
// 2026-08-04, so switched off with no_nodejs_compat) and one with it. Their
// modules are the package's files under the names a bundler resolves
// `paysign` and `paysign/paysign.wasm` to; outbound fetch may reach the
// mock on 127.0.0.1.
function workerdConfig() {
  const src = 'node_modules/paysign/src';
  const modules = [
    '(name = "worker.js", esModule = embed "worker.js")',
    '(name = "check.js", esModule = embed "check.js")',
    '(name = "vector-runner.js", esModule = embed "vector-runner.js")',
    '(name = "input.json", json = embed "input.json")',
    '(name = "paysign", esModule = "export * from \'./node_modules/paysign/src/main.js\';")',
    '(name = "paysign/paysign.wasm", wasm = embed "node_modules/paysign/dist/paysign.wasm")',
    ...readdirSync(join(project, src)).filter((f) => f.endsWith('.js')).map((f) => `(name = "${src}/${f}", esModule = embed "${src}/${f}")`),
  ].join(',\n    ');
  const worker = (name, runtime, flags) => `const ${name} :Workerd.Worker = (
  modules = [
    ${modules}
  ],
  compatibilityDate = "2026-11-17",
  compatibilityFlags = ${JSON.stringify(flags)},
  globalOutbound = "loopback",
  bindings = [(name = "RUNTIME", text = "${runtime}")],
);`;
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "plain", worker = .plain),
    (name = "nodejs", worker = .nodejs),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
);
${worker('plain', 'workerd', ['no_nodejs_compat'])}
${worker('nodejs', 'workerd-nodejs_compat', ['nodejs_compat'])}
`;
}

// summaries runs one runtime process and returns the JSON lines check.js printed.
async function summaries(command, args) {
  let output;
  try {
    output = await run(command === 'node' ? process.execPath : join(bin, command), args, { cwd: project, timeout: 120_000, maxBuffer: 16 << 20, env: { ...process.env, NO_COLOR: '1' } });
  } catch (err) {
    assert.fail(`${command} ${args.join(' ')} failed (${err.code ?? err.signal}):\n${err.stdout}\n${err.stderr}`);
  }
  const lines = `${output.stdout}\n${output.stderr}`.split('\n').map((line) => line.replace(/^.*?(\{"runtime")/, '$1')).filter((line) => line.startsWith('{"runtime"'));
  return lines.map((line) => JSON.parse(line));
}

function assertSummary(summary, runtime, { location, provider }) {
  assert.equal(summary.runtime, runtime);
  assert.equal(summary.vectors, 2 * vectorCount, 'every vector, with the default crypto and with Go');
  assert.equal(summary.location, location);
  assert.equal(summary.hostCrypto?.provider ?? null, provider);
  if (provider) {
    const { calls } = summary.hostCrypto;
    assert.ok(calls.hmac_sha512 > 0 && calls.rsa_encrypt_pkcs1 > 0 && calls.rsa_sign_pkcs1_sha256 > 0, JSON.stringify(calls));
  }
  assert.deepEqual(summary.sent, ['purchase', 'refund', 'check_transaction'].map((op) => `${op} verified=true ok 00`));
}

test('Node: import from the installed tarball', async () => {
  const [summary] = await summaries('node', ['node.js']);
  assertSummary(summary, 'node', { location: 'package', provider: 'node:crypto' });
});

test('Deno: npm: specifier, no --allow-env (the package runs on its defaults)', async () => {
  const [summary] = await summaries('deno', ['run', '--allow-read=.', '--allow-net=127.0.0.1', 'deno.js']);
  assertSummary(summary, 'deno', { location: 'package', provider: 'node:crypto' });
});

test('Bun: import from the installed tarball', async () => {
  const [summary] = await summaries('bun', ['node.js']);
  assertSummary(summary, 'bun', { location: 'package', provider: 'node:crypto' });
});

test('workerd: the .wasm imported as a module, with and without nodejs_compat', async () => {
  const found = await summaries('workerd', ['test', 'workerd.capnp', '--verbose']);
  const byName = Object.fromEntries(found.map((s) => [s.runtime, s]));
  assert.deepEqual(Object.keys(byName).sort(), ['workerd', 'workerd-nodejs_compat']);
  assertSummary(byName.workerd, 'workerd', { location: 'option', provider: null });
  assertSummary(byName['workerd-nodejs_compat'], 'workerd-nodejs_compat', { location: 'option', provider: 'node:crypto' });
});
