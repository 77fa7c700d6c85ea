// Signs every request of testvectors/demo/requests.json through the package
// and writes {"runtime":"js","results":{name: value}} (make demo-js).
// Prints one line per request: name, hash, URL. Never prints credentials.
//
//   node demo/demo.js [OUT_FILE]     default: build/demo/js.json of the repository
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../src/index.js';

const repo = (path) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const out = process.argv[2] ?? repo('build/demo/js.json');
const { requests } = JSON.parse(readFileSync(repo('testvectors/demo/requests.json'), 'utf8'));

const paysign = await load();
const results = {};
for (const { name, op, request } of requests) {
  const value = paysign.call(op, request);
  results[name] = value;
  console.log(`js  ${name.padEnd(18)} hash ${value.hash ?? value.signature ?? '-'}  ${value.method ?? ''} ${value.url ?? ''}`);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ runtime: 'js', results }, null, 2)}\n`);
console.log(`js  wrote ${out}`);
