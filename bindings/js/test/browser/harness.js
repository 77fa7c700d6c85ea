// Browser test harness: a static server on 127.0.0.1 (random free port) and
// Debian's Chromium driven by playwright-core (no browser download).
import { before, after } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { vectorDir, readVectorFiles } from '../vector-files.js';
import { startServer as serve } from '../../scripts/serve.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const wasmPath = process.env.PAYSIGN_WASM || join(repoRoot, 'build', 'paysign.wasm');

/**
 * The package's static server (scripts/serve.js) plus /vectors/ (the vector
 * files and index.json, their names) for the browser vector runner.
 */
export function startServer() {
  return serve({
    wasm: wasmPath,
    extra: async (path) => {
      if (path === '/vectors/index.json') return { body: JSON.stringify(readVectorFiles().map((f) => f.name)) };
      if (path.startsWith('/vectors/') && /^[\w.-]+\.json$/.test(path.slice(9))) return { file: join(vectorDir, path.slice(9)) };
      return null;
    },
  });
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
