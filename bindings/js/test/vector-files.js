// Reads the vector files for Node tests: $PAYSIGN_TESTVECTORS or the
// repository's testvectors/ (testvectors/README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const vectorDir = process.env.PAYSIGN_TESTVECTORS || fileURLToPath(new URL('../../../testvectors/', import.meta.url));

/** @returns {Array<{name: string, text: string}>} every *.json file, sorted by name */
export function readVectorFiles(dir = vectorDir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}
