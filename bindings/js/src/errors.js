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
 * PayWay refused a request that send() delivered: one of its documented
 * codes other than success, or a rate limit. Not paysign's error: the
 * request was signed and sent, and PayWay's answer says no. `response` is
 * the whole decoded answer (the value of payway.decode_response); the
 * message is the core's.
 */
export class PayWayError extends Error {
  constructor(operation, response, message) {
    super(message ?? `paysign: payway ${operation}: ${response.code || `HTTP ${response.http_status}`}: ${response.meaning || response.message} (${response.category})`);
    this.name = 'PayWayError';
    /** The operation that was sent. */
    this.operation = operation;
    /** PayWay's code as sent ("PTL37", "4", "429"), "" when the answer had none. */
    this.code = response.code;
    /** What the code means for this operation (paysign's response code table). */
    this.meaning = response.meaning;
    /** declined, wrong_hash, invalid_request, not_found, duplicate, not_permitted, rate_limited, concurrent_request, gateway_error, unknown, ... */
    this.category = response.category;
    this.httpStatus = response.http_status;
    /** The same request may succeed when sent again later (a rate limit, a concurrent request). */
    this.retryable = response.retryable;
    this.response = response;
  }
}

/**
 * send() ended without PayWay's verdict: a PaySignError whose code and
 * `next` come from the core's send loop (docs/envelope.md, payway.send_step):
 *
 * - "not_sent", next "send_again": PayWay did not receive the request;
 * - "timeout": no complete answer within the deadline; next
 *   "confirm_first", or "send_again" for a query;
 * - "outcome_unknown", next "confirm_first": a request that moves money or
 *   changes state went out and no verdict of PayWay's came back (the
 *   connection broke, an answer that is not PayWay's, a gateway error, an
 *   answer too large);
 * - "transport_failed", next "send_again": a query, after its last attempt.
 *
 * "confirm_first": PayWay may have processed it. Look the transaction up
 * (check_transaction) before sending it again: sending it blindly could
 * refund or pay twice. `response` is the answer that was not PayWay's
 * verdict, when one came; `cause` the error that ended the last attempt.
 */
export class PayWayTransportError extends PaySignError {
  constructor(operation, { code, message, next }, { url, response, cause } = {}) {
    super(code, message);
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true }); // as Error's own option does
    this.name = 'PayWayTransportError';
    this.operation = operation;
    /** "send_again" or "confirm_first". */
    this.next = next;
    /** Where the request went (never holds a secret: PayWay's URLs carry none). */
    this.url = url;
    if (response !== undefined) {
      this.response = response;
      this.httpStatus = response.http_status;
    }
  }

  /** next is "confirm_first": PayWay may have processed the request. */
  get outcomeUnknown() {
    return this.next === 'confirm_first';
  }
}
