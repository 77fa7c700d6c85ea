// PayWay (ABA Bank, Cambodia) with one merchant's credentials: sign, send,
// decode PayWay's answer, and the pushbacks (verify, and sign for tests).
//
// The credentials go into the module once: the first call opens a
// credentials handle (paysign.open_credentials) in the PayWay's own module
// instance, and every request then carries {"handle": N} instead of the API
// key and the RSA key. A handle belongs to the instance that opened it (each
// instance numbers its own), so a PayWay only ever sends it to that one.
// close() (or `using`, or the garbage collector through a
// FinalizationRegistry) closes it.

import { load, callText, MAX_REQUEST_SIZE } from './paysign.js';
import { PaySignError, PayWayError, PayWayTransportError } from './errors.js';
import { toJSONText, isWellFormed } from './json.js';

import { QUERY_OPERATIONS } from './payway-catalog.js';

export { QUERY_OPERATIONS };
const queries = new Set(QUERY_OPERATIONS);

// The defaults of Go's paywayhttp.Client.
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_QUERY_RETRIES = 2;
const DEFAULT_RETRY_BACKOFF_MS = 500;
// At most this much of an answer is read (paywayhttp's maxResponse).
const MAX_ANSWER_BYTES = 8 << 20;
// payway.decode_response takes the body inside one request (room left for the other members).
const MAX_DECODE_REQUEST = MAX_REQUEST_SIZE - 1024;

const SEND_OUTPUT = ',"output":"send"';
const MULTIPART = 'multipart/form-data';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder();

// Closes the handle of a PayWay that was collected without close().
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(closeHandle) : null;

function closeHandle({ paysign, handle }) {
  try {
    run(paysign, 'paysign.close_credentials', `{"handle":${handle}}`);
  } catch {
    // The instance may have stopped; its handles went with it.
  }
}

// run calls op on a PaySign with request text this package made (the fast
// entry, no checks), or on anything else with a call() method (test spies).
function run(paysign, op, text, original, base) {
  return typeof paysign[callText] === 'function' ? paysign[callText](op, text, original, base) : paysign.call(op, text);
}

function closedError() {
  return new PaySignError('closed', 'paysign: this PayWay was closed (its credentials handle with it); make a new one');
}

function misuse(message) {
  return new PaySignError('misuse', `paysign: ${message}`);
}

function milliseconds(value, name, { allowZero = true, allowInfinity = false } = {}) {
  if (value === undefined) return undefined;
  const ok = typeof value === 'number' && !Number.isNaN(value) && (value > 0 || (allowZero && value === 0))
    && (Number.isFinite(value) || allowInfinity);
  if (!ok) throw badOption(name, `a number of milliseconds${allowZero ? ', 0 or more' : ' above 0'}${allowInfinity ? ', or Infinity' : ''}`);
  return value;
}

function count(value, name) {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw badOption(name, 'a whole number, 0 or more');
  return value;
}

function badOption(name, what) {
  return new PaySignError('malformed_request', `paysign: ${name} is ${what}`, name);
}

/**
 * PayWay with one merchant's credentials.
 *
 * The API key signs requests: keep it on your server. In a public browser
 * page only encryption with the RSA public key and the doctor are safe.
 */
export class PayWay {
  #paysign;
  #credentials; // {merchantId, apiKey, rsaPublicKey, rsaPrivateKey} until close()
  #merchantId;
  #environment;
  #baseUrl;
  #tail; // ,"environment":…[,"base_url":…] as JSON, made once
  #handle = 0; // 0: none opened yet
  #prefix = ''; // {"credentials":{"handle":N}
  #closed = false;
  #timeout;
  #queryRetries;
  #retryBackoff;
  #fetch;

  /**
   * Loads a module (or uses options.paysign) and binds the credentials.
   * @param {object} options see the constructor, plus paysign, wasm and hostCrypto
   */
  static async load(options = {}) {
    const paysign = options?.paysign ?? (await load({ wasm: options?.wasm, hostCrypto: options?.hostCrypto }));
    return new PayWay(paysign, options);
  }

  /**
   * @param {import('./paysign.js').PaySign} paysign the instance this PayWay (and its handle) lives in
   * @param {{merchantId: string, apiKey: string, rsaPublicKey?: string, rsaPrivateKey?: string,
   *          environment?: 'sandbox'|'production', baseUrl?: string, timeout?: number,
   *          queryRetries?: number, retryBackoff?: number, fetch?: typeof fetch}} options
   */
  constructor(paysign, options = {}) {
    if (paysign === null || typeof paysign !== 'object' || typeof paysign.call !== 'function') {
      throw misuse('new PayWay(paysign, options) needs the PaySign instance load() returns');
    }
    const { merchantId, apiKey, rsaPublicKey, rsaPrivateKey, environment = 'sandbox', baseUrl, timeout, queryRetries, retryBackoff, fetch } = options ?? {};
    this.#paysign = paysign;
    // Private fields: console.log(payway) or JSON.stringify(payway) never shows the key.
    this.#credentials = { merchantId, apiKey, rsaPublicKey, rsaPrivateKey };
    this.#merchantId = merchantId;
    this.#environment = environment;
    this.#baseUrl = baseUrl;
    this.#tail = tailOf(environment, baseUrl);
    this.#timeout = milliseconds(timeout, 'timeout', { allowZero: false, allowInfinity: true }) ?? DEFAULT_TIMEOUT_MS;
    this.#queryRetries = count(queryRetries, 'queryRetries') ?? DEFAULT_QUERY_RETRIES;
    this.#retryBackoff = milliseconds(retryBackoff, 'retryBackoff') ?? DEFAULT_RETRY_BACKOFF_MS;
    if (fetch !== undefined && typeof fetch !== 'function') throw badOption('fetch', 'a function like globalThis.fetch');
    this.#fetch = fetch;
  }

  /** The merchant ID these credentials belong to. */
  get merchantId() {
    return this.#merchantId;
  }

  /** Whether close() was called. */
  get closed() {
    return this.#closed;
  }

  /**
   * Signs one PayWay request; the value of op payway.sign.
   * @param {string} operation a name from catalog().operations, e.g. "refund"
   * @param {object|Map} params PayWay's own field names, plain values; numbers only as safe integers
   * @param {{requestTime?: string, environment?: 'sandbox'|'production', output?: 'send'}} [options]
   *   output "send": only what is sent (operation, method, url, content_type, headers, fields, body)
   */
  sign(operation, params = {}, options = undefined) {
    const output = options?.output;
    if (output === undefined) return this.#sign(operation, params, options, '');
    return this.#sign(operation, params, options, output === 'send' ? SEND_OUTPUT : `,"output":${toJSONText(output, 'output')}`);
  }

  #sign(operation, params, options, output) {
    if (this.#closed) throw closedError();
    const requestTime = options?.requestTime;
    const environment = options?.environment;
    const tail = environment === undefined || environment === this.#environment ? this.#tail : tailOf(environment, this.#baseUrl);
    const op = typeof operation === 'string' ? JSON.stringify(operation) : toJSONText(operation, 'operation');
    let rest = `${op === undefined ? '' : `,"operation":${op}`},"params":${params === undefined || params === null ? '{}' : toJSONText(params, 'params', 2)}`;
    if (requestTime !== undefined) rest += `,"request_time":${typeof requestTime === 'string' ? JSON.stringify(requestTime) : toJSONText(requestTime, 'request_time')}`;
    rest += `${output}}`;
    // #withHandle, inlined: the hot path.
    const handle = this.#handle;
    try {
      return run(this.#paysign, 'payway.sign', (this.#prefix || this.#open()) + tail + rest, params, 'params');
    } catch (err) {
      if (!this.#stale(err, handle)) throw err;
      return run(this.#paysign, 'payway.sign', this.#reopen() + tail + rest, params, 'params');
    }
  }

  /**
   * Signs the request, sends it to PayWay with fetch and decodes the answer
   * (payway.decode_response). Resolves with the decoded answer when PayWay
   * accepted the request; rejects with PayWayError when PayWay refused it,
   * PayWayTransportError when no answer came (network, timeout, abort), or
   * PaySignError when the request could not be signed.
   *
   * Operations that move money are sent once. Queries (QUERY_OPERATIONS) are
   * sent again after a retryable answer, at most queryRetries times, after
   * retryBackoff ms, doubling.
   *
   * @param {string} operation
   * @param {object|Map} params
   * @param {{requestTime?: string, environment?: 'sandbox'|'production', timeout?: number,
   *          signal?: AbortSignal, queryRetries?: number, retryBackoff?: number}} [options]
   */
  async send(operation, params = {}, options = undefined) {
    const retries = queries.has(operation) ? count(options?.queryRetries, 'queryRetries') ?? this.#queryRetries : 0;
    const backoff = milliseconds(options?.retryBackoff, 'retryBackoff') ?? this.#retryBackoff;
    const timeout = milliseconds(options?.timeout, 'timeout', { allowZero: false, allowInfinity: true }) ?? this.#timeout;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#sendOnce(operation, params, options, timeout);
      } catch (err) {
        if (!(err instanceof PayWayError) || !err.retryable || attempt >= retries) throw err;
        if (!(await pause(backoff * 2 ** attempt, options?.signal))) throw err;
      }
    }
  }

  async #sendOnce(operation, params, options, timeout) {
    const signed = this.#sign(operation, params, options, SEND_OUTPUT);
    const fetchImpl = this.#fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw misuse('this runtime has no fetch(); pass options.fetch to PayWay.load()');
    const headers = { accept: 'application/json' };
    let body;
    if (signed.content_type === MULTIPART) {
      body = new FormData(); // fetch writes the boundary into the content type
      for (const [name, value] of signed.fields) body.append(name, value);
    } else {
      body = signed.body;
      headers['content-type'] = signed.headers?.['Content-Type'] ?? signed.content_type;
    }
    const signal = options?.signal;
    const moneyMoving = !queries.has(operation);
    const controller = new AbortController();
    let timedOut = false;
    const timer = timeout === Infinity ? undefined : setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    const onAbort = () => controller.abort();
    if (signal?.aborted) controller.abort();
    else signal?.addEventListener?.('abort', onAbort, { once: true });
    let status;
    let text;
    let location;
    try {
      if (controller.signal.aborted) {
        throw new PayWayTransportError(operation, 'not_sent', 'the caller aborted it before it was sent', { url: signed.url });
      }
      // redirect: 'manual': link_card answers 302 and that answer is the result.
      const response = await fetchImpl(signed.url, { method: signed.method, headers, body, redirect: 'manual', signal: controller.signal });
      // A browser hides a manual redirect (type "opaqueredirect", status 0).
      status = response.type === 'opaqueredirect' ? 302 : response.status;
      if (status >= 300 && status < 400) location = response.headers?.get?.('location') ?? undefined;
      text = await readAnswer(response);
      if (text === null) {
        throw new PayWayTransportError(operation, 'transport_failed', `HTTP ${status}: an answer over ${MAX_ANSWER_BYTES} bytes`,
          { outcomeUnknown: moneyMoving, url: signed.url, httpStatus: status });
      }
    } catch (err) {
      if (err instanceof PayWayTransportError) throw err;
      let code = 'transport_failed';
      let detail;
      if (timedOut) {
        code = 'timeout';
        detail = `no answer within ${timeout} ms`;
      } else if (signal?.aborted) {
        detail = 'the caller aborted it after it was sent';
      } else {
        const cause = err?.cause ?? err;
        detail = `${cause?.code ?? cause?.name ?? 'error'}: ${cause?.message ?? String(cause)}`;
        if (neverConnected(cause?.code)) code = 'not_sent';
      }
      throw new PayWayTransportError(operation, code, detail, { outcomeUnknown: code !== 'not_sent' && moneyMoving, url: signed.url, cause: err });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener?.('abort', onAbort);
    }
    const answer = this.#decode(operation, status, text, moneyMoving, signed.url);
    if (location !== undefined) answer.location = location;
    if (!answer.ok) throw new PayWayError(operation, answer);
    return answer;
  }

  // #decode is payway.decode_response of an answer; a body too long for a
  // request of 1 MiB is classified without it when it is not JSON (a page),
  // and refused when it is.
  #decode(operation, status, text, moneyMoving, url) {
    const op = JSON.stringify(operation);
    let body = JSON.stringify(text);
    let keep = false;
    if (body.length * 3 > MAX_DECODE_REQUEST && encodedLength(body) > MAX_DECODE_REQUEST) {
      let json = true;
      try {
        JSON.parse(text);
      } catch {
        json = false;
      }
      if (json) {
        throw new PayWayTransportError(operation, 'transport_failed', `HTTP ${status}: a JSON answer of ${text.length} characters, too large for payway.decode_response (1 MiB with its JSON escapes)`,
          { outcomeUnknown: moneyMoving, url, httpStatus: status });
      }
      body = '""';
      keep = true;
    }
    let answer;
    try {
      answer = run(this.#paysign, 'payway.decode_response', `{"operation":${op},"http_status":${status},"body":${body}}`);
    } catch (err) {
      // A 4xx whose body is not JSON (a proxy's or firewall's page): PayWay's verdict cannot be read.
      if (!(err instanceof PaySignError) || err.code !== 'body_malformed') throw err;
      throw new PayWayTransportError(operation, 'body_malformed', `HTTP ${status} with a body that is not PayWay's JSON`,
        { outcomeUnknown: moneyMoving, url, cause: err, httpStatus: status });
    }
    if (keep) answer.value = text;
    return answer;
  }

  /**
   * Decodes an answer of PayWay's you sent yourself: the value of
   * payway.decode_response ({ok, code, message, meaning, category,
   * retryable, http_status, payment_status?, value}).
   * @param {string} operation
   * @param {number} httpStatus
   * @param {string} body the raw body
   */
  decodeResponse(operation, httpStatus, body) {
    return run(this.#paysign, 'payway.decode_response', toJSONText({ operation, http_status: httpStatus, body }));
  }

  /**
   * Checks a pushback's X-PayWay-HMAC-SHA512 header (payway.verify_callback)
   * and returns {valid: true, hash_input, values, tran_id, apv, status,
   * return_params, merchant_ref}; throws PaySignError signature_missing,
   * signature_malformed, signature_mismatch or body_malformed.
   *
   * A valid header is evidence, not proof of payment: confirm with
   * check_transaction before fulfilling.
   * @param {string|Uint8Array|ArrayBuffer} rawBody the body exactly as received
   * @param {string|string[]|null|undefined} header the X-PayWay-HMAC-SHA512 header
   */
  verifyCallback(rawBody, header) {
    const body = bodyText(rawBody);
    let signature = Array.isArray(header) && header.length === 1 ? header[0] : header;
    if (signature === undefined || signature === null) signature = '';
    if (typeof signature !== 'string' || !isWellFormed(signature)) {
      throw new PaySignError('signature_malformed', 'paysign: X-PayWay-HMAC-SHA512 must be one header value: the base64 of a 64-byte HMAC-SHA512', 'signature');
    }
    const rest = `,"body":${JSON.stringify(body)},"signature":${JSON.stringify(signature)}}`;
    // The core returns the pushback members as the text they were hashed as.
    const verified = this.#withHandle((prefix) => run(this.#paysign, 'payway.verify_callback', prefix + rest));
    return { ...verified, values: JSON.parse(body) };
  }

  /**
   * The X-PayWay-HMAC-SHA512 header PayWay would send with a pushback of
   * this body (payway.sign_callback), to test your callback handler:
   * {header, signature, hash_input, body} (body: the exact text signed).
   * @param {string|object|Map} body raw JSON text, or a value written as JSON
   */
  signCallback(body) {
    const text = typeof body === 'string' ? body : toJSONText(body, 'body', 2);
    if (text === undefined) throw new PaySignError('body_malformed', 'paysign: give the pushback body to sign', 'body');
    if (!isWellFormed(text)) throw new PaySignError('body_malformed', 'paysign: the body holds an unpaired UTF-16 surrogate', 'body');
    const signed = this.#withHandle((prefix) => run(this.#paysign, 'payway.sign_callback', `${prefix},"body":${JSON.stringify(text)}}`));
    return { ...signed, body: text };
  }

  /**
   * Verifies received fields as the gateway would (hash, merchant_auth): for
   * test doubles of PayWay. Needs the API key and, for encrypted fields, the
   * RSA private key.
   * @param {string} operation
   * @param {Record<string,string>|Array<[string,string]>} fields
   */
  verify(operation, fields) {
    const rest = `${operation === undefined ? '' : `,"operation":${toJSONText(operation, 'operation')}`},"fields":${toJSONText(fields ?? {}, 'fields', 2)}}`;
    return this.#withHandle((prefix) => run(this.#paysign, 'payway.verify', prefix + rest, fields, 'fields'));
  }

  /** The PayWay operation catalogue: URLs, field orders, encodings, parameters. */
  catalog() {
    return run(this.#paysign, 'payway.catalog', '{}');
  }

  /**
   * Closes the credentials handle: the module forgets the credentials and
   * this PayWay refuses further use (PaySignError code "closed"). A second
   * close() does nothing. Also `using payway = ...` (Symbol.dispose).
   */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#credentials = null;
    const handle = this.#handle;
    this.#handle = 0;
    this.#prefix = '';
    if (handle !== 0) {
      registry?.unregister(this);
      closeHandle({ paysign: this.#paysign, handle });
    }
  }

  toJSON() {
    const json = { merchantId: this.merchantId, environment: this.#environment };
    if (this.#baseUrl !== undefined) json.baseUrl = this.#baseUrl;
    return json;
  }

  // #withHandle runs f with the request prefix {"credentials":{"handle":N}
  // of an open handle, opening one first if needed; a handle closed behind
  // this PayWay's back (a raw paysign.close_credentials) is reopened once.
  #withHandle(f) {
    if (this.#closed) throw closedError();
    const handle = this.#handle;
    try {
      return f(this.#prefix || this.#open());
    } catch (err) {
      if (!this.#stale(err, handle)) throw err;
      return f(this.#reopen());
    }
  }

  // #stale reports that err says the handle used (handle, 0 if the call
  // opened it) is not open any more.
  #stale(err, handle) {
    return err instanceof PaySignError && err.code === 'unknown_handle' && err.field === 'credentials.handle' && handle !== 0 && this.#handle === handle;
  }

  #reopen() {
    this.#handle = 0;
    this.#prefix = '';
    registry?.unregister(this);
    return this.#open();
  }

  #open() {
    const { merchantId, apiKey, rsaPublicKey, rsaPrivateKey } = this.#credentials;
    const credentials = { merchant_id: merchantId ?? '', api_key: apiKey ?? '' };
    if (rsaPublicKey !== undefined && rsaPublicKey !== null) credentials.rsa_public_key = rsaPublicKey;
    if (rsaPrivateKey !== undefined && rsaPrivateKey !== null) credentials.rsa_private_key = rsaPrivateKey;
    const { handle } = run(this.#paysign, 'paysign.open_credentials', `{"credentials":${toJSONText(credentials, 'credentials', 2)}}`);
    if (!Number.isSafeInteger(handle) || handle <= 0) throw new PaySignError('internal', 'paysign: paysign.open_credentials answered without a handle');
    this.#handle = handle;
    this.#prefix = `{"credentials":{"handle":${handle}}`;
    registry?.register(this, { paysign: this.#paysign, handle }, this);
    return this.#prefix;
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Object.defineProperty(PayWay.prototype, Symbol.dispose, {
    value: function dispose() {
      this.close();
    },
    writable: true,
    configurable: true,
  });
}

// neverConnected reports that a connection error (Node's, through undici)
// came before any byte of the request was sent: refused, unresolved, no TLS.
function neverConnected(code) {
  if (typeof code !== 'string') return false;
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_HAS_EXPIRED'].includes(code) || code.startsWith('ERR_TLS_') || code.startsWith('UNABLE_TO_');
}

// tailOf is the environment and base_url members of every request.
function tailOf(environment, baseUrl) {
  let tail = `,"environment":${typeof environment === 'string' ? JSON.stringify(environment) : toJSONText(environment, 'environment') ?? '"sandbox"'}`;
  if (baseUrl !== undefined && baseUrl !== null) {
    // A URL object (whose text ends in "/") stands for its origin: base_url is scheme://host[:port].
    const text = typeof baseUrl === 'string' ? JSON.stringify(baseUrl) : baseUrl instanceof URL ? JSON.stringify(baseUrl.origin) : toJSONText(baseUrl, 'base_url');
    tail += `,"base_url":${text}`;
  }
  return tail;
}

function bodyText(raw) {
  if (typeof raw === 'string') {
    if (!isWellFormed(raw)) throw new PaySignError('body_malformed', 'paysign: the body holds an unpaired UTF-16 surrogate: pass the raw bytes', 'body');
    return raw;
  }
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
    const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw) : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    try {
      return utf8.decode(bytes);
    } catch {
      throw new PaySignError('body_malformed', 'paysign: the body is not UTF-8', 'body');
    }
  }
  throw new PaySignError('body_malformed', `paysign: the body is ${raw === null ? 'null' : `a ${typeof raw}`}: pass the raw body as a string or bytes`, 'body');
}

// encodedLength is the UTF-8 length of text.
function encodedLength(text) {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}

// readAnswer reads the body as UTF-8 text (invalid bytes become U+FFFD:
// an answer is decoded, never hashed), or null past MAX_ANSWER_BYTES.
async function readAnswer(response) {
  if (!response.body) return typeof response.text === 'function' && response.type !== 'opaqueredirect' ? response.text() : '';
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return utf8Lenient.decode(chunks[0]);
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return utf8Lenient.decode(all);
}

// pause waits ms; false if signal aborted first.
function pause(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (ok) => {
      clearTimeout(timer);
      signal?.removeEventListener?.('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener?.('abort', onAbort, { once: true });
  });
}
