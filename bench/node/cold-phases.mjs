// The phases of bindings/js's load() + first sign, timed one by one (the
// same steps load() takes): module imports, reading the .wasm, compile,
// instantiate, the reactor's _initialize (Go runtime and package init),
// the first and second call. Usage: node cold-phases.mjs WORKLOADS (PAYSIGN_WASM=module)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const t0 = performance.now();
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { wasiImports } = await import(path.join(repo, 'bindings/js/src/wasi.js'));
const { PaySign } = await import(path.join(repo, 'bindings/js/src/index.js'));
const t1 = performance.now();
const bytes = fs.readFileSync(process.env.PAYSIGN_WASM || path.join(repo, 'build/paysign.wasm'));
const t2 = performance.now();
const module = await WebAssembly.compile(bytes);
const t3 = performance.now();
let memory;
const instance = await WebAssembly.instantiate(module, wasiImports(module, () => memory,
  { getRandomValues: (b) => crypto.getRandomValues(b), stderr: (t) => process.stderr.write(t) }));
memory = instance.exports.memory;
const t4 = performance.now();
instance.exports._initialize();
const t5 = performance.now();
const ps = new PaySign(instance.exports, 'bench');
const w = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))[0];
ps.call(w.op, w.request);
const t6 = performance.now();
ps.call(w.op, w.request);
const t7 = performance.now();
const ms = (x) => Number(x.toFixed(1));
console.log(JSON.stringify({ imports: ms(t1 - t0), read: ms(t2 - t1), compile: ms(t3 - t2), instantiate: ms(t4 - t3),
  initialize: ms(t5 - t4), first_call: ms(t6 - t5), second_call: ms(t7 - t6), total: ms(t6 - t0) }));
