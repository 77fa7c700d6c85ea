// paysign for JavaScript: the paysign WebAssembly module (build/paysign.wasm,
// a WASI reactor) behind a small API. Runs unchanged in Node >= 18 and in
// browsers; it needs WebAssembly, BigInt and crypto.getRandomValues.

import { wasiImports } from './wasi.js';

/** The ABI version this binding speaks (core/abi.Version). */
export const ABI_VERSION = 1;

/** core/abi.MaxRequestSize: the core rejects a longer request by its length alone. */
const MAX_REQUEST_SIZE = 1 << 20;
// What callRaw copies into the module at most. Linear memory never shrinks,
// so a 10 MB request is cut to one byte past the limit (the core still
// answers request_too_large), and an op name to a length no op has (the core
// still answers unknown_op).
const REQUEST_SEND_LIMIT = MAX_REQUEST_SIZE + 1;
const OP_SEND_LIMIT = 1025;

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * An error envelope from paysign: `code` is one of the closed set of
 * paysign.version's `codes`, `field` names the request member at fault
 * (may be empty). Messages never contain key material.
 */
export class PaySignError extends Error {
  constructor(code, message, field = '') {
    super(message);
    this.name = 'PaySignError';
    this.code = code;
    this.field = field;
  }
}

/**
 * Loads the module and returns a PaySign instance.
 *
 * The module comes from `options.wasm` (bytes, a WebAssembly.Module, a URL,
 * or a file path in Node), else the environment variable PAYSIGN_WASM (Node
 * only), else build/paysign.wasm of the paysign repository when the package
 * runs from its source tree, else the copy packaged with the npm package.
 *
 * @param {{wasm?: any, stderr?: (text: string) => void}} [options]
 */
export async function load(options = {}) {
  const { module, location } = await compile(options.wasm);
  const getRandomValues = await findRandomSource();
  let memory;
  const stderr = options.stderr ?? defaultStderr;
  const instance = await WebAssembly.instantiate(module, wasiImports(module, () => memory, { getRandomValues, stderr }));
  memory = instance.exports.memory;
  checkExports(instance.exports);
  instance.exports._initialize(); // a WASI reactor: initialize once, before any other export
  return new PaySign(instance.exports, location);
}

/** One instantiated module. Calls are synchronous and run one at a time. */
export class PaySign {
  #exports;
  #broken = null;

  /** @param {WebAssembly.Exports} exports of an initialized instance @param {string} location */
  constructor(exports, location) {
    checkExports(exports);
    this.#exports = exports;
    /** Where the module was loaded from: "option", "env", "repository" or "package" (with the URL). */
    this.location = location;
    /** The module's ABI version. */
    this.abiVersion = exports.paysign_abi_version();
    if (this.abiVersion !== ABI_VERSION) {
      throw new PaySignError('misuse', `paysign: the module speaks ABI version ${this.abiVersion}, this package ${ABI_VERSION}`);
    }
  }

  /**
   * Runs op and returns its value; throws PaySignError for an error envelope.
   * @param {string} op
   * @param {object|string|Uint8Array} [request] an object is sent as JSON, a string or bytes as is
   */
  call(op, request = {}) {
    const envelope = JSON.parse(this.callRaw(op, request));
    if (envelope.ok) return envelope.value;
    const { code, message, field } = envelope.error;
    throw new PaySignError(code, message, field ?? '');
  }

  /**
   * Runs op and returns the response envelope as JSON text, error or not.
   * @param {string} op
   * @param {object|string|Uint8Array} [request]
   */
  callRaw(op, request = {}) {
    if (this.#broken) throw new PaySignError('internal', `paysign: this instance stopped after a fault (${this.#broken}); load a new one`);
    const opBytes = encodeBounded(String(op), OP_SEND_LIMIT);
    const requestBytes = toBytes(request);
    const x = this.#exports;
    let opPtr = 0;
    let requestPtr = 0;
    try {
      opPtr = this.#put(opBytes);
      requestPtr = this.#put(requestBytes);
      const packed = x.paysign_call(opPtr, opBytes.length, requestPtr, requestBytes.length);
      const ptr = Number(BigInt.asUintN(64, packed) >> 32n);
      const len = Number(BigInt.asUintN(32, packed));
      // A fresh view after the call: the call may have grown memory.
      const text = decoder.decode(new Uint8Array(x.memory.buffer, ptr, len));
      x.paysign_free(ptr);
      return text;
    } catch (err) {
      if (err instanceof PaySignError) throw err;
      // A trap (or proc_exit) leaves the Go runtime in an unknown state.
      this.#broken = err instanceof Error ? err.message : String(err);
      throw new PaySignError('internal', `paysign: the WebAssembly module failed (${this.#broken}); load a new instance`);
    } finally {
      if (!this.#broken) {
        if (opPtr) x.paysign_free(opPtr);
        if (requestPtr) x.paysign_free(requestPtr);
      }
    }
  }

  #put(bytes) {
    if (bytes.length === 0) return 0;
    const ptr = this.#exports.paysign_alloc(bytes.length) >>> 0;
    if (ptr === 0) throw new PaySignError('request_too_large', `paysign: cannot allocate ${bytes.length} bytes in the module`);
    new Uint8Array(this.#exports.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  }
}

/**
 * PayWay (ABA Bank, Cambodia) with one merchant's credentials.
 *
 * The API key signs requests: keep it on your server. In a public browser
 * page only encryption with the RSA public key and the doctor are safe.
 */
export class PayWay {
  #paysign;
  #credentials;
  #environment;

  /**
   * @param {{merchantId: string, apiKey: string, rsaPublicKey?: string, rsaPrivateKey?: string,
   *          environment?: 'sandbox'|'production', paysign?: PaySign, wasm?: any}} options
   */
  static async load(options) {
    const paysign = options.paysign ?? (await load({ wasm: options.wasm }));
    return new PayWay(paysign, options);
  }

  constructor(paysign, { merchantId, apiKey, rsaPublicKey, rsaPrivateKey, environment = 'sandbox' } = {}) {
    this.#paysign = paysign;
    // Private fields: console.log(payway) or JSON.stringify(payway) never shows the key.
    this.#credentials = { merchantId, apiKey, rsaPublicKey, rsaPrivateKey };
    this.#environment = environment;
  }

  /** The merchant ID these credentials belong to. */
  get merchantId() {
    return this.#credentials.merchantId;
  }

  /**
   * Signs one PayWay request; the value of op payway.sign.
   * @param {string} operation a name from catalog().operations, e.g. "refund"
   * @param {object} params PayWay's own field names, plain values
   * @param {{requestTime?: string, environment?: 'sandbox'|'production'}} [options]
   */
  sign(operation, params = {}, { requestTime, environment } = {}) {
    const c = this.#credentials;
    const credentials = { merchant_id: c.merchantId ?? '', api_key: c.apiKey ?? '' };
    if (c.rsaPublicKey) credentials.rsa_public_key = c.rsaPublicKey;
    const request = { operation, credentials, params, environment: environment ?? this.#environment };
    if (requestTime !== undefined) request.request_time = requestTime;
    return this.#paysign.call('payway.sign', request);
  }

  /**
   * Verifies received fields as the gateway would (hash, merchant_auth): for
   * test doubles of PayWay. Needs the API key and, for encrypted fields, the
   * RSA private key.
   * @param {string} operation
   * @param {Record<string,string>|Array<[string,string]>} fields
   */
  verify(operation, fields) {
    const c = this.#credentials;
    const credentials = { api_key: c.apiKey ?? '' };
    if (c.rsaPrivateKey) credentials.rsa_private_key = c.rsaPrivateKey;
    return this.#paysign.call('payway.verify', { operation, credentials, fields });
  }

  /** The PayWay operation catalogue: URLs, field orders, encodings, parameters. */
  catalog() {
    return this.#paysign.call('payway.catalog', {});
  }

  toJSON() {
    return { merchantId: this.#credentials.merchantId, environment: this.#environment };
  }
}

function checkExports(exports) {
  for (const name of ['memory', '_initialize', 'paysign_alloc', 'paysign_free', 'paysign_call', 'paysign_abi_version']) {
    if (!(name in exports)) throw new PaySignError('misuse', `paysign: the module does not export ${name}; is it paysign.wasm?`);
  }
}

// toBytes returns the request's bytes, at most REQUEST_SEND_LIMIT of them.
function toBytes(request) {
  if (request instanceof ArrayBuffer) request = new Uint8Array(request);
  if (request instanceof Uint8Array) return request.subarray(0, REQUEST_SEND_LIMIT);
  return encodeBounded(typeof request === 'string' ? request : JSON.stringify(request ?? {}), REQUEST_SEND_LIMIT);
}

// encodeBounded is UTF-8 of text, or, if that is longer than limit bytes,
// limit bytes (of which the first ones are text's prefix): enough for the
// receiver to see "too long" without encoding all of it.
function encodeBounded(text, limit) {
  if (text.length * 3 <= limit) return encoder.encode(text); // UTF-8 is at most 3 bytes per UTF-16 unit
  const out = new Uint8Array(limit);
  const { read, written } = encoder.encodeInto(text, out);
  return read < text.length ? out : out.subarray(0, written);
}

function defaultStderr(text) {
  if (isNode) process.stderr.write(text);
  else console.error(text);
}

async function findRandomSource() {
  let c = globalThis.crypto;
  if (!c?.getRandomValues && isNode) c = (await import('node:crypto')).webcrypto; // Node 18
  return c?.getRandomValues ? (bytes) => c.getRandomValues(bytes) : undefined;
}

// --- locating and compiling the module -------------------------------------

const compiledCache = new Map(); // location URL -> Promise<WebAssembly.Module>

async function compile(wasm) {
  if (wasm !== undefined && wasm !== null) return { module: await compileSource(wasm), location: 'option' };
  if (isNode && process.env.PAYSIGN_WASM) {
    return { module: await compileSource(process.env.PAYSIGN_WASM), location: 'env' };
  }
  const candidates = [];
  // Running from the paysign source tree (bindings/js/src/index.js): the freshly built module.
  if (/\/bindings\/js\/src\/index\.js$/.test(new URL(import.meta.url).pathname)) {
    candidates.push(['repository', new URL('../../../build/paysign.wasm', import.meta.url)]);
  }
  candidates.push(['package', new URL('../dist/paysign.wasm', import.meta.url)]);
  const failures = [];
  for (const [location, url] of candidates) {
    if (!compiledCache.has(url.href)) compiledCache.set(url.href, compileSource(url));
    try {
      return { module: await compiledCache.get(url.href), location };
    } catch (err) {
      compiledCache.delete(url.href);
      failures.push(`${location} ${url.href}: ${err.message}`);
    }
  }
  throw new Error(`paysign: cannot load paysign.wasm (pass {wasm} to load()):\n  ${failures.join('\n  ')}`);
}

async function compileSource(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  if (typeof source === 'string') source = toURL(source);
  if (!(source instanceof URL)) throw new TypeError('paysign: options.wasm must be bytes, a WebAssembly.Module, a URL or a file path');
  if (source.protocol === 'file:') {
    if (!isNode) throw new Error('paysign: file: URLs need Node');
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(source));
  }
  const response = await fetch(source);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${source.href}`);
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type') === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// toURL reads a string as an absolute URL, else (Node) as a file path or
// (browser) as a URL relative to the page.
function toURL(text) {
  if (/^[a-z][a-z0-9+.-]+:/i.test(text)) return new URL(text); // scheme of 2+ letters: not "C:\"
  if (isNode) return pathToFileURL(text);
  return new URL(text, globalThis.document?.baseURI ?? globalThis.location?.href);
}

function pathToFileURL(path) {
  const absolute = path.startsWith('/') ? path : `${process.cwd()}/${path}`;
  return new URL(`file://${absolute.split('/').map(encodeURIComponent).join('/')}`);
}
