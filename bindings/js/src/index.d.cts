// Types of the CommonJS entry (src/index.cjs): promises over the ES module.
import type * as paysign from './index.js' with { 'resolution-mode': 'import' };

export type {
  LoadOptions, PayWayCallback, PayWayCatalog, PayWayCategory, PayWayEnvironment, PayWayFromEnvOptions, PayWayLoadOptions, PayWayNext,
  PayWayOperation, PayWayOperationParams, PayWayOptions, PayWayParams, PayWayPaymentStatus, PayWayQueryOperation, PayWayResponse,
  PayWaySendPolicy, PayWaySent, PayWaySigned, PayWaySignedCallback, PayWayVerified, SendOptions, SignOptions, WasmSource,
} from './index.js' with { 'resolution-mode': 'import' };

/** The paysign release this package belongs to. */
export declare const version: string;
/** The ABI version this binding speaks. */
export declare const ABI_VERSION: 1;
/** The ES module's exports: load, PayWay, PaySign, PaySignError, PayWayError, PayWayTransportError, version. */
export declare function esm(): Promise<typeof paysign>;
/** Loads paysign.wasm and returns an instance (the ES module's load()). */
export declare function load(options?: paysign.LoadOptions): Promise<paysign.PaySign>;
/** PayWay.load() of the ES module: loads the module and binds one merchant's credentials. */
export declare const PayWay: {
  load(options: paysign.PayWayOptions & paysign.PayWayLoadOptions): Promise<paysign.PayWay>;
  /** PayWay.fromEnv() of the ES module: the credentials from PAYWAY_* environment variables. */
  fromEnv(options?: paysign.PayWayFromEnvOptions): Promise<paysign.PayWay>;
};
/** Whether err is a PaySignError (without importing the ES module's class). */
export declare function isPaySignError(err: unknown): err is paysign.PaySignError;
/** Whether err is a PayWayError: PayWay refused a request send() delivered. */
export declare function isPayWayError(err: unknown): err is paysign.PayWayError;
/** Whether err is a PayWayTransportError: send() ended without PayWay's verdict (see its `next`). */
export declare function isPayWayTransportError(err: unknown): err is paysign.PayWayTransportError;
