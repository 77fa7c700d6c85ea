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
 * "misuse"; from PayWay::send(): "curl_missing", "not_sent" (PayWay did not
 * receive the request), "timeout" and "transport_failed" (whether PayWay
 * processed it is unknown)). Besides PayWayError (PayWay's refusal of a
 * request send() delivered) it is the only exception the package throws:
 * JsonException, ValueError and TypeError from bad requests become
 * malformed_request. The message is for people and never holds key
 * material or request values; getField() names the offending request
 * field, if any.
 */
final class PaySignError extends \RuntimeException
{
    public function __construct(
        private readonly string $errorCode,
        string $message,
        private readonly ?string $field = null,
        private readonly ?string $next = null,
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

    public function getNext(): ?string
    {
        return $this->next;
    }
}
