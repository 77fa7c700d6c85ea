// Starts the scripted server of the send conformance vectors
// (internal/scriptserver, built by `make build/scriptserver`): the binary in
// $PAYSIGN_SCRIPTSERVER, else the repository's build/scriptserver. It prints
// {"url", "closed_url", "control_url"} and serves until its stdin closes.
// Not a test file itself.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The scriptserver binary, or null when there is none. */
export function scriptServerBinary() {
  const path = process.env.PAYSIGN_SCRIPTSERVER || fileURLToPath(new URL('../../../build/scriptserver', import.meta.url));
  return existsSync(path) ? path : null;
}

/**
 * @returns {Promise<{url: string, closedUrl: string, load: (actions: object[]) => Promise<void>,
 *   counts: () => Promise<{connections: number, requests: number, redirected: number}>, stop: () => Promise<void>}>}
 */
export async function startScriptServer(binary = scriptServerBinary()) {
  if (!binary) throw new Error('no scriptserver: run `make build/scriptserver` or set PAYSIGN_SCRIPTSERVER');
  const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const hello = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('scriptserver did not start')), 15_000);
    child.once('error', reject);
    exited.then((code) => reject(new Error(`scriptserver exited (${code})`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
  });
  const control = async (method, path, body) => {
    const response = await fetch(`${hello.control_url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`scriptserver ${method} ${path}: HTTP ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
  return {
    url: hello.url,
    closedUrl: hello.closed_url,
    load: (actions) => control('POST', '/script', { actions }),
    counts: () => control('GET', '/counts'),
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
