// The phases of bindings/js's PayWay.load() + first sign, timed one by one
// (the same steps load() takes): module imports, reading the .wasm, compile
// (with node:crypto imported meanwhile), instantiate, the reactor's
// _initialize (Go runtime and package init; none for the pre-initialized
// module), the first and second sign.
// Usage: node cold-phases.mjs WORKLOADS [go]   (PAYSIGN_WASM=module; "go": no host crypto)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const t0 = performance.now();
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { moduleImports, initialize } = await import(path.join(repo, 'bindings/js/src/paysign.js'));
const { nodeCryptoProvider } = await import(path.join(repo, 'bindings/js/src/hostcrypto.js'));
const { PaySign, PayWay } = await import(path.join(repo, 'bindings/js/src/index.js'));
const t1 = performance.now();
const bytes = fs.readFileSync(process.env.PAYSIGN_WASM || path.join(repo, 'build/paysign.wasm'));
const t2 = performance.now();
const [module, nodeCrypto] = await Promise.all([WebAssembly.compile(bytes), import('node:crypto')]);
const t3 = performance.now();
const host = process.argv[3] === 'go' ? null : nodeCryptoProvider(nodeCrypto);
let memory;
const instance = await WebAssembly.instantiate(module,
  moduleImports(module, () => memory, { getRandomValues: (b) => nodeCrypto.randomFillSync(b), stderr: (t) => process.stderr.write(t), host }));
memory = instance.exports.memory;
const t4 = performance.now();
initialize(instance.exports); // nothing to do for the pre-initialized module
const t5 = performance.now();
const w = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))[0];
const c = w.request.credentials;
const payway = new PayWay(new PaySign(instance.exports, 'bench', host), { merchantId: c.merchant_id, apiKey: c.api_key, rsaPublicKey: c.rsa_public_key });
payway.sign(w.request.operation, w.request.params, { requestTime: w.request.request_time });
const t6 = performance.now();
payway.sign(w.request.operation, w.request.params, { requestTime: w.request.request_time });
const t7 = performance.now();
const ms = (x) => Number(x.toFixed(1));
console.log(JSON.stringify({ imports: ms(t1 - t0), read: ms(t2 - t1), compile: ms(t3 - t2), instantiate: ms(t4 - t3),
  initialize: ms(t5 - t4), first_call: ms(t6 - t5), second_call: ms(t7 - t6), total: ms(t6 - t0) }));
