import type { PayWayEnvironment, PayWayOperation, PayWayOperationParams, PayWayQueryOperation } from './payway-operations.js';

export type {
  PayWayAnswer, PayWayEnvironment, PayWayOperation, PayWayOperationAnswers, PayWayOperationParams, PayWayQueryOperation,
  PaySignErrorCode, PayWaySendDefaults,
} from './payway-operations.js';
export { version } from './version.js';

/** The ABI version this binding speaks. */
export declare const ABI_VERSION: 1;

/** Where load() finds the module: bytes, a compiled module, a URL, or (Node) a file path. */
export type WasmSource = ArrayBuffer | ArrayBufferView | WebAssembly.Module | URL | string;

export interface LoadOptions {
  /** The module; default: $PAYSIGN_WASM (Node), the repository's build/paysign.wasm, the packaged copy. */
  wasm?: WasmSource;
  /** Receives what the module writes to stderr (Go runtime fatal errors only). Default: the console / process.stderr. */
  stderr?: (text: string) => void;
  /**
   * Host crypto: true makes node:crypto do HMAC-SHA512, RSA PKCS #1 v1.5 encryption and
   * RSA-SHA256 signing (rejects where there is no node:crypto); false keeps them in the
   * module's own Go. Default: node:crypto where it exists (Node), overridable in Node with
   * the environment variable PAYSIGN_HOST_CRYPTO=0 or 1. Results are identical either way.
   */
  hostCrypto?: boolean;
}

/** Which host does the module's crypto primitives, and how often it did each. */
export interface HostCryptoInfo {
  provider: string;
  calls: { hmac_sha512: number; rsa_encrypt_pkcs1: number; rsa_sign_pkcs1_sha256: number };
}

/**
 * paysign refused or failed: an error envelope of the core, or a check of this package
 * made before the core is called (a float: float_not_allowed; a cycle, a function, an
 * unpaired surrogate: malformed_request; a PayWay used after close(): closed).
 * Messages never contain key material or string values of the request.
 */
export declare class PaySignError extends Error {
  constructor(code: string, message: string, field?: string);
  readonly name: 'PaySignError' | 'PayWayTransportError';
  /**
   * One of the closed set of codes listed by the paysign.version op (e.g. "PTL04",
   * "malformed_request", "float_not_allowed", and send()'s "not_sent", "timeout",
   * "outcome_unknown", "transport_failed": see PayWayTransportError), or the bindings' own:
   * "closed", "misuse".
   */
  readonly code: string;
  /** The request member at fault, e.g. "params.tran_id" or "params.items.0.price"; empty if none. */
  readonly field: string;
}

/** What payway.decode_response says a code means: the closed set of categories. */
export type PayWayCategory =
  | 'success' | 'pending' | 'wrong_hash' | 'invalid_request' | 'not_found' | 'duplicate' | 'declined'
  | 'not_permitted' | 'rate_limited' | 'concurrent_request' | 'gateway_error' | 'unknown'
  /** Not an answer of PayWay's (empty, HTML, a 204, an undocumented redirect): whether it was processed is unknown. */
  | 'outcome_unknown';

/** check_transaction / transaction_detail: data.payment_status_code explained. */
export interface PayWayPaymentStatus {
  /** As sent: "0", "2", "3", "4", "7". */
  code: string;
  /** APPROVED (or PRE-AUTH), PENDING, DECLINED, REFUNDED, CANCELLED. */
  status: string;
  meaning: string;
  category: PayWayCategory;
}

/** PayWay's answer decoded: the value of payway.decode_response (send()'s result). */
export interface PayWayResponse<Value = any> {
  /** Only PayWay's documented success: a success code with a status below 400, or the operation's documented answer without one (purchase's checkout page, link_card's redirect). */
  ok: boolean;
  /** PayWay's code as sent, as text ("00", "PTL37", "4"); "" when the answer has none. */
  code: string;
  /** PayWay's own message, else the meaning. */
  message: string;
  /** What the code means for this operation; "" for a code paysign's table does not list. */
  meaning: string;
  category: PayWayCategory;
  /** Sending the same request again is safe (a rate limit, PTL168, a gateway error or an unknown outcome on a query). */
  retryable: boolean;
  http_status: number;
  payment_status?: PayWayPaymentStatus;
  /**
   * The body as JSON; a body that is not JSON (a page) as a string. Amounts and every number
   * that is not an integer of at most 15 digits are strings of their exact text.
   */
  value: Value;
  /** The Location of a 3xx answer (link_card's result page). */
  location?: string;
}

/** PayWay refused a request send() delivered: one of its documented codes other than success, or a rate limit. */
export declare class PayWayError extends Error {
  constructor(operation: string, response: PayWayResponse, message?: string);
  readonly name: 'PayWayError';
  readonly operation: string;
  /** PayWay's code as sent ("PTL37", "4", "429"); "" when the answer had none. */
  readonly code: string;
  readonly meaning: string;
  readonly category: PayWayCategory;
  readonly httpStatus: number;
  /** The same request may succeed when sent again later (a rate limit, a concurrent request). send() itself repeats only queries. */
  readonly retryable: boolean;
  /** The whole decoded answer. */
  readonly response: PayWayResponse;
}

/** What to do after a failed send: the core's `next`. */
export type PayWayNext = 'send_again' | 'confirm_first';

/**
 * send() ended without PayWay's verdict: a PaySignError whose code and `next` come from the
 * core's send loop (payway.send_step). "not_sent": PayWay did not receive it (next
 * "send_again"); "timeout": no complete answer within the deadline ("confirm_first"; a query
 * "send_again"); "outcome_unknown": an operation that moves money or changes state went out and
 * no verdict came back ("confirm_first"); "transport_failed": a query, after its last attempt
 * ("send_again"). "confirm_first": PayWay may have processed it; look it up with
 * check_transaction before sending it again.
 */
export declare class PayWayTransportError extends PaySignError {
  readonly name: 'PayWayTransportError';
  readonly operation: string;
  readonly code: 'not_sent' | 'timeout' | 'outcome_unknown' | 'transport_failed';
  /** send_again: safe to send again; confirm_first: look the transaction up first. */
  readonly next: PayWayNext;
  /** next === 'confirm_first': an operation that moves money may have been processed. */
  readonly outcomeUnknown: boolean;
  readonly url?: string;
  /** The answer that was not PayWay's verdict (an HTML page, a gateway error, an undocumented code), when one came. */
  readonly response?: PayWayResponse;
  /** Its HTTP status. */
  readonly httpStatus?: number;
  /** The error that ended the last attempt (a fetch error), if any. */
  readonly cause?: unknown;
}

/** Loads paysign.wasm and returns an instance. */
export declare function load(options?: LoadOptions): Promise<PaySign>;

/** One instantiated module. Calls are synchronous. */
export declare class PaySign {
  /** Where the module came from. */
  readonly location: 'option' | 'env' | 'repository' | 'package';
  /** The module's ABI version. */
  readonly abiVersion: number;
  /** The host crypto in use and its call counts; null when the module's own Go does the crypto (browsers, hostCrypto: false). */
  readonly hostCrypto: HostCryptoInfo | null;
  /**
   * Runs op and returns its value; throws PaySignError for an error. An object request is
   * sent as JSON with paysign's checks (no floats; Maps in insertion order; BigInts as
   * digits), a string or bytes as is.
   */
  call<T = unknown>(op: string, request?: object | string | Uint8Array | ArrayBuffer): T;
  /** Runs op and returns the response envelope as JSON text. */
  callRaw(op: string, request?: object | string | Uint8Array | ArrayBuffer): string;
}

/** A signed PayWay request: the value of the payway.sign op. */
export interface PayWaySigned {
  operation: PayWayOperation;
  method: 'GET' | 'POST';
  url: string;
  content_type: string;
  /** Every header to send, Content-Type first (with the multipart boundary). */
  headers: Record<string, string>;
  /** Every field exactly as sent, in send order. */
  fields: Array<[name: string, value: string]>;
  /** The exact body to send: JSON, a form, or multipart/form-data with its boundary. */
  body: string;
  /** The names of the hashed fields, in hash order. */
  hash_fields: string[];
  /** The exact string that was HMAC-SHA512'd. */
  hash_input: string;
  hash: string;
  /** The plaintext of merchant_auth, when the operation has one. */
  merchant_auth_json?: string;
  /** The plaintext of beneficiaries, when the operation has one. */
  beneficiaries_json?: string;
}

/** How the core sends an operation: one deadline per attempt, the retries of a query, the answer limit. */
export interface PayWaySendPolicy {
  /** One deadline per attempt: connecting, sending and the whole answer (0: none). */
  timeout_ms: number;
  query_retries: number;
  retry_backoff_ms: number;
  /** 1 for an operation that moves money or changes state, 1 + query_retries for a query. */
  attempts: number;
  /** The most bytes of answer read. */
  max_answer_bytes: number;
}

/** sign(…, {output: 'send'}): only what is sent, and the core's send policy. */
export type PayWaySent = Pick<PayWaySigned, 'operation' | 'method' | 'url' | 'content_type' | 'headers' | 'fields' | 'body'> & { policy: PayWaySendPolicy };

/** The value of the payway.verify op. */
export interface PayWayVerified {
  operation: PayWayOperation;
  merchant_id: string;
  request_time?: string;
  merchant_auth?: unknown;
  merchant_auth_json?: string;
  beneficiaries?: unknown;
  beneficiaries_json?: string;
}

export interface PayWayCatalogParam {
  name: string;
  type: 'string' | 'amount' | 'url' | 'integer' | 'array' | 'object';
  required: boolean;
  max_length?: number;
  max_items?: number;
  min?: number;
  max?: number;
  enum?: string[];
  format?: string;
  allow_zero?: boolean;
  encoding?: '' | 'base64' | 'json_string';
  in: 'body' | 'merchant_auth' | 'beneficiaries';
  description: string;
}

export interface PayWayCatalogOperation {
  name: PayWayOperation;
  title: string;
  path: string;
  method: 'GET' | 'POST';
  content_type: string;
  time_field: string;
  hash_fields: string[];
  hash_encoding: 'base64' | 'hex';
  encrypted_field: '' | 'merchant_auth' | 'beneficiaries';
  merchant_id_max_length?: number;
  params: PayWayCatalogParam[];
  notes?: string;
  verified?: string;
}

export interface PayWayCatalog {
  environments: Record<PayWayEnvironment, string>;
  operations: PayWayCatalogOperation[];
}

export interface PayWayOptions {
  merchantId: string;
  /** Signs requests. Keep it on your server: never ship it to a public browser page. */
  apiKey: string;
  /** PayWay's RSA public key (PEM), for operations with merchant_auth / beneficiaries. */
  rsaPublicKey?: string;
  /** Only for verify() in test doubles of PayWay. */
  rsaPrivateKey?: string;
  environment?: PayWayEnvironment;
  /**
   * Replaces the environment's host in every URL, e.g. the URL `paysign mock` prints:
   * scheme://host[:port], https, or http for a loopback host. A URL object stands for its origin.
   */
  baseUrl?: string | URL;
  /** send(): one deadline per attempt in ms, connecting, sending and the whole answer (the core's default 30 000; Infinity: none besides the signal). */
  timeout?: number;
  /** send(): how often a query is sent again after a failed attempt or a retryable answer (the core's default 2, at most 10). */
  queryRetries?: number;
  /** send(): the pause before the first repetition, doubling after each (ms, the core's default 500). */
  retryBackoff?: number;
  /** send(): the fetch to use (default globalThis.fetch), e.g. one with a proxy agent. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** What PayWay.load() takes besides PayWayOptions: the module instance, or where to load one from. */
export interface PayWayLoadOptions {
  paysign?: PaySign;
  wasm?: WasmSource;
  hostCrypto?: boolean;
}

/** PayWay.fromEnv()'s options: the credentials, base URL and environment come from the variables. */
export type PayWayFromEnvOptions = Omit<PayWayOptions, 'merchantId' | 'apiKey' | 'rsaPublicKey' | 'rsaPrivateKey' | 'baseUrl' | 'environment'>
  & PayWayLoadOptions & {
    /** Where the PAYWAY_* variables are read (default process.env). */
    env?: Readonly<Record<string, string | undefined>>;
  };

/** sign()'s options. */
export interface SignOptions {
  /** UTC YYYYMMDDHHmmss; default now. */
  requestTime?: string;
  environment?: PayWayEnvironment;
}

/** send()'s options: sign()'s, and these for this call. */
export interface SendOptions extends SignOptions {
  /** Milliseconds for each attempt of this send (default: the PayWay's timeout). */
  timeout?: number;
  /**
   * Aborts the send: PayWayTransportError "not_sent" before the request went out; after, the
   * attempt counts as broken ("outcome_unknown" for an operation that moves money).
   */
  signal?: AbortSignal;
  queryRetries?: number;
  retryBackoff?: number;
}

/** The operations that only read (send() may repeat them); every other operation is sent once. */
export declare const QUERY_OPERATIONS: ReadonlyArray<PayWayQueryOperation>;

/** A pushback whose X-PayWay-HMAC-SHA512 header verified. Evidence, not proof: confirm with check_transaction. */
export interface PayWayCallback {
  valid: true;
  /** The string the signature covers. */
  hash_input: string;
  /** The body parsed. */
  values: Record<string, unknown>;
  /** Members PayWay's pushbacks carry, as the text they were hashed as (PHP's string conversion; "" when absent); merchant_ref is merchant_ref or merchant_ref_no. */
  tran_id: string;
  apv: string;
  status: string;
  return_params: string;
  merchant_ref: string;
}

/** signCallback(): the header a pushback of body carries. */
export interface PayWaySignedCallback {
  header: 'X-PayWay-HMAC-SHA512';
  signature: string;
  hash_input: string;
  /** The exact text signed (what to POST). */
  body: string;
}

/** The parameters of an operation: its typed object, or a Map (member order kept as inserted). */
export type PayWayParams<Op extends PayWayOperation> = PayWayOperationParams[Op] | ReadonlyMap<string, unknown>;

/**
 * PayWay with one merchant's credentials. The first use opens a credentials handle in its
 * module instance; close() (or `using`, or garbage collection) closes it.
 */
export declare class PayWay {
  /** Loads a module (or uses options.paysign) and binds the credentials. */
  static load(options: PayWayOptions & PayWayLoadOptions): Promise<PayWay>;
  /**
   * The credentials from the environment, as the command line reads them: PAYWAY_MERCHANT_ID,
   * PAYWAY_API_KEY, PAYWAY_RSA_PUBLIC_KEY (PEM) or PAYWAY_RSA_PUBLIC_KEY_FILE (not both),
   * PAYWAY_BASE_URL, PAYWAY_ENVIRONMENT. Signs one request (never sends it) first; a
   * PaySignError names the variable in `field`, never its value.
   */
  static fromEnv(options?: PayWayFromEnvOptions): Promise<PayWay>;
  constructor(paysign: PaySign, options: PayWayOptions);
  readonly merchantId: string;
  /** Whether close() was called. */
  readonly closed: boolean;
  /**
   * Signs one request; throws PaySignError on invalid input (float_not_allowed for a
   * number that is not a safe integer: amounts are decimal strings such as "1.50").
   */
  sign<Op extends PayWayOperation>(operation: Op, params: PayWayParams<Op>, options: SignOptions & { output: 'send' }): PayWaySent;
  sign<Op extends PayWayOperation>(operation: Op, params: PayWayParams<Op>, options?: SignOptions): PayWaySigned;
  /**
   * Signs and runs the core's send loop with fetch. Resolves with PayWay's documented success
   * only; rejects with PayWayError (PayWay refused), PayWayTransportError (no verdict: see its
   * `next`) or PaySignError (not signed, nothing sent). Only queries are ever sent again.
   */
  send<Op extends PayWayOperation>(operation: Op, params: PayWayParams<Op>, options?: SendOptions): Promise<PayWayResponse>;
  /** Decodes an answer you received yourself (payway.decode_response). */
  decodeResponse(operation: PayWayOperation, httpStatus: number, body: string, headers?: { contentType?: string; location?: string; url?: string }): PayWayResponse;
  /**
   * Checks a pushback's X-PayWay-HMAC-SHA512 header over the raw body; throws PaySignError
   * (signature_missing, signature_malformed, signature_mismatch, body_malformed).
   */
  verifyCallback(rawBody: string | Uint8Array | ArrayBuffer, header: string | readonly string[] | null | undefined): PayWayCallback;
  /** The header PayWay would send with a pushback of body, to test your callback handler. */
  signCallback(body: string | Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>): PayWaySignedCallback;
  /** Verifies received fields as PayWay would (for test doubles). */
  verify(operation: PayWayOperation, fields: Record<string, string> | ReadonlyArray<readonly [string, string]>): PayWayVerified;
  /** The operation catalogue as data. */
  catalog(): PayWayCatalog;
  /** Closes the credentials handle; later use throws PaySignError code "closed". */
  close(): void;
  [Symbol.dispose](): void;
  toJSON(): { merchantId: string; environment: PayWayEnvironment; baseUrl?: string | URL };
}

declare global {
  // As in TypeScript's esnext.disposable lib and @types/node, for projects without either.
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}
