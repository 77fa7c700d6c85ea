// prepack: puts the module into the package (dist/paysign.wasm), from
// $PAYSIGN_WASM or the repository's build/paysign.wasm (`make wasm`).
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = process.env.PAYSIGN_WASM || fileURLToPath(new URL('../../../build/paysign.wasm', import.meta.url));
const target = fileURLToPath(new URL('../dist/paysign.wasm', import.meta.url));
try {
  statSync(source);
} catch {
  console.error(`paysign: ${source} is missing; run \`make wasm\` first`);
  process.exit(1);
}
mkdirSync(fileURLToPath(new URL('../dist/', import.meta.url)), { recursive: true });
copyFileSync(source, target);

// The repository's LICENSE goes into the package too (git-ignored here).
const license = fileURLToPath(new URL('../../../LICENSE', import.meta.url));
try {
  copyFileSync(license, fileURLToPath(new URL('../LICENSE', import.meta.url)));
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
