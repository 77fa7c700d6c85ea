// prepack (and `npm run build`): bundles the ES module entry src/index.js
// and the files it imports into one file, dist/paysign.js, which the
// package's "import" entry and its CommonJS wrapper load. One file instead
// of ten: a runtime resolves, reads and compiles one module (in Node about
// 6 ms less of every cold start, bench/README.md), a browser fetches one.
//
// Not minified: stack traces and the doc comments stay readable. node:
// modules stay imports (the package loads them only where they exist).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

await build({
  entryPoints: [here('../src/index.js')],
  outfile: here('../dist/paysign.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: ['node:*'],
  banner: { js: '// paysign for JavaScript: src/*.js bundled by scripts/bundle.js. Edit the files in src/, not this one.' },
  logLevel: 'warning',
});
