// A minimal WASI preview 1 host for paysign.wasm. The module is a pure
// computation: it needs randomness (RSA padding), clocks and a stderr for
// the Go runtime's own fatal messages, nothing else. Every other WASI
// function answers ENOSYS (or EBADF for file descriptors), so the module
// can never touch files, the network or the environment.

const ESUCCESS = 0;
const EBADF = 8;
const ENOSYS = 52;

const CLOCK_REALTIME = 0;
const EVENTTYPE_CLOCK = 0;

/** What random_get throws without a CSPRNG (and load() before instantiating). */
export const NO_RANDOM_SOURCE = 'paysign: no cryptographically secure random source (crypto.getRandomValues) in this runtime';

/** Thrown by proc_exit: the module asked to stop the process. */
export class WasiExit extends Error {
  constructor(code) {
    super(`paysign.wasm called proc_exit(${code})`);
    this.name = 'WasiExit';
    this.code = code;
  }
}

/**
 * Returns the wasi_snapshot_preview1 import object for `module`.
 *
 * @param {WebAssembly.Module} module   every WASI function it imports gets an implementation
 * @param {() => WebAssembly.Memory} memory  the instance's memory (known only after instantiation)
 * @param {object} options
 * @param {((bytes: Uint8Array) => void)|undefined} options.getRandomValues  a CSPRNG, or undefined: random_get then throws
 * @param {(text: string) => void} options.stderr  receives what the module writes to fd 2
 */
export function wasiImports(module, memory, { getRandomValues, stderr }) {
  const bytes = () => new Uint8Array(memory().buffer); // re-created on every use: memory can grow
  const view = () => new DataView(memory().buffer);
  const decoder = new TextDecoder();
  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
  const origin = typeof performance !== 'undefined' && performance.timeOrigin ? performance.timeOrigin : Date.now() - now();

  const implemented = {
    random_get(ptr, len) {
      if (!getRandomValues) {
        throw new Error(NO_RANDOM_SOURCE);
      }
      ptr >>>= 0;
      len >>>= 0;
      for (let off = 0; off < len; off += 65536) { // getRandomValues fills at most 64 KiB per call
        // A view constructor, not subarray: out-of-bounds throws instead of silently clipping.
        getRandomValues(new Uint8Array(memory().buffer, ptr + off, Math.min(65536, len - off)));
      }
      return ESUCCESS;
    },
    clock_time_get(id, _precision, resultPtr) {
      const ms = id === CLOCK_REALTIME ? origin + now() : now();
      view().setBigUint64(resultPtr >>> 0, BigInt(Math.round(ms * 1e6)), true);
      return ESUCCESS;
    },
    clock_res_get(_id, resultPtr) {
      view().setBigUint64(resultPtr >>> 0, 1000n, true);
      return ESUCCESS;
    },
    fd_write(fd, iovs, iovsLen, nwrittenPtr) {
      if (fd !== 2) return EBADF; // stderr only
      const v = view();
      let written = 0;
      let text = '';
      for (let i = 0; i < iovsLen; i++) {
        const ptr = v.getUint32(iovs + i * 8, true);
        const len = v.getUint32(iovs + i * 8 + 4, true);
        text += decoder.decode(bytes().subarray(ptr, ptr + len));
        written += len;
      }
      stderr(text);
      view().setUint32(nwrittenPtr >>> 0, written, true);
      return ESUCCESS;
    },
    args_sizes_get: countsZero,
    environ_sizes_get: countsZero,
    args_get: () => ESUCCESS,
    environ_get: () => ESUCCESS,
    sched_yield: () => ESUCCESS,
    proc_exit(code) {
      throw new WasiExit(code);
    },
    fd_prestat_get: () => EBADF, // no preopened directories
    // The Go runtime polls (netpoll) with a clock subscription when the GC
    // stops and starts the world; ENOSYS there is a fatal error. The module
    // has no file descriptors to wait on and JS cannot block, so every clock
    // subscription fires at once and fd subscriptions report EBADF.
    poll_oneoff(inPtr, outPtr, nsubscriptions, neventsPtr) {
      const v = view();
      for (let i = 0; i < nsubscriptions; i++) {
        const sub = (inPtr >>> 0) + i * 48; // subscription: userdata u64, tag u8, union at 8
        const event = (outPtr >>> 0) + i * 32; // event: userdata u64, error u16, type u8, fd_readwrite at 16
        const tag = v.getUint8(sub + 8);
        v.setBigUint64(event, v.getBigUint64(sub, true), true);
        v.setUint16(event + 8, tag === EVENTTYPE_CLOCK ? ESUCCESS : EBADF, true);
        v.setUint8(event + 10, tag);
        v.setBigUint64(event + 16, 0n, true);
        v.setUint16(event + 24, 0, true);
      }
      v.setUint32(neventsPtr >>> 0, nsubscriptions, true);
      return ESUCCESS;
    },
  };
  function countsZero(countPtr, sizePtr) {
    const v = view();
    v.setUint32(countPtr >>> 0, 0, true);
    v.setUint32(sizePtr >>> 0, 0, true);
    return ESUCCESS;
  }

  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module !== 'wasi_snapshot_preview1' || imp.kind !== 'function') continue;
    imports[imp.name] = implemented[imp.name] ?? (imp.name.startsWith('fd_') ? () => EBADF : () => ENOSYS);
  }
  return { wasi_snapshot_preview1: imports };
}

export const errno = { ESUCCESS, EBADF, ENOSYS };
