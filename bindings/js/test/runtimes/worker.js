// workerd (Cloudflare Workers): the module imported as a compiled
// WebAssembly module, as Wrangler bundles `import wasm from
// 'paysign/paysign.wasm'`; no compilation from bytes, which Workers forbid.
// `workerd test` calls test(); RUNTIME names the configuration (with or
// without nodejs_compat).
import * as paysign from 'paysign';
import wasm from 'paysign/paysign.wasm';
import input from './input.json';
import { check } from './check.js';

export default {
  async test(_controller, env) {
    console.log(JSON.stringify(await check(paysign, { ...input, runtime: env.RUNTIME, wasm })));
  },
};
