// The test helper finds the paysign program for `paysign mock` in the order
// every binding uses (an explicit path, $PAYSIGN_CLI, the opt-in
// @paysign/mock package, `paysign` on the PATH, the repository's
// build/paysign), and reads the mock's banner whatever other lines it has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mockBinary, readBannerLine } from './mock.js';

/** mockBinary(explicit) in a fresh process, run from a copy of mock.js in dir, with env. */
function lookup(dir, env, explicit) {
  const code = `import { mockBinary } from ${JSON.stringify(pathToFileURL(join(dir, 'mock.js')).href)};
console.log(JSON.stringify(await mockBinary(${JSON.stringify(explicit)})));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, env }, (err, out, errOut) => (err ? reject(new Error(errOut)) : resolve(JSON.parse(out))));
  });
}

test('the mock program: explicit, PAYSIGN_CLI, @paysign/mock, PATH, build/paysign', async () => {
  const root = mkdtempSync(join(tmpdir(), 'paysign-lookup-'));
  try {
    // A project with the mock package (a fake one: executablePath() is all the helper uses).
    const project = join(root, 'project');
    const pkg = join(project, 'node_modules', '@paysign', 'mock');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@paysign/mock', type: 'module', exports: './index.js' }));
    writeFileSync(join(pkg, 'index.js'), "export function executablePath() { return '/from/the/package/paysign'; }\n");
    copyFileSync(fileURLToPath(new URL('./mock.js', import.meta.url)), join(project, 'mock.js'));
    // A project without it, and a PATH directory with a paysign program.
    const bare = join(root, 'bare');
    mkdirSync(bare);
    copyFileSync(fileURLToPath(new URL('./mock.js', import.meta.url)), join(bare, 'mock.js'));
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'paysign'), '#!/bin/sh\n');
    chmodSync(join(bin, 'paysign'), 0o755);
    const empty = join(root, 'empty');
    mkdirSync(empty);

    const env = { PATH: `${empty}:${bin}` };
    assert.equal(await lookup(project, { ...env, PAYSIGN_CLI: '/from/the/variable' }, '/explicit/paysign'), '/explicit/paysign');
    assert.equal(await lookup(project, { ...env, PAYSIGN_CLI: '/from/the/variable' }), '/from/the/variable');
    assert.equal(await lookup(project, env), '/from/the/package/paysign');
    assert.equal(await lookup(bare, env), join(bin, 'paysign'));
    assert.equal(await lookup(bare, { PATH: empty }), null, 'none: the copy has no repository around it');
    // In the repository, with nothing else: build/paysign (when it is built).
    const built = fileURLToPath(new URL('../../../build/paysign', import.meta.url));
    assert.equal(await lookup(fileURLToPath(new URL('.', import.meta.url)), { PATH: empty }), existsSync(built) ? built : null);
    assert.equal(await mockBinary('/explicit'), '/explicit');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the banner: the URL and merchant lines of today, or export lines, among any others', () => {
  const read = (lines) => {
    const banner = {};
    const done = lines.map((line) => readBannerLine(banner, line));
    return { banner, doneAt: done.indexOf(true) };
  };
  const today = read([
    'paysign mock listening on http://127.0.0.1:4010',
    'merchant_id=ec000002 api_key=TEST_ONLY_paysign_mock_api_key_ec000002 (TEST-ONLY) rsa_public_key_file=/tmp/m/ec000002_rsa_public.pem',
    'helpers: http://127.0.0.1:4010/__mock/',
  ]);
  const want = { url: 'http://127.0.0.1:4010', merchantId: 'ec000002', apiKey: 'TEST_ONLY_paysign_mock_api_key_ec000002', rsaPublicKeyFile: '/tmp/m/ec000002_rsa_public.pem' };
  assert.deepEqual(today, { banner: want, doneAt: 1 });
  const exports = read([
    'paysign mock: 3 fixture merchants, 5 transactions',
    '# paste into your shell:',
    "export PAYWAY_BASE_URL='http://127.0.0.1:4010'",
    'export PAYWAY_MERCHANT_ID=ec000002',
    'export PAYWAY_API_KEY=TEST_ONLY_paysign_mock_api_key_ec000002',
    'export PAYWAY_RSA_PUBLIC_KEY_FILE="/tmp/m/ec000002_rsa_public.pem"',
    'export PAYWAY_MERCHANT_ID=ec000003',
  ]);
  assert.deepEqual(exports, { banner: want, doneAt: 5 }, 'the first merchant');
});
