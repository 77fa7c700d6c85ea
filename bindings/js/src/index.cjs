'use strict';
// The CommonJS entry (`require('paysign')`). paysign is an ES module, and
// loading WebAssembly is asynchronous anyway, so this entry hands out
// promises over the same module (reached with import(), which CommonJS code
// may call on every Node >= 18):
//
//   const paysign = require('paysign');
//   const payway = await paysign.PayWay.load({ merchantId, apiKey, rsaPublicKey });
//   payway.sign('refund', { tran_id: 'T1001', refund_amount: '1.50' });   // synchronous from here on
//   await payway.send('refund', { tran_id: 'T1001', refund_amount: '1.50' });
//   const { PaySignError, PayWayError } = await paysign.esm();            // everything else
//
// It imports the ES module as the package ships it (dist/paysign.js, src/*.js
// bundled by scripts/bundle.js at npm pack) and nothing imports it back.
//
// On Node >= 20.19 / 22.12, CommonJS code may also require() the ES module
// itself: require('paysign/esm') returns the same exports as `import`.

const { version } = require('../package.json');

let esm;
/** The ES module's exports (load, PayWay, PaySignError, PayWayError, ...). */
function loadESM() {
  esm ??= import('../dist/paysign.js'); // the file the "import" entry is: one instance for both
  return esm;
}

module.exports = {
  version,
  ABI_VERSION: 1,
  esm: loadESM,
  load: async (options) => (await loadESM()).load(options),
  PayWay: {
    load: async (options) => (await loadESM()).PayWay.load(options),
    fromEnv: async (options) => (await loadESM()).PayWay.fromEnv(options),
  },
  isPaySignError: (err) => err instanceof Error && (err.name === 'PaySignError' || err.name === 'PayWayTransportError') && typeof err.code === 'string',
  isPayWayError: (err) => err instanceof Error && err.name === 'PayWayError' && typeof err.category === 'string',
  isPayWayTransportError: (err) => err instanceof Error && err.name === 'PayWayTransportError' && typeof err.next === 'string',
};
