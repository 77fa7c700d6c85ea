<?php

declare(strict_types=1);

namespace PaySign;

/**
 * An error from paysign, as structured data.
 *
 * getErrorCode() is stable and machine-readable: one of the core's closed
 * set ("PTL04" required field missing, "malformed_request", "invalid_key",
 * "float_not_allowed", "unknown_handle", "internal" for a recovered bug,
 * ...) or one of the binding's own ("closed", "forked", "library_not_found",
 * "load_failed", "ffi_restricted", "abi_mismatch", "already_loaded",
 * "misuse", "curl_missing"). Besides PayWayError (PayWay's refusal of a
 * request send() delivered) it is the only exception the package throws:
 * JsonException, ValueError and TypeError from bad requests become
 * malformed_request. The message is for people and never holds key
 * material or request values; getField() names the offending request
 * field, if any.
 *
 * A send() that ended without PayWay's verdict has one of the core's send
 * codes, and getNext() says what to do (docs/envelope.md, payway.send_step):
 *
 * | code             | getNext()       | when |
 * |------------------|-----------------|------|
 * | not_sent         | "send_again"    | PayWay did not receive the request |
 * | timeout          | "confirm_first" | it went out and no complete answer came in time (a query: "send_again") |
 * | outcome_unknown  | "confirm_first" | an operation that moves money or changes state went out and no verdict came back: the connection broke, an answer that is not PayWay's, a gateway error, an undocumented code, an answer too large |
 * | transport_failed | "send_again"    | a query, after its last attempt, got no answer of PayWay's |
 *
 * "confirm_first": look the transaction up (check_transaction) before
 * sending the request again; sending it again blindly could refund or pay
 * twice. getResponse() is the answer that was not PayWay's verdict, when
 * one came.
 *
 * @phpstan-import-type PayWayResponse from PayWay
 */
final class PaySignError extends \RuntimeException
{
    /** getNext(): PayWay did not receive the request, or it only reads: sending it again is safe. */
    public const SEND_AGAIN = 'send_again';

    /** getNext(): PayWay may have processed the request: confirm with check_transaction before sending it again. */
    public const CONFIRM_FIRST = 'confirm_first';

    /**
     * @param ?string $next send(): SEND_AGAIN or CONFIRM_FIRST; null for every other error
     * @param ?PayWayResponse $response send(): the decoded answer that was not PayWay's verdict, if one came
     */
    public function __construct(
        private readonly string $errorCode,
        string $message,
        private readonly ?string $field = null,
        private readonly ?string $next = null,
        private readonly ?array $response = null,
    ) {
        parent::__construct($message);
    }

    /** The stable error code (Exception::getCode() is an int, so this is separate). */
    public function getErrorCode(): string
    {
        return $this->errorCode;
    }

    /** The request field the error is about (for example "params.tran_id"), or null. */
    public function getField(): ?string
    {
        return $this->field;
    }

    /**
     * What to do after a send() that ended without PayWay's verdict:
     * "send_again" (SEND_AGAIN) or "confirm_first" (CONFIRM_FIRST); null for
     * any other error.
     */
    public function getNext(): ?string
    {
        return $this->next;
    }

    /**
     * The answer that came back without being PayWay's verdict (an HTML
     * page, a gateway error, an undocumented code), decoded as
     * payway.decode_response does; null when none came.
     *
     * @return ?PayWayResponse
     */
    public function getResponse(): ?array
    {
        return $this->response;
    }
}
