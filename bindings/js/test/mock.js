// Starts `paysign mock` (the PayWay test double, docs/mock.md) for the Node
// tests and the demo: build/paysign, or the binary in $PAYSIGN_BIN, on
// 127.0.0.1:0. Not a test file itself.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The paysign binary to run, or null when there is none. */
export function mockBinary() {
  const path = process.env.PAYSIGN_BIN || fileURLToPath(new URL('../../../build/paysign', import.meta.url));
  return existsSync(path) ? path : null;
}

/**
 * Starts the mock and reads its banner: the first line has the URL, the
 * merchant line the TEST-ONLY API key and the RSA public key file.
 * @returns {Promise<{url: string, merchantId: string, apiKey: string, rsaPublicKey: string,
 *   post: (path: string, body?: object) => Promise<any>, get: (path: string) => Promise<any>, stop: () => Promise<void>, log: () => string}>}
 */
export async function startMock(binary = mockBinary(), args = []) {
  if (!binary) throw new Error('no paysign binary: run `make build/paysign` or set PAYSIGN_BIN');
  const child = spawn(binary, ['mock', '--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const banner = {};
  const lines = createInterface({ input: child.stdout });
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`paysign mock did not start:\n${stderr}`)), 15_000);
      child.once('error', reject);
      exited.then((code) => reject(new Error(`paysign mock exited (${code}):\n${stderr}`)));
      lines.on('line', (line) => {
        const url = /^paysign mock listening on (\S+)/.exec(line);
        if (url) banner.url = url[1];
        if (line.startsWith('merchant_id=') && !banner.merchantId) {
          const fields = Object.fromEntries(line.split(/\s+/).filter((w) => w.includes('=')).map((w) => w.split(/=(.*)/s).slice(0, 2)));
          banner.merchantId = fields.merchant_id;
          banner.apiKey = fields.api_key;
          banner.rsaPublicKeyFile = fields.rsa_public_key_file;
        }
        if (line.startsWith('helpers: ')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  lines.on('line', () => {}); // keep reading
  const call = async (method, path, body) => {
    const response = await fetch(`${banner.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let value = text;
    try {
      value = JSON.parse(text);
    } catch {}
    if (!response.ok) throw Object.assign(new Error(`mock ${method} ${path}: HTTP ${response.status}: ${text}`), { status: response.status, value });
    return value;
  };
  return {
    url: banner.url,
    merchantId: banner.merchantId,
    apiKey: banner.apiKey,
    rsaPublicKey: readFileSync(banner.rsaPublicKeyFile, 'utf8'),
    post: (path, body) => call('POST', path, body),
    get: (path) => call('GET', path),
    del: (path) => call('DELETE', path),
    log: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A merchant's pushback endpoint on 127.0.0.1:0 that records every request
 * (raw body bytes and headers); `next()` waits for the next one.
 */
export async function startReceiver(answer = (_request, response) => response.writeHead(200).end('ok')) {
  const received = [];
  const waiting = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      const entry = { method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks) };
      answer(entry, response);
      const waiter = waiting.shift();
      if (waiter) waiter(entry);
      else received.push(entry);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    next: (timeoutMs = 10_000) => new Promise((resolve, reject) => {
      if (received.length) return resolve(received.shift());
      const timer = setTimeout(() => reject(new Error('no pushback arrived')), timeoutMs);
      waiting.push((entry) => { clearTimeout(timer); resolve(entry); });
    }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
