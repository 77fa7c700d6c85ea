// dist-check: node --test in an empty project after `npm install paysign` and
// `npm install --save-dev @paysign/mock` from the local registry: the mock is
// the binary of @paysign/mock-<os>-<cpu>, found through executablePath().
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync, renameSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { executablePath } from '@paysign/mock';
import { PayWay } from 'paysign';

// The lines `paysign mock` prints when it starts (docs/mock.md, "Starting it").
async function banner(stdout) {
  const found = {};
  for await (const line of createInterface({ input: stdout })) {
    const listening = /^paysign mock listening on (\S+)/.exec(line);
    if (listening) found.url = listening[1];
    if (line.startsWith('merchant_id=') && !found.merchant_id) {
      for (const pair of line.split(' ')) {
        const [name, value] = pair.split('=');
        found[name] = value;
      }
    }
    if (line.startsWith('helpers: ')) return found;
  }
  throw new Error('paysign mock stopped before its banner');
}

// First, before anything resolves the platform package (and Node caches where it is).
test('without its platform package, executablePath() says which package is missing', () => {
  const dir = 'node_modules/@paysign/mock-linux-x64';
  renameSync(dir, `${dir}.away`);
  try {
    assert.throws(executablePath, (err) => err.code === 'mock_not_found' &&
      err.message.includes('@paysign/mock-linux-x64 is not installed'));
  } finally {
    renameSync(`${dir}.away`, dir);
  }
});

test('the mock of @paysign/mock answers what paysign sends', async (t) => {
  const program = executablePath();
  assert.match(program, /node_modules\/@paysign\/mock-linux-x64\/bin\/paysign$/);
  const mock = spawn(program, ['mock', '--listen', '127.0.0.1:0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => mock.kill('SIGTERM'));
  const { url, merchant_id: merchantId, api_key: apiKey, rsa_public_key_file: keyFile } = await banner(mock.stdout);
  const payway = await PayWay.load({ merchantId, apiKey, rsaPublicKey: readFileSync(keyFile, 'utf8'), baseUrl: url });
  await payway.send('purchase', { tran_id: 'ORDER-1', amount: '10.00', currency: 'USD' });
  const approved = await fetch(`${url}/__mock/transactions/ORDER-1/approve`, { method: 'POST' });
  assert.equal(approved.status, 200);
  const check = await payway.send('check_transaction', { tran_id: 'ORDER-1' });
  assert.equal(check.payment_status.status, 'APPROVED');
});

// node_modules/.bin/paysign (what `npx paysign` runs) is the program: its
// output, its exit status, its stdin, and the signals sent to the launcher.
test('the paysign bin of @paysign/mock runs the program and passes signals on', async () => {
  const bin = 'node_modules/.bin/paysign';
  const run = (args) => new Promise((resolve) => {
    execFile(bin, args, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
  });
  const version = await run(['version']);
  assert.deepEqual([version.code, version.stdout], [0, `paysign ${JSON.parse(readFileSync('node_modules/paysign/package.json', 'utf8')).version} (ABI 1)\n`]);
  const wrong = await run(['mock', '--no-such-flag']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /flag provided but not defined: -no-such-flag/);

  for (const stop of ['SIGTERM', 'SIGINT', 'stdin closed']) {
    const mock = spawn(bin, ['mock', '--listen', '127.0.0.1:0', '--quiet', '--exit-on-stdin-close'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    mock.stderr.on('data', (chunk) => { stderr += chunk; });
    const exited = new Promise((resolve) => mock.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      const { url } = await banner(mock.stdout);
      assert.equal((await fetch(`${url}/__mock/transactions`)).status, 200);
      if (stop === 'stdin closed') mock.stdin.end();
      else mock.kill(stop);
      assert.deepEqual(await exited, { code: 0, signal: null }, stop);
      assert.match(stderr, /paysign mock: stopping/, stop);
    } finally {
      mock.kill('SIGKILL');
    }
  }
});
