// The part of the Node, Deno and Bun entries that is not the import of the
// package: read input.json (written by runtimes.test.js), run check.js,
// print its summary as one JSON line. A failure rejects, and every one of
// these runtimes then exits with a non-zero status.
import { readFileSync } from 'node:fs';
import { check } from './check.js';

export async function main(paysign, runtime) {
  const input = JSON.parse(readFileSync(new URL('./input.json', import.meta.url), 'utf8'));
  console.log(JSON.stringify(await check(paysign, { ...input, runtime })));
}
