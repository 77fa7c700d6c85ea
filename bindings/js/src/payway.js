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

import { load, callText } from './paysign.js';
import { PaySignError, PayWayError, PayWayTransportError } from './errors.js';
import { toJSONText, isWellFormed } from './json.js';
import { attempt as sendOnce } from './send.js';

const SEND_OUTPUT = ',"output":"send"';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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

// policyOf is the members of payway.sign's "policy" that options set: the
// core fills in the rest with its defaults and checks the upper bounds.
function policyOf(options) {
  const policy = {};
  const { timeout, queryRetries, retryBackoff } = options ?? {};
  if (timeout !== undefined) {
    if (typeof timeout !== 'number' || !(timeout > 0)) throw badOption('timeout', 'a number of milliseconds above 0, or Infinity');
    policy.timeout_ms = timeout === Infinity ? 0 : Math.ceil(timeout); // 0: no deadline but the signal's
  }
  if (queryRetries !== undefined) {
    if (!Number.isSafeInteger(queryRetries) || queryRetries < 0) throw badOption('queryRetries', 'a whole number, 0 or more');
    policy.query_retries = queryRetries;
  }
  if (retryBackoff !== undefined) {
    if (typeof retryBackoff !== 'number' || !Number.isFinite(retryBackoff) || retryBackoff < 0) {
      throw badOption('retryBackoff', 'a number of milliseconds, 0 or more');
    }
    policy.retry_backoff_ms = Math.ceil(retryBackoff);
  }
  return policy;
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
  #policy; // the policy members the options set
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
   * A PayWay with the credentials from the environment, read as the
   * command line reads them: PAYWAY_MERCHANT_ID, PAYWAY_API_KEY,
   * PAYWAY_RSA_PUBLIC_KEY (PEM text; "\n" escapes are fine) or
   * PAYWAY_RSA_PUBLIC_KEY_FILE (a file holding it; not both),
   * PAYWAY_BASE_URL and PAYWAY_ENVIRONMENT ("sandbox", the default, or
   * "production"). One request is signed (never sent) before it returns,
   * so a variable the core refuses fails here; every error names the
   * variable in `field` and the message, never its value.
   * @param {object} [options] PayWay.load()'s options without the credentials, plus `env`
   *   (default process.env)
   */
  static async fromEnv(options = {}) {
    const env = options?.env ?? globalThis.process?.env;
    if (env === null || typeof env !== 'object') throw misuse('this runtime has no process.env: pass PayWay.fromEnv({env})');
    const get = (name) => (typeof env[name] === 'string' && env[name] !== '' ? env[name] : undefined);
    for (const name of ['PAYWAY_MERCHANT_ID', 'PAYWAY_API_KEY']) {
      if (get(name) === undefined) throw new PaySignError('PTL04', `paysign: ${name} is not set`, name);
    }
    const keyVariable = get('PAYWAY_RSA_PUBLIC_KEY_FILE') === undefined ? 'PAYWAY_RSA_PUBLIC_KEY' : 'PAYWAY_RSA_PUBLIC_KEY_FILE';
    if (keyVariable === 'PAYWAY_RSA_PUBLIC_KEY_FILE' && get('PAYWAY_RSA_PUBLIC_KEY') !== undefined) {
      throw new PaySignError('malformed_request', 'paysign: PAYWAY_RSA_PUBLIC_KEY and PAYWAY_RSA_PUBLIC_KEY_FILE are both set: set one of them', keyVariable);
    }
    const rsaPublicKey = keyVariable === 'PAYWAY_RSA_PUBLIC_KEY' ? get(keyVariable) : await readKeyFile(get(keyVariable), keyVariable);
    const rest = { ...options }; // the sending and loading options; the credentials are the variables'
    for (const name of ['env', 'merchantId', 'apiKey', 'rsaPublicKey', 'rsaPrivateKey', 'baseUrl', 'environment']) delete rest[name];
    const payway = await PayWay.load({ ...rest, merchantId: get('PAYWAY_MERCHANT_ID'), apiKey: get('PAYWAY_API_KEY'), rsaPublicKey,
      baseUrl: get('PAYWAY_BASE_URL'), environment: get('PAYWAY_ENVIRONMENT') ?? 'sandbox' });
    const variables = { 'credentials.merchant_id': 'PAYWAY_MERCHANT_ID', 'credentials.api_key': 'PAYWAY_API_KEY',
      'credentials.rsa_public_key': keyVariable, base_url: 'PAYWAY_BASE_URL', environment: 'PAYWAY_ENVIRONMENT' };
    try {
      payway.sign('check_transaction', { tran_id: 'fromEnv' });
    } catch (err) {
      const variable = variables[err?.field];
      if (!(err instanceof PaySignError) || variable === undefined) throw err;
      payway.close();
      throw new PaySignError(err.code, `paysign: ${variable}: ${err.message.replace(/^paysign: /, '')}`, variable);
    }
    return payway;
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
    this.#policy = policyOf({ timeout, queryRetries, retryBackoff });
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
   *   output "send": only what is sent (operation, method, url, content_type, headers, fields, body) and the
   *   core's send policy
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
   * Signs the request and runs the core's send loop (payway.send_step)
   * with fetch: the core gives the exact bytes and decides after each
   * attempt; this method only sends them and reports what happened.
   * Resolves with the decoded answer (the value of payway.decode_response)
   * for PayWay's documented success only. Rejects with
   *
   * - PayWayError: PayWay refused (its code, meaning, category, retryable);
   * - PayWayTransportError, a PaySignError whose `next` says what to do:
   *   "not_sent" (next "send_again"), "timeout" or "outcome_unknown" (next
   *   "confirm_first": a request that moves money may have been processed;
   *   look it up with check_transaction before sending it again), or
   *   "transport_failed" (a query; next "send_again");
   * - PaySignError: the request could not be signed (nothing was sent).
   *
   * Only queries are sent again, by the core's policy: timeout,
   * queryRetries and retryBackoff (from the options given here or to the
   * PayWay; the core fills in the defaults).
   *
   * @param {string} operation
   * @param {object|Map} params
   * @param {{requestTime?: string, environment?: 'sandbox'|'production', timeout?: number,
   *          signal?: AbortSignal, queryRetries?: number, retryBackoff?: number}} [options]
   */
  async send(operation, params = {}, options = undefined) {
    const policy = { ...this.#policy, ...policyOf(options) };
    const signed = this.#sign(operation, params, options, `${SEND_OUTPUT},"policy":${JSON.stringify(policy)}`);
    const fetchImpl = this.#fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw misuse('this runtime has no fetch(); pass options.fetch to PayWay.load()');
    const signal = options?.signal;
    for (let attempt = 1; ; attempt++) {
      const { outcome, cause } = await sendOnce(fetchImpl, signed, signal);
      let step = this.#step(signed, signed.policy, attempt, outcome);
      if (step.action === 'retry' && signal?.aborted) {
        // The caller gave up: no more attempts, the last one's verdict.
        step = this.#step(signed, { ...signed.policy, query_retries: 0 }, attempt, { ...outcome, connection_reused: false });
      }
      switch (step.action) {
        case 'done':
          return step.response;
        case 'retry':
          // fresh_connection (a kept connection found closed before writing): fetch has no way to ask
          // for a new connection, and needs none: it has dropped the closed one.
          await pause(step.after_ms, signal);
          continue;
        case 'refused':
          throw new PayWayError(signed.operation, step.response, step.message);
        case 'failed':
          throw new PayWayTransportError(signed.operation, step.error, { url: signed.url, response: step.response, cause });
        default:
          throw new PaySignError('internal', `paysign: payway.send_step answered the action ${JSON.stringify(step.action)}`);
      }
    }
  }

  #step(signed, policy, attempt, outcome) {
    return run(this.#paysign, 'payway.send_step', JSON.stringify({ operation: signed.operation, policy, attempt, outcome }));
  }

  /**
   * Decodes an answer of PayWay's you sent yourself: the value of
   * payway.decode_response ({ok, code, message, meaning, category,
   * retryable, http_status, location?, payment_status?, value}). Only
   * PayWay's documented success is ok; an answer that is not PayWay's has
   * the category outcome_unknown.
   * @param {string} operation
   * @param {number} httpStatus
   * @param {string} body the raw body
   * @param {{contentType?: string, location?: string, url?: string}} [headers] the answer's Content-Type and
   *   Location, and the URL the request went to (a relative Location is resolved against it)
   */
  decodeResponse(operation, httpStatus, body, headers = undefined) {
    const request = { operation, http_status: httpStatus, body };
    if (headers?.contentType !== undefined) request.content_type = headers.contentType;
    if (headers?.location !== undefined) request.location = headers.location;
    if (headers?.url !== undefined) request.url = headers.url;
    return run(this.#paysign, 'payway.decode_response', toJSONText(request));
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
    // The core returns the pushback members as the text they were hashed
    // as, and the body's values under its number rule (amounts as text).
    return this.#withHandle((prefix) => run(this.#paysign, 'payway.verify_callback', prefix + rest));
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

// readKeyFile reads the RSA public key file variable names; errors name the
// variable and the reason, not the path.
async function readKeyFile(path, variable) {
  let fs;
  try {
    fs = await import('node:fs/promises');
  } catch {
    throw misuse(`${variable} needs a file system (node:fs); this runtime has none: set PAYWAY_RSA_PUBLIC_KEY`);
  }
  try {
    return await fs.readFile(path, 'utf8');
  } catch (err) {
    throw new PaySignError('malformed_request', `paysign: ${variable}: cannot read the file (${err?.code ?? 'error'})`, variable);
  }
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
