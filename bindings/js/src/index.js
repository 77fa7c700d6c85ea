// paysign for JavaScript: the paysign WebAssembly module (build/paysign.wasm,
// a WASI reactor) behind a small API. Runs unchanged in Node >= 18 and in
// browsers; it needs WebAssembly, BigInt and crypto.getRandomValues. In Node
// the module's HMAC-SHA512 and RSA primitives run in node:crypto (host
// crypto, src/hostcrypto.js); elsewhere in the module's own Go.

import { wasiImports } from './wasi.js';
import { hostCryptoImports, nodeCryptoProvider } from './hostcrypto.js';

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
// The input buffer each instance keeps in the module for op + request.
const INPUT_BUFFER_MIN = 16 << 10;
const INPUT_BUFFER_MAX = OP_SEND_LIMIT + REQUEST_SEND_LIMIT;

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
 * `options.hostCrypto`: true makes node:crypto do HMAC-SHA512 and the RSA
 * primitives (it fails where there is no node:crypto), false keeps them in
 * the module's Go; by default node:crypto is used where it exists (Node),
 * and the environment variable PAYSIGN_HOST_CRYPTO (0 or 1, Node only)
 * overrides that default. Results are the same either way.
 *
 * @param {{wasm?: any, stderr?: (text: string) => void, hostCrypto?: boolean}} [options]
 */
export async function load(options = {}) {
  const setting = hostCryptoSetting(options.hostCrypto);
  // node:crypto loads while the module compiles.
  const [{ module, location }, nodeCrypto] = await Promise.all([compile(options.wasm), importNodeCrypto(setting)]);
  const getRandomValues = nodeCrypto ? (bytes) => nodeCrypto.randomFillSync(bytes) : await findRandomSource();
  const provider = nodeCrypto && setting !== false ? nodeCryptoProvider(nodeCrypto) : null;
  let memory;
  const stderr = options.stderr ?? defaultStderr;
  const imports = { ...wasiImports(module, () => memory, { getRandomValues, stderr }), ...hostCryptoImports(() => memory, provider) };
  const instance = await WebAssembly.instantiate(module, imports);
  memory = instance.exports.memory;
  checkExports(instance.exports);
  instance.exports._initialize(); // a WASI reactor: initialize once, before any other export
  return new PaySign(instance.exports, location, provider);
}

// hostCryptoSetting is true, false or undefined (use it where node:crypto exists).
function hostCryptoSetting(option) {
  if (option !== undefined) {
    if (typeof option !== 'boolean') throw new TypeError('paysign: options.hostCrypto must be true or false');
    return option;
  }
  const env = isNode ? process.env.PAYSIGN_HOST_CRYPTO : undefined;
  if (env === undefined || env === '') return undefined;
  if (env === '1' || env === '0') return env === '1';
  throw new TypeError('paysign: PAYSIGN_HOST_CRYPTO must be 0 or 1');
}

// importNodeCrypto returns node:crypto in Node (its randomFillSync is the
// WASI random source even without host crypto), else null.
async function importNodeCrypto(setting) {
  let nodeCrypto = null;
  if (isNode) {
    try {
      nodeCrypto = await import('node:crypto');
    } catch {
      nodeCrypto = null;
    }
  }
  if (setting === true && !nodeCrypto?.createHmac) {
    throw new PaySignError('misuse', 'paysign: hostCrypto: true needs node:crypto; this runtime has none');
  }
  return nodeCrypto;
}

/** One instantiated module. Calls are synchronous and run one at a time. */
export class PaySign {
  #exports;
  #broken = null;
  #host;
  #input = 0; // address of the buffer in the module that op and request are written to, reused
  #inputSize = 0;
  #bytes = null; // a Uint8Array over the module's memory, renewed when memory grows

  /**
   * @param {WebAssembly.Exports} exports of an initialized instance
   * @param {string} location
   * @param {object|null} [host] the host crypto provider the instance was given (src/hostcrypto.js), if any
   */
  constructor(exports, location, host = null) {
    checkExports(exports);
    this.#exports = exports;
    this.#host = host;
    /** Where the module was loaded from: "option", "env", "repository" or "package" (with the URL). */
    this.location = location;
    /** The module's ABI version. */
    this.abiVersion = exports.paysign_abi_version();
    if (this.abiVersion !== ABI_VERSION) {
      throw new PaySignError('misuse', `paysign: the module speaks ABI version ${this.abiVersion}, this package ${ABI_VERSION}`);
    }
  }

  /**
   * Which host does the module's HMAC-SHA512 and RSA primitives, and how
   * often it did each (null: the module's own Go does them).
   * @returns {{provider: string, calls: {hmac_sha512: number, rsa_encrypt_pkcs1: number, rsa_sign_pkcs1_sha256: number}}|null}
   */
  get hostCrypto() {
    const host = this.#host;
    return host ? { provider: host.name ?? 'custom', calls: { ...host.calls } } : null;
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
    const opBytes = opBytesOf(String(op));
    let requestText;
    let requestBytes;
    if (request instanceof ArrayBuffer) request = new Uint8Array(request);
    if (request instanceof Uint8Array) requestBytes = request.subarray(0, REQUEST_SEND_LIMIT);
    else requestText = typeof request === 'string' ? request : JSON.stringify(request ?? {});
    // Room for the request: its bytes, or its UTF-8 (at most 3 bytes per
    // UTF-16 unit), at most REQUEST_SEND_LIMIT.
    const room = requestBytes ? requestBytes.length : Math.min(requestText.length * 3, REQUEST_SEND_LIMIT);
    const x = this.#exports;
    try {
      const input = this.#reserve(opBytes.length + room);
      let bytes = this.#memory();
      bytes.set(opBytes, input);
      const requestPtr = input + opBytes.length;
      let requestLength;
      if (requestBytes) {
        bytes.set(requestBytes, requestPtr);
        requestLength = requestBytes.length;
      } else {
        // UTF-8 straight into the module. Text longer than the limit is cut
        // to REQUEST_SEND_LIMIT bytes: the core rejects it by its length alone.
        const { read, written } = encoder.encodeInto(requestText, bytes.subarray(requestPtr, requestPtr + room));
        requestLength = read < requestText.length ? room : written;
      }
      const packed = x.paysign_call(input, opBytes.length, requestPtr, requestLength);
      const ptr = Number(BigInt.asUintN(64, packed) >> 32n);
      const len = Number(BigInt.asUintN(32, packed));
      bytes = this.#memory(); // the call may have grown memory
      const text = decoder.decode(bytes.subarray(ptr, ptr + len));
      x.paysign_free(ptr);
      return text;
    } catch (err) {
      if (err instanceof PaySignError) throw err;
      // A trap (or proc_exit) leaves the Go runtime in an unknown state.
      this.#broken = err instanceof Error ? err.message : String(err);
      throw new PaySignError('internal', `paysign: the WebAssembly module failed (${this.#broken}); load a new instance`);
    }
  }

  // #reserve returns the address of the input buffer, at least size bytes
  // (a new one when the old is too small). The module copies op and
  // request before it runs, so one buffer serves every call.
  #reserve(size) {
    if (size <= this.#inputSize) return this.#input;
    const x = this.#exports;
    const want = Math.min(Math.max(size, INPUT_BUFFER_MIN, 2 * this.#inputSize), INPUT_BUFFER_MAX);
    if (this.#input) x.paysign_free(this.#input);
    this.#input = 0;
    this.#inputSize = 0;
    const ptr = x.paysign_alloc(want) >>> 0;
    if (ptr === 0) throw new PaySignError('request_too_large', `paysign: cannot allocate ${want} bytes in the module`);
    this.#input = ptr;
    this.#inputSize = want;
    return ptr;
  }

  #memory() {
    const buffer = this.#exports.memory.buffer;
    if (this.#bytes?.buffer !== buffer) this.#bytes = new Uint8Array(buffer);
    return this.#bytes;
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
  // The credentials member of payway.sign requests as JSON, made once: with
  // the RSA public key, and without it for the operations that turned out
  // not to encrypt anything (the core never reads the key for those).
  #signCredentials;
  #signCredentialsWithKey;
  #unencrypted = new Set();

  /**
   * @param {{merchantId: string, apiKey: string, rsaPublicKey?: string, rsaPrivateKey?: string,
   *          environment?: 'sandbox'|'production', paysign?: PaySign, wasm?: any, hostCrypto?: boolean}} options
   */
  static async load(options) {
    const paysign = options.paysign ?? (await load({ wasm: options.wasm, hostCrypto: options.hostCrypto }));
    return new PayWay(paysign, options);
  }

  constructor(paysign, { merchantId, apiKey, rsaPublicKey, rsaPrivateKey, environment = 'sandbox' } = {}) {
    this.#paysign = paysign;
    // Private fields: console.log(payway) or JSON.stringify(payway) never shows the key.
    this.#credentials = { merchantId, apiKey, rsaPublicKey, rsaPrivateKey };
    this.#environment = environment;
    const credentials = { merchant_id: merchantId ?? '', api_key: apiKey ?? '' };
    this.#signCredentials = JSON.stringify(credentials);
    this.#signCredentialsWithKey = rsaPublicKey ? JSON.stringify({ ...credentials, rsa_public_key: rsaPublicKey }) : this.#signCredentials;
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
    // The request {operation, credentials, params, environment, request_time?}
    // as JSON, with the credentials spliced in as made once.
    const withKey = !this.#unencrypted.has(operation);
    const rest = { params, environment: environment ?? this.#environment };
    if (requestTime !== undefined) rest.request_time = requestTime;
    const op = JSON.stringify(operation);
    const request = `{${op === undefined ? '' : `"operation":${op},`}"credentials":${withKey ? this.#signCredentialsWithKey : this.#signCredentials},${JSON.stringify(rest).slice(1)}`;
    const signed = this.#paysign.call('payway.sign', request);
    if (withKey && typeof operation === 'string' && signed.merchant_auth_json === undefined && signed.beneficiaries_json === undefined) {
      this.#unencrypted.add(operation);
    }
    return signed;
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

// opBytesOf is the UTF-8 of an op name, at most OP_SEND_LIMIT bytes (a
// longer name is cut: no op is that long, so the core still answers
// unknown_op). The few real op names are kept encoded.
const opCache = new Map();
function opBytesOf(op) {
  let bytes = opCache.get(op);
  if (bytes === undefined) {
    bytes = encodeBounded(op, OP_SEND_LIMIT);
    if (op.length <= 64 && opCache.size < 64) opCache.set(op, bytes);
  }
  return bytes;
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

// Compiled modules by where they came from (PAYSIGN_WASM, the repository
// build, the packaged copy), so a second load() instantiates without
// compiling again. A failure is not kept.
const compiledCache = new Map(); // key -> Promise<WebAssembly.Module>

function compileOnce(key, source) {
  let promise = compiledCache.get(key);
  if (!promise) {
    promise = compileSource(source);
    compiledCache.set(key, promise);
    promise.catch(() => compiledCache.delete(key));
  }
  return promise;
}

async function compile(wasm) {
  if (wasm !== undefined && wasm !== null) return { module: await compileSource(wasm), location: 'option' };
  if (isNode && process.env.PAYSIGN_WASM) {
    return { module: await compileOnce(`env ${process.env.PAYSIGN_WASM}`, process.env.PAYSIGN_WASM), location: 'env' };
  }
  const candidates = [];
  // Running from the paysign source tree (bindings/js/src/index.js): the freshly built module.
  if (/\/bindings\/js\/src\/index\.js$/.test(new URL(import.meta.url).pathname)) {
    candidates.push(['repository', new URL('../../../build/paysign.wasm', import.meta.url)]);
  }
  candidates.push(['package', new URL('../dist/paysign.wasm', import.meta.url)]);
  const failures = [];
  for (const [location, url] of candidates) {
    try {
      return { module: await compileOnce(url.href, url), location };
    } catch (err) {
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
