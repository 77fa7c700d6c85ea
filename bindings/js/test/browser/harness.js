// Browser test harness: a static server on 127.0.0.1 (random free port) and
// Debian's Chromium driven by playwright-core (no browser download).
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize, extname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { vectorDir, readVectorFiles } from '../vector-files.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const wasmPath = process.env.PAYSIGN_WASM || join(repoRoot, 'build', 'paysign.wasm');

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm' };

/**
 * Serves, read-only: /bindings/js/** (the package, its tests and the doctor),
 * /build/paysign.wasm (the module under test) and /vectors/ (the vector files
 * and index.json, their names). Everything else is 404.
 * @returns {Promise<{origin: string, close: () => Promise<void>}>}
 */
export async function startServer() {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path === '/favicon.ico') return res.writeHead(204).end();
      let file = null;
      let body = null;
      if (path === '/vectors/index.json') {
        body = JSON.stringify(readVectorFiles().map((f) => f.name));
      } else if (path.startsWith('/vectors/') && /^[\w.-]+\.json$/.test(path.slice(9))) {
        file = join(vectorDir, path.slice(9));
      } else if (path === '/build/paysign.wasm') {
        file = wasmPath;
      } else if (path.startsWith('/bindings/js/') && !path.includes('/node_modules/')) {
        file = normalize(join(repoRoot, path));
        if (!file.startsWith(join(repoRoot, 'bindings', 'js') + sep)) file = null;
      }
      if (file) body = await readFile(file);
      if (body === null) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
      res.writeHead(200, { 'content-type': types[extname(file ?? path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch (err) {
      res.writeHead(err.code === 'ENOENT' || err.code === 'EISDIR' ? 404 : 500, { 'content-type': 'text/plain' });
      res.end(String(err.code ?? 'error'));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Launches headless Chromium (/usr/bin/chromium unless $CHROMIUM is set) with
 * a fresh profile; every page error or console error is collected in `errors`.
 */
export async function launchBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'paysign-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  const errors = [];
  context.on('page', (page) => watch(page, errors));
  context.pages().forEach((page) => watch(page, errors));
  return {
    context,
    errors,
    newPage: async () => {
      const page = await context.newPage();
      return page;
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

function watch(page, errors) {
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console error: ${msg.text()}`);
  });
}

/**
 * Starts the server and Chromium before the calling file's tests and stops
 * them after; then runs ready(env), if given, in the same hook (separate
 * root hooks do not wait for each other). The returned object is filled in
 * when the tests run.
 * @param {(env: object) => Promise<void>} [ready]
 * @returns {{server?: {origin: string, close: () => Promise<void>}, browser?: import('playwright-core').Browser & {errors: string[]}}}
 */
export function useBrowser(ready) {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
    await ready?.(env);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
