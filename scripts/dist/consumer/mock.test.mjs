// dist-check: node --test in an empty project after `npm install paysign` and
// `npm install --save-dev @paysign/mock` from the local registry: the mock is
// the binary of @paysign/mock-<os>-<cpu>, found through executablePath().
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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
