// The host side of the core's send loop (docs/envelope.md, payway.send_step):
// one attempt with the runtime's fetch, reported as an outcome. Nothing here
// decides what an answer means, whether to try again or what the caller
// should do next: the core does, from the outcome. This file only writes
// the signed bytes, reads the answer within one deadline and says what
// happened.

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;

/**
 * Sends signed (the value of payway.sign with "output": "send") once and
 * reports what happened: {outcome} for payway.send_step, and the error that
 * ended the attempt (cause), if any.
 *
 * The deadline (policy.timeout_ms; 0: none) covers connecting, sending and
 * the whole answer: a fetch or a body that ignores the abort still ends
 * then. At most policy.max_answer_bytes of answer are read; past that the
 * stream is cancelled and the outcome says too_large.
 *
 * @param {typeof fetch} fetchImpl
 * @param {{method: string, url: string, headers: Record<string, string>, body: string,
 *          policy: {timeout_ms: number, max_answer_bytes: number}}} signed
 * @param {AbortSignal} [signal] the caller's
 * @returns {Promise<{outcome: object, cause?: unknown}>}
 */
export async function attempt(fetchImpl, signed, signal) {
  const watch = await (watching ??= startWatching());
  if (signal?.aborted) return { outcome: { sent: 'not_sent', detail: 'aborted by the caller' } };
  const trace = { request: null, socket: null, reused: false, wrote: false }; // filled in by the watch, where there is one
  const controller = new AbortController();
  let stoppedBy = ''; // 'deadline' or 'caller'
  let rejectStopped;
  const stopped = new Promise((_, reject) => {
    rejectStopped = reject;
  });
  stopped.catch(() => {});
  const stop = (by) => {
    if (stoppedBy) return;
    stoppedBy = by;
    const error = new Error(`stopped by the ${by}`);
    // Closing the request's own connection ends it as Go's transport does; an abort would
    // make Node's undici open a connection for nothing (nodejs/undici#5845).
    if (trace.socket) trace.socket.destroy(error);
    else controller.abort();
    rejectStopped(error);
  };
  const { timeout_ms: timeout, max_answer_bytes: maxAnswer } = signed.policy;
  const timer = timeout > 0 ? setTimeout(() => stop('deadline'), timeout) : undefined;
  const onAbort = () => stop('caller');
  signal?.addEventListener?.('abort', onAbort, { once: true });
  try {
    const bodyless = signed.method === 'GET' || signed.method === 'HEAD';
    // redirect: 'manual': a 3xx is an answer (link_card's result, or not PayWay's), never followed.
    // The body goes as the string: fetch writes its UTF-8, the core's bytes (the Content-Type is
    // the core's too), and takes it without the copy it makes of a Uint8Array.
    const send = () => fetchImpl(signed.url, {
      method: signed.method, headers: signed.headers, body: bodyless ? undefined : signed.body,
      redirect: 'manual', signal: controller.signal,
    });
    const response = await Promise.race([stopped, watch ? watch.run(trace, send) : send()]);
    // A browser hides a manual redirect: type "opaqueredirect", status 0, no headers.
    const status = response.type === 'opaqueredirect' ? 302 : response.status;
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      cancel(response.body);
      return { outcome: { sent: 'broken', detail: `an answer without an HTTP status (${String(status).slice(0, 20)})` } };
    }
    const outcome = { sent: 'answered', connection_reused: trace.reused, http_status: status, content_type: header(response, 'content-type') };
    if (status >= 300 && status < 400) {
      const location = header(response, 'location'); // as it came: the core resolves it against the request's URL
      if (location) Object.assign(outcome, { location, url: signed.url });
    }
    // Past the limit the request's own connection is closed, as Go's host does, rather than read to its end.
    const body = await readAtMost(response.body, maxAnswer, stopped, () => trace.socket?.destroy());
    if (body === null) outcome.too_large = true;
    else outcome.body_base64 = base64(body);
    // undici frees a connection for its next request one event-loop turn after an answer ends
    // (a setImmediate); a send made before that opens a second connection. Wait for it.
    if (watch && trace.socket) await new Promise((resolve) => setImmediate(resolve));
    return { outcome };
  } catch (err) {
    return { outcome: failed(err, stoppedBy, trace), cause: err };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener?.('abort', onAbort);
  }
}

// failed is the outcome of an attempt that ended without a complete answer.
// Where the watch saw the request (Node), whether all of it was written
// decides, as in Go's host: never written whole is not_sent, whatever
// happened. Elsewhere fetch tells nothing of the kind: an error that
// names a connection failure is not_sent, anything else may have come
// after the request went out.
function failed(err, stoppedBy, trace) {
  if (trace.request && !trace.wrote) {
    const detail = stoppedBy === 'caller' ? 'aborted by the caller'
      : stoppedBy === 'deadline' ? 'not sent within the deadline' : describe(err);
    return { sent: 'not_sent', connection_reused: trace.reused, detail };
  }
  if (stoppedBy === 'deadline') return { sent: 'timed_out' }; // the core words it with the policy's timeout
  if (stoppedBy === 'caller') return { sent: 'broken', detail: 'aborted by the caller' };
  if (!trace.request && neverConnected(err)) return { sent: 'not_sent', detail: describe(err) };
  return { sent: 'broken', detail: describe(err) };
}

// What Node's fetch (undici) publishes on its diagnostics channels, as Go's
// httptrace tells paywayhttp: the socket a request went out on, whether
// that socket served a request before (a kept connection), and whether the
// whole request was written. null where there is no such channel
// (browsers; Deno and Bun, whose fetch publishes nothing, leave the trace
// empty).
//
// undici creates its request, and publishes request:create, within the
// fetch() call itself (Node 18 to 24), so the attempt whose fetch is being
// called is the one the request belongs to: run() marks it for exactly
// that call. No AsyncLocalStorage, whose promise hooks would slow every
// promise of the process from the first send on. A fetch of the caller's
// that calls Node's fetch only after an await leaves the trace empty, as
// in Deno: the outcome is then judged from the error alone, on the safe side.
let watching = null;

async function startWatching() {
  if (!isNode) return null;
  let dc;
  try {
    dc = await import('node:diagnostics_channel');
  } catch {
    return null;
  }
  let calling = null; // the trace of the attempt whose fetch() is running
  const traces = new WeakMap(); // undici's request -> the trace of the attempt that made it
  const used = new WeakSet(); // sockets that carried a request
  dc.channel('undici:request:create').subscribe(({ request }) => {
    const trace = calling;
    if (trace && !trace.request) {
      trace.request = request;
      traces.set(request, trace);
    }
  });
  dc.channel('undici:client:sendHeaders').subscribe(({ request, socket }) => {
    const trace = traces.get(request);
    if (trace) {
      trace.socket = socket;
      trace.reused = used.has(socket);
    }
    used.add(socket);
  });
  dc.channel('undici:request:bodySent').subscribe(({ request }) => {
    const trace = traces.get(request);
    if (trace) trace.wrote = true;
  });
  return {
    run: (trace, fn) => {
      calling = trace;
      try {
        return fn();
      } finally {
        calling = null;
      }
    },
  };
}

function header(response, name) {
  return response.headers?.get?.(name) ?? '';
}

/**
 * The bytes of stream, or null when there are more than max (then
 * overflow() runs and the stream is cancelled). Each read races stopped,
 * so a body that drips ends at the deadline whether or not the stream
 * heeds the abort.
 */
async function readAtMost(stream, max, stopped, overflow) {
  if (!stream) return new Uint8Array(0); // no body: a 204, an opaque redirect
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([stopped, reader.read()]);
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        overflow();
        cancel(reader);
        return null;
      }
      chunks.push(value);
    }
  } catch (err) {
    cancel(reader);
    throw err;
  }
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

function cancel(streamOrReader) {
  streamOrReader?.cancel?.().catch(() => {});
}

/** Standard base64 of bytes: Buffer where there is one (Node, Bun, Deno), else btoa over 32 KiB chunks. */
export function base64(bytes) {
  if (typeof Buffer === 'function' && typeof Buffer.from === 'function') {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }
  const parts = [];
  for (let i = 0; i < bytes.length; i += 0x8000) parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
  return btoa(parts.join(''));
}

// The codes of errors that come before a connection exists (Node's, through
// undici): refused, unresolved, unreachable, no TLS. Anything else after
// fetch was called may have come after the request was written.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'HOSTNAME_MISMATCH']);

function neverConnected(err) {
  const cause = err?.cause ?? err;
  const code = cause?.code;
  if (typeof code === 'string') return NOT_CONNECTED.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('UNABLE_TO_');
  // Every address of a name tried and refused (Node's happy eyeballs).
  if (cause instanceof AggregateError && cause.errors?.length > 0) return cause.errors.every((e) => neverConnected(e));
  return cause?.message === 'bad port'; // fetch's own refusal of a port, before connecting
}

// describe is a short description of a failure for the core's message
// (which keeps 32 bytes of it): the error's code, else its message; never
// request data.
function describe(err) {
  const cause = err?.cause ?? err;
  const text = typeof cause?.code === 'string' ? cause.code : String(cause?.message ?? cause).slice(0, 64);
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'); // the core refuses lone surrogates
}
