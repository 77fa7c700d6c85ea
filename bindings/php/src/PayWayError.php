<?php

declare(strict_types=1);

namespace PaySign;

/**
 * PayWay refused a request that PayWay::send() delivered: one of its
 * documented codes other than success, a rate limit, or (for a query, after
 * its last attempt) a gateway error. (A PaySignError, by contrast, is
 * paysign refusing to sign, or a send that got no verdict of PayWay's: see
 * its getNext().)
 *
 *     try {
 *         $payway->send('refund', ['tran_id' => 'T1', 'refund_amount' => '20.00']);
 *     } catch (PayWayError $e) {
 *         $e->getErrorCode();  // "PTL37", PayWay's code as sent ("" when the answer has none)
 *         $e->getCategory();   // "declined": one of docs/envelope.md's closed set
 *         $e->isRetryable();   // false: sending the same request again will not help
 *     }
 *
 * The code's meaning and category come from paysign's response code table
 * and the message from the core's send loop (payway.send_step), the same in
 * every runtime; getResponse() is the whole decoded answer.
 *
 * @phpstan-import-type PayWayResponse from PayWay
 */
final class PayWayError extends \RuntimeException
{
    /**
     * @param string $operation the catalogue operation that was sent
     * @param PayWayResponse $response the decoded answer (payway.decode_response's value)
     * @param string $message the core's wording ("paysign: payway refund: PTL37: ... (declined)")
     */
    public function __construct(private readonly string $operation, private readonly array $response, string $message)
    {
        parent::__construct($message);
    }

    /** The operation that was sent ("refund"). */
    public function getOperation(): string
    {
        return $this->operation;
    }

    /**
     * PayWay's code as sent, as text: "PTL37", "4", "429", "LAM01 "; "" when
     * the answer has none (a bare HTTP 5xx). Named like
     * PaySignError::getErrorCode() (Exception::getCode() is an int).
     */
    public function getErrorCode(): string
    {
        return $this->response['code'];
    }

    /** PayWay's own message ("Refund amount is greater than..."), else the code's meaning. */
    public function getPayWayMessage(): string
    {
        return $this->response['message'];
    }

    /** What the code means for this operation, from paysign's table; "" for a code it does not list. */
    public function getMeaning(): string
    {
        return $this->response['meaning'];
    }

    /**
     * One of: wrong_hash, invalid_request, not_found, duplicate, declined,
     * not_permitted, rate_limited, concurrent_request, and for a query
     * gateway_error and unknown (docs/envelope.md, "Categories").
     */
    public function getCategory(): string
    {
        return $this->response['category'];
    }

    /** The HTTP status of the answer. */
    public function getHttpStatus(): int
    {
        return $this->response['http_status'];
    }

    /**
     * Whether the same request may succeed when sent again later: a rate
     * limit or a concurrent request (PayWay did not process it), or a
     * gateway error on a query. send() has already sent a query again
     * query_retries times; it never sends anything else again.
     */
    public function isRetryable(): bool
    {
        return $this->response['retryable'];
    }

    /**
     * The whole decoded answer: code, message, meaning, category, retryable,
     * http_status, payment_status (check_transaction, transaction_detail)
     * and value (the body as JSON, or as a string when it is not JSON).
     *
     * @return PayWayResponse
     */
    public function getResponse(): array
    {
        return $this->response;
    }
}
