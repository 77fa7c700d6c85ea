// The three errors of the package. None of them ever holds an API key or key
// material: messages name members and types, never string values.

/**
 * paysign refused or failed: an error envelope of the core, or a check of
 * this package made before the core is called. `code` is one of the closed
 * set of paysign.version's `codes` (PTL04, malformed_request,
 * float_not_allowed, ...) or one of the package's own (closed); `field`
 * names the request member at fault (may be empty).
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
 * PayWay refused a request that send() delivered: a code other than
 * success, or an error HTTP status. Not paysign's error: the request was
 * signed and sent, and PayWay's answer says no. `response` is the whole
 * decoded answer (the value of payway.decode_response).
 */
export class PayWayError extends Error {
  constructor(operation, response, message) {
    super(message ?? payWayErrorMessage(operation, response));
    this.name = 'PayWayError';
    /** The operation that was sent. */
    this.operation = operation;
    /** PayWay's code as sent ("PTL37", "4", "429"), "" when the answer had none. */
    this.code = response.code;
    /** What the code means for this operation (paysign's response code table). */
    this.meaning = response.meaning;
    /** success, pending, wrong_hash, invalid_request, not_found, duplicate, declined, not_permitted, rate_limited, concurrent_request, gateway_error or unknown. */
    this.category = response.category;
    this.httpStatus = response.http_status;
    /** Sending the same request again is safe (send() retries only queries). */
    this.retryable = response.retryable;
    this.response = response;
  }
}

/**
 * send() got no answer from PayWay that can be read. A PaySignError with one
 * of the bindings' send codes (docs/envelope.md):
 *
 * - "not_sent": nothing reached PayWay (no connection, DNS, TLS, aborted
 *   before sending): sending again is safe;
 * - "timeout": the request went out, no answer came in time;
 * - "transport_failed": the connection broke after sending, the caller
 *   aborted it, or the answer was too large;
 * - "body_malformed": an answer with a 4xx status that is not PayWay's JSON
 *   (a proxy's or firewall's page).
 *
 * For an operation that moves money the last three leave the outcome
 * unknown (`outcomeUnknown`): PayWay may have processed it, so confirm with
 * check_transaction before sending it again. `httpStatus` is the status of
 * an answer that came, `cause` the underlying error, if any.
 */
export class PayWayTransportError extends PaySignError {
  constructor(operation, code, detail, { outcomeUnknown = false, url, cause, httpStatus } = {}) {
    let next;
    if (code === 'not_sent') next = 'PayWay did not receive it; sending it again is safe';
    else if (outcomeUnknown) next = 'the outcome is unknown: PayWay may have processed it. Do not send it again before you know: confirm with check_transaction';
    else next = 'nothing was changed by this query; it is safe to send it again';
    const what = code === 'not_sent' ? 'not sent' : 'no answer from PayWay that paysign can read';
    super(code, `paysign: ${operation}: ${what} (${detail}); ${next}`);
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true }); // as Error's own option does
    this.name = 'PayWayTransportError';
    this.operation = operation;
    this.outcomeUnknown = Boolean(outcomeUnknown);
    /** Where the request went (never holds a secret: PayWay's URLs carry none). */
    this.url = url;
    if (httpStatus !== undefined) this.httpStatus = httpStatus;
  }
}

function payWayErrorMessage(operation, r) {
  const code = r.code === '' ? `HTTP ${r.http_status}` : r.code;
  let text = r.meaning || r.message || 'refused';
  if (r.message && r.meaning && !sameText(r.message, r.meaning)) text = `${r.meaning} ("${clip(r.message)}")`;
  let message = `payway ${operation}: ${code}: ${text} (${r.category}, HTTP ${r.http_status})`;
  if (r.category === 'gateway_error' && !r.retryable) {
    message += '; the outcome is unknown: PayWay may have processed it, confirm with check_transaction before sending it again';
  }
  return message;
}

function sameText(a, b) {
  const norm = (s) => s.toLowerCase().replace(/[.!\s]+$/, '');
  return norm(a) === norm(b);
}

function clip(text) {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
