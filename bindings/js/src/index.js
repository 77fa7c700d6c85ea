// paysign for JavaScript: the paysign WebAssembly module (build/paysign.wasm,
// a WASI reactor) behind a small API. Runs unchanged in Node >= 18 and in
// browsers.
//
//   load(), PaySign            one module instance and its JSON call (src/paysign.js)
//   PayWay                     one merchant: sign, send, callbacks (src/payway.js)
//   PaySignError, PayWayError, PayWayTransportError   (src/errors.js)
export { ABI_VERSION, load, PaySign } from './paysign.js';
export { PayWay, QUERY_OPERATIONS } from './payway.js';
export { PaySignError, PayWayError, PayWayTransportError } from './errors.js';
