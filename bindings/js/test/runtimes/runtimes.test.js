// Every JavaScript runtime, from the packed npm tarball (make
// test-js-runtimes): Node, Deno (npm: specifier), Bun, and workerd with and
// without nodejs_compat each run check.js, one process per runtime: every
// test vector twice, an HMAC their WebCrypto recomputes, and a purchase, a
// refund and a check sent to one `paysign mock`, which verifies them. The
// examples of docs/snippets/js-runtimes.md run as they are written, in the
// same processes (workerd) or next to them (Deno, Bun).
//
// Environment: PAYSIGN_TARBALL (the `npm pack` output), PAYSIGN_RUNTIMES
// (the folder whose node_modules/.bin holds deno, bun and workerd, pinned in
// package-lock.json beside this file), PAYSIGN_CLI (for the mock),
// PAYSIGN_RUNTIMES_WORK (a scratch folder for the consumer project).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
// Every vector but test.panic's: the tarball ships the production module,
// which has no test ops (the Node suite runs that one on the test build).
const vectors = readVectorFiles().map(({ name, text }) => {
  const file = JSON.parse(text);
  const tests = file.tests.filter((t) => (t.op ?? file.op) !== 'test.panic');
  return { name, text: JSON.stringify({ ...file, tests, number_of_tests: tests.length }) };
});
const vectorCount = vectors.map(({ text }) => JSON.parse(text)).filter((f) => f.schema === 'paysign-vectors-v1')
  .reduce((n, f) => n + f.tests.length, 0);
let mock;
let snippetEnv;

// The first ```js block of each section of docs/snippets/js-runtimes.md.
const snippetText = readFileSync(new URL('../../../../docs/snippets/js-runtimes.md', import.meta.url), 'utf8');
const snippet = (heading) => {
  const section = snippetText.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  const code = section && /```js\n([\s\S]*?)```/.exec(section);
  if (!code) throw new Error(`docs/snippets/js-runtimes.md has no js block under "## ${heading}"`);
  return code[1];
};
const snippets = { workers: snippet('Cloudflare Workers'), deno: snippet('Deno'), bun: snippet('Bun') };

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
  // The snippets check ORDER-1001, an approved purchase: a fixture of the mock.
  snippetEnv = { PAYWAY_MERCHANT_ID: mock.merchantId, PAYWAY_API_KEY: mock.apiKey, PAYWAY_RSA_PUBLIC_KEY: mock.rsaPublicKey, PAYWAY_BASE_URL: mock.url };
  writeFileSync(join(project, 'snippet-worker.js'), snippets.workers);
  writeFileSync(join(project, 'snippet-deno.js'), snippets.deno);
  writeFileSync(join(project, 'snippet-bun.js'), snippets.bun);
  writeFileSync(join(project, 'snippet-test.js'), `// Calls the Workers snippet's fetch() as a request would.
import worker from './snippet-worker.js';
export default {
  async test(_controller, env) {
    const response = await worker.fetch(new Request('https://shop.example/?tran_id=ORDER-1001'), env);
    console.log(JSON.stringify({ runtime: 'workerd-snippet', status: response.status, answer: await response.json() }));
  },
};
`);
  writeFileSync(join(project, 'workerd.capnp'), workerdConfig());
});

after(async () => {
  await mock?.stop();
});

// workerd.capnp: two workers, one without nodejs_compat (the default since
// 2026-08-04, so switched off with no_nodejs_compat) and one with it. Their
// modules are the package's files a bundler resolves `paysign` (the
// "import" entry, dist/paysign.js) and `paysign/paysign.wasm` to; outbound
// fetch may reach the mock on 127.0.0.1.
function workerdConfig() {
  const modules = [
    '(name = "snippet-worker.js", esModule = embed "snippet-worker.js")',
    '(name = "check.js", esModule = embed "check.js")',
    '(name = "vector-runner.js", esModule = embed "vector-runner.js")',
    '(name = "input.json", json = embed "input.json")',
    '(name = "paysign", esModule = embed "node_modules/paysign/dist/paysign.js")',
    '(name = "paysign/paysign.wasm", wasm = embed "node_modules/paysign/dist/paysign.wasm")',
  ].join(',\n    ');
  const text = (name, value) => `(name = "${name}", text = ${JSON.stringify(value)})`;
  const worker = (name, main, flags, bindings) => `const ${name} :Workerd.Worker = (
  modules = [
    (name = "main.js", esModule = embed "${main}"),
    ${modules}
  ],
  compatibilityDate = "2026-11-17",
  compatibilityFlags = ${JSON.stringify(flags)},
  globalOutbound = "loopback",
  bindings = [${bindings.join(', ')}],
);`;
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "plain", worker = .plain),
    (name = "nodejs", worker = .nodejs),
    (name = "snippet", worker = .snippet),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
);
${worker('plain', 'worker.js', ['no_nodejs_compat'], [text('RUNTIME', 'workerd')])}
${worker('nodejs', 'worker.js', ['nodejs_compat'], [text('RUNTIME', 'workerd-nodejs_compat')])}
${worker('snippet', 'snippet-test.js', ['no_nodejs_compat'], Object.entries(snippetEnv).map(([name, value]) => text(name, value)))}
`;
}

// runIn runs one runtime process in the project and returns its output.
async function runIn(command, args, env = {}) {
  try {
    return await run(command === 'node' ? process.execPath : join(bin, command), args,
      { cwd: project, timeout: 120_000, maxBuffer: 16 << 20, env: { ...process.env, NO_COLOR: '1', ...env } });
  } catch (err) {
    assert.fail(`${command} ${args.join(' ')} failed (${err.code ?? err.signal}):\n${err.stdout}\n${err.stderr}`);
  }
}

// summaries runs one runtime process and returns the JSON lines check.js printed.
async function summaries(command, args) {
  const output = await runIn(command, args);
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

test('workerd: the .wasm imported as a module, with and without nodejs_compat; the Workers snippet', async () => {
  const found = await summaries('workerd', ['test', 'workerd.capnp', '--verbose']);
  const byName = Object.fromEntries(found.map((s) => [s.runtime, s]));
  assert.deepEqual(Object.keys(byName).sort(), ['workerd', 'workerd-nodejs_compat', 'workerd-snippet']);
  assert.deepEqual(byName['workerd-snippet'], { runtime: 'workerd-snippet', status: 200, answer: { code: '00', status: 'APPROVED' } });
  assertSummary(byName.workerd, 'workerd', { location: 'option', provider: null });
  assertSummary(byName['workerd-nodejs_compat'], 'workerd-nodejs_compat', { location: 'option', provider: 'node:crypto' });
});

test('the Deno and Bun snippets, as written', async () => {
  const envNames = 'PAYWAY_MERCHANT_ID,PAYWAY_API_KEY,PAYWAY_RSA_PUBLIC_KEY,PAYWAY_BASE_URL';
  assert.match(snippets.deno, new RegExp(`--allow-env=${envNames} main\\.js`), 'the command the snippet shows is the one run here');
  const deno = await runIn('deno', ['run', '--allow-net', '--allow-read', `--allow-env=${envNames}`, 'snippet-deno.js'], snippetEnv);
  assert.equal(deno.stdout.trim(), '00 APPROVED');
  const bun = await runIn('bun', ['snippet-bun.js'], snippetEnv);
  assert.equal(bun.stdout.trim(), '00 APPROVED');
});

test('bindings/js/README.md shows the snippets of docs/snippets/js-runtimes.md', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const [name, code] of Object.entries(snippets)) assert.ok(readme.includes(code), `${name}: the README's example differs`);
});
