// paysign for JavaScript, the package's one ES module entry (`import ... from
// 'paysign'`): the paysign WebAssembly module (build/paysign.wasm, a WASI
// reactor) behind a small API. Runs unchanged in Node >= 18 and in browsers.
// index.cjs, the CommonJS entry, imports this file and nothing imports back.
//
//   load(), PaySign            one module instance and its JSON call (src/paysign.js)
//   PayWay                     one merchant: sign, send, callbacks (src/payway.js)
//   PaySignError, PayWayError, PayWayTransportError   (src/errors.js)
//   QUERY_OPERATIONS           the operations that only read (generated from the catalogue by internal/gen)
//   version                    the paysign release (generated from the repository's VERSION)
export { ABI_VERSION, load, PaySign } from './paysign.js';
export { PayWay } from './payway.js';
export { PaySignError, PayWayError, PayWayTransportError } from './errors.js';
export { QUERY_OPERATIONS } from './payway-catalog.js';
export { version } from './version.js';
