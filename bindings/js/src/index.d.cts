// Types of the CommonJS entry (src/index.cjs): promises over the ES module.
import type * as paysign from './main.js' with { 'resolution-mode': 'import' };

export type {
  LoadOptions, PayWayCatalog, PayWayEnvironment, PayWayOperation, PayWayOperationParams, PayWayOptions, PayWaySigned,
  PayWayVerified, WasmSource,
} from './main.js' with { 'resolution-mode': 'import' };

/** The paysign release this package belongs to. */
export declare const version: string;
/** The ABI version this binding speaks. */
export declare const ABI_VERSION: 1;
/** The ES module's exports: load, PayWay, PaySign, PaySignError, version. */
export declare function esm(): Promise<typeof paysign>;
/** Loads paysign.wasm and returns an instance (the ES module's load()). */
export declare function load(options?: paysign.LoadOptions): Promise<paysign.PaySign>;
/** PayWay.load() of the ES module: loads the module and binds one merchant's credentials. */
export declare const PayWay: {
  load(options: paysign.PayWayOptions & { paysign?: paysign.PaySign; wasm?: paysign.WasmSource }): Promise<paysign.PayWay>;
};
/** Whether err is a PaySignError (without importing the ES module's class). */
export declare function isPaySignError(err: unknown): err is paysign.PaySignError;
