<?php

declare(strict_types=1);

namespace PaySign;

/**
 * PayWay refused a request that PayWay::send() delivered: its answer carries
 * a code other than success, or an error HTTP status. (A PaySignError, by
 * contrast, is paysign refusing to sign, or the request never getting an
 * answer.)
 *
 *     try {
 *         $payway->send('refund', ['tran_id' => 'T1', 'refund_amount' => '20.00']);
 *     } catch (PayWayError $e) {
 *         $e->getErrorCode();  // "PTL37", PayWay's code as sent ("" when the answer has none)
 *         $e->getCategory();   // "declined": one of docs/envelope.md's closed set
 *         $e->isRetryable();   // false: sending the same request again is not safe
 *     }
 *
 * The code's meaning and category come from paysign's response code table
 * (payway.decode_response); getResponse() is the whole decoded answer.
 * Refunds, purchases, payouts and every other operation that moves money
 * are never retried by send(); after a gateway error (5xx) their outcome is
 * unknown: confirm with check_transaction before sending them again.
 *
 * @phpstan-import-type PayWayResponse from PayWay
 */
final class PayWayError extends \RuntimeException
{
    /**
     * @param string $operation the catalogue operation that was sent
     * @param PayWayResponse $response the decoded answer (payway.decode_response's value)
     */
    public function __construct(private readonly string $operation, private readonly array $response)
    {
        $code = $response['code'] !== '' ? $response['code'] : 'HTTP ' . $response['http_status'];
        $text = $response['meaning'] !== '' ? $response['meaning'] : $response['message'];
        $message = "payway $operation: $code: $text ({$response['category']})";
        // The core makes a gateway error retryable only for a query: else the outcome is unknown.
        if ($response['category'] === 'gateway_error' && !$response['retryable']) {
            $message .= '; whether PayWay processed the request is unknown: confirm with check_transaction before sending it again';
        }
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
     * not_permitted, rate_limited, concurrent_request, gateway_error, unknown
     * (docs/envelope.md, "Categories").
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
     * Whether sending the same request again is safe: a rate limit or a
     * concurrent request (PayWay did not process it), or a gateway error on
     * a query. send() itself retries only queries.
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
