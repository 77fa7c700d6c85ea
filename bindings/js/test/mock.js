// Starts `paysign mock` (the PayWay test double, docs/mock.md) for the Node
// tests and the demo, on 127.0.0.1:0, and reads its banner. Not a test file
// itself.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The paysign program that runs the mock, or null when there is none: the
 * explicit path, else $PAYSIGN_CLI, else the opt-in mock package's
 * (`@paysign/mock`, its executablePath()), else `paysign` on the PATH, else
 * the repository's build/paysign. Every binding looks in this order.
 * @param {string} [explicit]
 */
export async function mockBinary(explicit) {
  if (explicit) return explicit;
  if (process.env.PAYSIGN_CLI) return process.env.PAYSIGN_CLI;
  try {
    const path = (await import('@paysign/mock')).executablePath();
    if (path) return path;
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err; // installed but broken: say so
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir || '.', 'paysign');
    if (executable(path)) return path;
  }
  const built = fileURLToPath(new URL('../../../build/paysign', import.meta.url));
  return existsSync(built) ? built : null;
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// The banner: a URL line (or `export PAYWAY_BASE_URL=`) and the first
// merchant's line (or `export PAYWAY_...=` lines). Other lines are skipped,
// whatever they say.
const EXPORTS = { PAYWAY_BASE_URL: 'url', PAYWAY_MERCHANT_ID: 'merchantId', PAYWAY_API_KEY: 'apiKey', PAYWAY_RSA_PUBLIC_KEY_FILE: 'rsaPublicKeyFile' };

/** Reads one banner line into banner; true once the banner is complete. */
export function readBannerLine(banner, line) {
  const url = /^paysign mock listening on (\S+)/.exec(line);
  if (url) banner.url ??= url[1];
  if (line.startsWith('merchant_id=') && !banner.merchantId) {
    const fields = Object.fromEntries(line.split(/\s+/).filter((w) => w.includes('=')).map((w) => w.split(/=(.*)/s).slice(0, 2)));
    banner.merchantId = fields.merchant_id;
    banner.apiKey = fields.api_key;
    banner.rsaPublicKeyFile = fields.rsa_public_key_file;
  }
  const exported = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
  if (exported && EXPORTS[exported[1]]) banner[EXPORTS[exported[1]]] ??= exported[2].replace(/^'(.*)'$|^"(.*)"$/, '$1$2');
  return Boolean(banner.url && banner.merchantId && banner.apiKey && banner.rsaPublicKeyFile);
}

/**
 * Starts the mock and reads its banner: the URL, the merchant, the TEST-ONLY
 * API key and the RSA public key file.
 * @param {string|null} [binary] the paysign program (default: mockBinary()'s)
 * @returns {Promise<{url: string, merchantId: string, apiKey: string, rsaPublicKey: string,
 *   post: (path: string, body?: object) => Promise<any>, get: (path: string) => Promise<any>, stop: () => Promise<void>, log: () => string}>}
 */
export async function startMock(binary = undefined, args = []) {
  binary ??= await mockBinary();
  if (!binary) throw new Error('no paysign program: run `make build/paysign`, set PAYSIGN_CLI or install @paysign/mock');
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
        if (readBannerLine(banner, line)) {
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
