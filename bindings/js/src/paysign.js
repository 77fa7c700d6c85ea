// The paysign WebAssembly module (build/paysign.wasm, a WASI reactor): load()
// and PaySign, one instance and its call(). Runs unchanged in Node >= 18 and
// in browsers; it needs WebAssembly, BigInt and crypto.getRandomValues. In
// Node the module's HMAC-SHA512 and RSA primitives run in node:crypto (host
// crypto, src/hostcrypto.js); elsewhere in the module's own Go.

import { wasiImports, NO_RANDOM_SOURCE } from './wasi.js';
import { hostCryptoImports, nodeCryptoProvider } from './hostcrypto.js';
import { PaySignError } from './errors.js';
import { toJSONText, isWellFormed, illFormedPath } from './json.js';

/** The ABI version this binding speaks (core/abi.Version). */
export const ABI_VERSION = 1;

/** core/abi.MaxRequestSize: the core rejects a longer request by its length alone. */
export const MAX_REQUEST_SIZE = 1 << 20;
// What callRaw copies into the module at most. Linear memory never shrinks,
// so a 10 MB request is cut to one byte past the limit (the core still
// answers request_too_large), and an op name to a length no op has (the core
// still answers unknown_op).
const REQUEST_SEND_LIMIT = MAX_REQUEST_SIZE + 1;
const OP_SEND_LIMIT = 1025;
// The input buffer each instance keeps in the module for op + request.
const INPUT_BUFFER_MIN = 16 << 10;
const INPUT_BUFFER_MAX = OP_SEND_LIMIT + REQUEST_SEND_LIMIT;

/**
 * The method of PaySign that runs an op with request text this package made
 * (src/payway.js); not part of the public API.
 */
export const callText = Symbol('paysign.callText');

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
  const getRandomValues = nodeCrypto ? (bytes) => nodeCrypto.randomFillSync(bytes) : findRandomSource();
  // A pre-initialized module asks for randomness only when it encrypts; the
  // plain one at _initialize. Either way a runtime without a CSPRNG is told
  // at load, not at its first refund.
  if (!getRandomValues) throw new Error(NO_RANDOM_SOURCE);
  const provider = nodeCrypto && setting !== false ? nodeCryptoProvider(nodeCrypto) : null;
  let memory;
  const stderr = options.stderr ?? defaultStderr;
  const instance = await WebAssembly.instantiate(module, moduleImports(module, () => memory, { getRandomValues, stderr, host: provider }));
  memory = instance.exports.memory;
  initialize(instance.exports);
  return new PaySign(instance.exports, location, provider);
}

/**
 * Initializes a fresh instance of the module: the plain module is a WASI
 * reactor whose _initialize starts the Go runtime and runs the package
 * initializers, once, before any other export; the module the package ships
 * is pre-initialized (wizer took a snapshot after _initialize at build time,
 * see wasm/README.md) and has no _initialize. Internal: load() uses it, and
 * tests and benches that instantiate the module themselves.
 * @param {WebAssembly.Exports} exports
 */
export function initialize(exports) {
  checkExports(exports);
  if (typeof exports._initialize === 'function') exports._initialize();
}

/**
 * The imports of the module: the package's WASI host and the paysign_host
 * crypto functions (host null: stubs, the module's own Go). Internal:
 * load() uses it, and tests and benches that need the instance's memory.
 * @param {WebAssembly.Module} module
 * @param {() => WebAssembly.Memory} getMemory
 * @param {{getRandomValues?: (bytes: Uint8Array) => unknown, stderr: (text: string) => void, host?: object|null}} options
 */
export function moduleImports(module, getMemory, { getRandomValues, stderr, host = null }) {
  return { ...wasiImports(module, getMemory, { getRandomValues, stderr }), ...hostCryptoImports(getMemory, host) };
}

// environment returns the variable name of a Node-like runtime's
// process.env, or undefined: in a browser or a Worker, and in Deno without
// --allow-env, where reading it throws (the package then runs on its
// defaults).
function environment(name) {
  if (!isNode) return undefined;
  try {
    return process.env[name];
  } catch {
    return undefined;
  }
}

// hostCryptoSetting is true, false or undefined (use it where node:crypto exists).
function hostCryptoSetting(option) {
  if (option !== undefined) {
    if (typeof option !== 'boolean') throw new TypeError('paysign: options.hostCrypto must be true or false');
    return option;
  }
  const env = environment('PAYSIGN_HOST_CRYPTO');
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
   * Runs op and returns its value; throws PaySignError for an error envelope
   * or a request this package refuses before the call.
   * @param {string} op
   * @param {object|string|Uint8Array} [request] an object is sent as JSON (with paysign's checks:
   *   no floats, Maps in insertion order, see src/json.js), a string or bytes as is
   */
  call(op, request = {}) {
    const envelope = JSON.parse(this.callRaw(op, request));
    if (envelope.ok) return envelope.value;
    throw this.#error(envelope.error, request);
  }

  /**
   * Runs op and returns the response envelope as JSON text, error or not.
   * A request this package refuses before the call (a float, a cycle, a
   * string with an unpaired surrogate, an op that is not a string) throws
   * PaySignError instead.
   * @param {string} op
   * @param {object|string|Uint8Array} [request]
   */
  callRaw(op, request = {}) {
    if (typeof op !== 'string') {
      throw new PaySignError('unknown_op', `paysign: the op is ${op === null ? 'null' : `a ${typeof op}`}; ops are strings such as "payway.sign"`);
    }
    if (request instanceof ArrayBuffer) request = new Uint8Array(request);
    if (request instanceof Uint8Array) return this.#run(op, null, request.subarray(0, REQUEST_SEND_LIMIT));
    let text;
    if (typeof request === 'string') {
      // Text longer than the limit in UTF-16 units is too long in UTF-8 too:
      // the core refuses it by its length, whatever it holds.
      if (request.length <= REQUEST_SEND_LIMIT && !isWellFormed(request)) {
        throw new PaySignError('malformed_request', 'paysign: the request text holds an unpaired UTF-16 surrogate, '
          + 'which UTF-8 cannot carry (TextEncoder would silently make it U+FFFD)');
      }
      text = request;
    } else {
      text = request === undefined || request === null ? '{}' : toJSONText(request);
    }
    return this.#run(op, text, null);
  }

  /**
   * Runs op with request text made by this package (well-formed JSON, already
   * checked) and returns the value; throws PaySignError. The bindings'
   * helpers call this; it skips callRaw's checks.
   * @param {string} op
   * @param {string} text
   * @param {any} [original] the value (part of) text was made from, to name the member of an error
   * @param {string} [base] the path of original in the request, e.g. "params"
   */
  [callText](op, text, original, base = '') {
    const envelope = JSON.parse(this.#run(op, text, null));
    if (envelope.ok) return envelope.value;
    throw this.#error(envelope.error, original, base);
  }

  #error({ code, message, field }, request, base = '') {
    field ??= '';
    // The core refuses an unpaired surrogate (a \u escape JSON.stringify
    // wrote) without a path; an object request can say where it is.
    if (code === 'malformed_request' && field === '' && /surrogate/.test(message) && typeof request === 'object' && request !== null) {
      const at = illFormedPath(request, base);
      if (at) return new PaySignError(code, `paysign: ${at} holds an unpaired UTF-16 surrogate, which UTF-8 cannot carry`, at);
    }
    return new PaySignError(code, message, field);
  }

  // #run copies op and the request (text, or bytes) into the module, calls
  // it and returns the response envelope text.
  #run(op, requestText, requestBytes) {
    if (this.#broken) throw new PaySignError('internal', `paysign: this instance stopped after a fault (${this.#broken}); load a new one`);
    const opBytes = opBytesOf(op);
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

function checkExports(exports) {
  for (const name of ['memory', 'paysign_alloc', 'paysign_free', 'paysign_call', 'paysign_abi_version']) {
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

// findRandomSource is the random source where node:crypto is not (load()
// takes randomFillSync from it where it is): WebCrypto, or none.
function findRandomSource() {
  const c = globalThis.crypto;
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
  const fromEnv = environment('PAYSIGN_WASM');
  if (fromEnv) {
    return { module: await compileOnce(`env ${fromEnv}`, fromEnv), location: 'env' };
  }
  const candidates = [];
  // Running from the paysign source tree (bindings/js/src/paysign.js): the freshly built module.
  if (/\/bindings\/js\/src\/paysign\.js$/.test(new URL(import.meta.url).pathname)) {
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
