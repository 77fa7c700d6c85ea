// A read-only static server on 127.0.0.1 for the pages of this package: the
// "Wrong Hash" doctor (`make doctor`) and the browser tests. It serves
// /bindings/js/** (the package, its doctor and tests, never node_modules),
// /build/paysign.wasm and, when given, extra files by exact path.
//
//   node scripts/serve.js [--port N]     serves the doctor until interrupted
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png' };

/**
 * @param {{port?: number, wasm?: string, extra?: (path: string) => Promise<{file?: string, body?: string}|null>}} [options]
 *   extra answers paths the server does not know (the browser tests' vector files)
 * @returns {Promise<{origin: string, close: () => Promise<void>}>}
 */
export async function startServer({ port = 0, wasm = process.env.PAYSIGN_WASM || join(repoRoot, 'build', 'paysign.wasm'), extra } = {}) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path === '/favicon.ico') return res.writeHead(204).end();
      if (path === '/' || path === '/doctor' || path === '/doctor/') {
        return res.writeHead(302, { location: '/bindings/js/doctor/index.html' }).end();
      }
      let file = null;
      let body = null;
      if (path === '/build/paysign.wasm') {
        file = wasm;
      } else if (path.startsWith('/bindings/js/') && !path.includes('/node_modules/')) {
        file = normalize(join(repoRoot, path));
        if (!file.startsWith(join(repoRoot, 'bindings', 'js') + sep)) file = null;
      } else if (extra) {
        const found = await extra(path);
        file = found?.file ?? null;
        body = found?.body ?? null;
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
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const at = process.argv.indexOf('--port');
  const server = await startServer({ port: at > 0 ? Number(process.argv[at + 1]) : 0 });
  console.log(`paysign "Wrong Hash" doctor: ${server.origin}/bindings/js/doctor/index.html  (127.0.0.1 only; Ctrl-C stops it)`);
  const stop = async () => { await server.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
