import type { PayWayEnvironment, PayWayOperation, PayWayOperationParams } from './payway-operations.js';

export type { PayWayEnvironment, PayWayOperation, PayWayOperationParams } from './payway-operations.js';

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

/** An error envelope from paysign. */
export declare class PaySignError extends Error {
  constructor(code: string, message: string, field?: string);
  readonly name: 'PaySignError';
  /** One of the closed set of codes listed by the paysign.version op (e.g. "PTL04", "malformed_request"). */
  readonly code: string;
  /** The request member at fault, e.g. "params.tran_id"; empty if none. */
  readonly field: string;
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
  /** Runs op and returns its value; throws PaySignError for an error. An object request is sent as JSON, a string or bytes as is. */
  call<T = unknown>(op: string, request?: object | string | Uint8Array): T;
  /** Runs op and returns the response envelope as JSON text. */
  callRaw(op: string, request?: object | string | Uint8Array): string;
}

/** A signed PayWay request: the value of the payway.sign op. */
export interface PayWaySigned {
  operation: PayWayOperation;
  method: 'GET' | 'POST';
  url: string;
  content_type: string;
  headers?: Record<string, string>;
  /** Every field exactly as sent, in send order. */
  fields: Array<[name: string, value: string]>;
  /** The body to send, for JSON endpoints. */
  body?: string;
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
}

/** PayWay with one merchant's credentials. */
export declare class PayWay {
  /** Loads a module (or uses options.paysign) and binds the credentials. */
  static load(options: PayWayOptions & { paysign?: PaySign; wasm?: WasmSource; hostCrypto?: boolean }): Promise<PayWay>;
  constructor(paysign: PaySign, options: PayWayOptions);
  readonly merchantId: string;
  /** Signs one request; throws PaySignError on invalid input. */
  sign<Op extends PayWayOperation>(
    operation: Op,
    params: PayWayOperationParams[Op],
    options?: { requestTime?: string; environment?: PayWayEnvironment },
  ): PayWaySigned;
  /** Verifies received fields as PayWay would (for test doubles). */
  verify(operation: PayWayOperation, fields: Record<string, string> | ReadonlyArray<readonly [string, string]>): PayWayVerified;
  /** The operation catalogue as data. */
  catalog(): PayWayCatalog;
  toJSON(): { merchantId: string; environment: PayWayEnvironment };
}
