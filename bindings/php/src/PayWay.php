<?php

declare(strict_types=1);

namespace PaySign;

/**
 * Signs ABA PayWay requests for one merchant.
 *
 *     $payway = new PayWay(merchantId: 'ec000002', apiKey: $apiKey, rsaPublicKey: $pem);
 *     $signed = $payway->sign('refund', ['tran_id' => 'T1001', 'refund_amount' => '1.50']);
 *     // $signed['url'], $signed['fields'], $signed['body'], $signed['hash'], ...
 *
 * Parameters use PayWay's own field names and plain values (a URL as a URL,
 * items as a list of arrays, amounts as decimal strings); paysign applies
 * PayWay's encodings, field order, hash and RSA encryption. The API key is
 * kept out of var_dump(), print_r(), var_export() (PHP >= 8.2), stack traces
 * and serialize().
 *
 * The parameters of each operation are PHPStan array shapes generated from
 * the catalogue (PayWayOperations), so PHPStan reports a misspelt operation
 * or parameter, a missing required one and a float amount; at run time a
 * float anywhere in the parameters is refused before anything is signed
 * (PaySignError code "float_not_allowed": pass '1.50', not 1.5).
 *
 * The credentials go into the library once: the first sign() opens a
 * credentials handle (constructing a PayWay loads nothing, so it may be built
 * before pcntl_fork() or in a PHP-FPM preload) and every request then carries
 * only {"handle": N}. close() closes it, and so does the destructor; a
 * PayWay used after close() throws code "closed", and one used in a
 * pcntl_fork() child of the process that opened the handle throws "forked".
 * See Credentials for the details.
 *
 * send() runs the core's send loop over a connection this object keeps
 * (PHP's curl extension): PayWay's documented success, PayWayError for its
 * refusal, PaySignError with getNext() when no verdict came back.
 * fromEnv() builds one from the variables the command line reads.
 * verifyCallback() checks a pushback's X-PayWay-HMAC-SHA512 header and
 * signCallback() makes one, for testing a callback handler. With
 * baseUrl: the URL `paysign mock` prints, every request goes to that test
 * double instead of PayWay (docs/mock.md).
 *
 * @phpstan-import-type PayWayOperationParams from PayWayOperations
 * @phpstan-type PaymentStatus array{code: string, status: string, meaning: string, category: string}
 * @phpstan-type PayWayResponse array{ok: bool, code: string, message: string, meaning: string, category: string, retryable: bool, http_status: int, payment_status?: PaymentStatus, value: mixed, location?: string}
 * @phpstan-type SendOptions array{request_time?: string, timeout?: int|float, query_retries?: int, retry_backoff?: int|float, curl_options?: array<int, mixed>}
 * @phpstan-type VerifiedCallback array{valid: true, hash_input: string, tran_id: string, apv: string, status: string, return_params: string, merchant_ref: string, values: array<string, mixed>}
 */
final class PayWay
{
    /** The credentials behind a handle (not readonly: a clone gets its own). */
    private Credentials $credentials;

    /** The environment and base_url members, encoded on first use. */
    private ?string $where = null;

    /** @var array{timeout_ms?: int, query_retries?: int, retry_backoff_ms?: int} the send policy members set here (the core fills the rest) */
    private readonly array $policy;

    /** send()'s kept connection, opened by the first send() (a clone opens its own). */
    private ?Transport $transport = null;

    /** The name of the header PayWay signs its pushbacks with. */
    public const CALLBACK_HEADER = 'X-PayWay-HMAC-SHA512';

    /**
     * The operations that change nothing at PayWay (catalogue data: the
     * operations whose "query" is true): the only ones send() sends again.
     */
    public const QUERIES = PayWayOperations::QUERIES;

    /**
     * @param string $environment "sandbox" (default) or "production": PayWay's host
     * @param ?string $baseUrl replaces the environment's host, e.g. the URL `paysign mock`
     *        prints: scheme://host[:port] only, https for any host, http only for a
     *        loopback one (checked at the first sign() or send(): PTL05, field base_url)
     * @param int|float|null $timeout send(): seconds each attempt may take: connecting, sending
     *        and the whole answer (null: the core's default, 30; 0: no deadline)
     * @param ?int $queryRetries send(): how many times a query is sent again after a failed
     *        attempt or a retryable answer (null: the core's default, 2; 0: never). Other
     *        operations never are
     * @param int|float|null $retryBackoff send(): seconds before the first repeat, doubled for
     *        each next one (null: the core's default, 0.5)
     * @throws PaySignError malformed_request for a timeout or backoff that is not a finite
     *         number (the ranges are checked by the core at send(): field policy.timeout_ms, ...)
     */
    public function __construct(
        public readonly string $merchantId,
        #[\SensitiveParameter] string $apiKey,
        #[\SensitiveParameter] ?string $rsaPublicKey = null,
        public readonly string $environment = 'sandbox',
        public readonly ?string $baseUrl = null,
        public readonly int|float|null $timeout = null,
        public readonly ?int $queryRetries = null,
        public readonly int|float|null $retryBackoff = null,
    ) {
        $this->policy = array_filter(['timeout_ms' => $timeout === null ? null : self::milliseconds($timeout, 'timeout'),
            'query_retries' => $queryRetries,
            'retry_backoff_ms' => $retryBackoff === null ? null : self::milliseconds($retryBackoff, 'retryBackoff')],
            static fn (?int $value): bool => $value !== null);
        $credentials = ['merchant_id' => $merchantId, 'api_key' => $apiKey];
        if ($rsaPublicKey !== null) {
            $credentials['rsa_public_key'] = $rsaPublicKey;
        }
        $this->credentials = new Credentials($credentials);
    }

    /**
     * A PayWay with the credentials of the environment, the variables the
     * command line reads:
     *
     * | variable | |
     * |---|---|
     * | PAYWAY_MERCHANT_ID | required |
     * | PAYWAY_API_KEY | required |
     * | PAYWAY_RSA_PUBLIC_KEY | PayWay's RSA public key, PEM (literal "\n" escapes are fine); or |
     * | PAYWAY_RSA_PUBLIC_KEY_FILE | the path of a file holding it (not both) |
     * | PAYWAY_BASE_URL | another host, such as `paysign mock`'s URL |
     * | PAYWAY_ENVIRONMENT | "sandbox" (default) or "production" |
     *
     * An empty variable counts as unset. Errors name the variable, never a
     * value. Like the constructor it loads nothing: the key is parsed at the
     * first sign() or send().
     *
     *     $payway = PayWay::fromEnv();
     *
     * @param ?array<string, string> $environment the variables (default: getenv(), one by one,
     *        which also sees PHP-FPM's env[...] settings)
     * @throws PaySignError PTL04 for a required variable that is not set; malformed_request for
     *         both PAYWAY_RSA_PUBLIC_KEY and PAYWAY_RSA_PUBLIC_KEY_FILE, or a key file that
     *         cannot be read
     */
    public static function fromEnv(#[\SensitiveParameter] ?array $environment = null): self
    {
        $get = static function (string $name) use ($environment): ?string {
            $value = $environment === null ? getenv($name) : ($environment[$name] ?? null);
            return \is_string($value) && $value !== '' ? $value : null;
        };
        $required = static fn (string $name): string => $get($name)
            ?? throw new PaySignError('PTL04', "paysign: the environment variable $name is not set", $name);
        [$merchantId, $apiKey] = [$required('PAYWAY_MERCHANT_ID'), $required('PAYWAY_API_KEY')];
        [$key, $keyFile] = [$get('PAYWAY_RSA_PUBLIC_KEY'), $get('PAYWAY_RSA_PUBLIC_KEY_FILE')];
        if ($key !== null && $keyFile !== null) {
            throw new PaySignError('malformed_request', 'paysign: both PAYWAY_RSA_PUBLIC_KEY and PAYWAY_RSA_PUBLIC_KEY_FILE are set: '
                . 'set one of them', 'PAYWAY_RSA_PUBLIC_KEY_FILE');
        }
        if ($keyFile !== null) {
            $key = is_file($keyFile) && is_readable($keyFile) ? @file_get_contents($keyFile) : false;
            if ($key === false) {
                throw new PaySignError('malformed_request', 'paysign: the file PAYWAY_RSA_PUBLIC_KEY_FILE names cannot be read',
                    'PAYWAY_RSA_PUBLIC_KEY_FILE');
            }
            $key = trim($key);
        }
        return new self($merchantId, $apiKey, $key, $get('PAYWAY_ENVIRONMENT') ?? 'sandbox', $get('PAYWAY_BASE_URL'));
    }

    /**
     * Signs one operation (a catalogue name such as "purchase" or "refund").
     *
     * @template TOperation of key-of<PayWayOperationParams>
     * @param TOperation $operation
     * @param PayWayOperationParams[TOperation] $params PayWay's field names, plain values
     * @param ?string $requestTime UTC YYYYMMDDHHmmss; default now
     * @return array{operation: string, method: string, url: string, content_type: string, headers?: array<string, string>, fields: list<array{string, string}>, body?: string, hash_fields: list<string>, hash_input: string, hash: string, merchant_auth_json?: string, beneficiaries_json?: string}
     * @throws PaySignError float_not_allowed for a float in $params, the core's
     *                      codes (PTL04, PTL05, ...), closed after close(), forked
     *                      in a pcntl_fork() child
     */
    public function sign(string $operation, array $params = [], ?string $requestTime = null): array
    {
        $operationJson = Json::encode($operation, 'operation');
        $paramsJson = Json::encode($params, 'params', 2);
        $timeJson = $requestTime === null ? '' : ',"request_time":' . Json::encode($requestTime, 'request_time');
        // @phpstan-ignore-next-line (the value has the documented shape)
        return $this->withHandle('payway.sign', $this->where() . ",\"operation\":$operationJson,\"params\":$paramsJson$timeJson");
    }

    /**
     * Checks received fields as PayWay would (hash, and merchant_auth when a
     * private key is given); for test doubles of the gateway. Throws
     * PaySignError (code "PTL02" for a wrong hash).
     *
     * @param array<mixed> $fields name => value, or the [[name, value], ...] list sign() returns
     * @return array<string, mixed>
     */
    public function verify(string $operation, array $fields, #[\SensitiveParameter] ?string $rsaPrivateKey = null): array
    {
        if ($this->credentials->isClosed()) {
            throw Credentials::closedError();
        }
        $request = [
            'operation' => $operation,
            // A handle stands for the whole credentials object, so a private key given per call goes with the API key inline.
            'credentials' => $rsaPrivateKey === null ? $this->credentials->reference()
                : ['api_key' => $this->credentials->credentials()['api_key'], 'rsa_private_key' => $rsaPrivateKey],
            'fields' => array_is_list($fields) ? $fields : (object) $fields,
        ];
        /** @var array<string, mixed> */
        return PaySign::call('payway.verify', $request);
    }

    /**
     * Signs one operation, sends it to PayWay (or to baseUrl) and returns
     * PayWay's answer when PayWay accepted it.
     *
     * send() runs the core's send loop (docs/envelope.md, payway.send_step),
     * the one Go, the command line, Python and JavaScript run: the core gives
     * the exact bytes to send (multipart bodies included) and, after each
     * attempt, what follows; this object only keeps the connection (one curl
     * handle, alive between sends), writes the bytes and reads the answer
     * within one deadline per attempt. So:
     *
     * - only PayWay's documented success returns; an answer that is not
     *   PayWay's (empty, HTML, a 204, a redirect the operation does not
     *   document) is never success;
     * - nothing that moves money or changes state is sent twice: only queries
     *   (check_transaction, transaction_detail, ...) are sent again, up to
     *   query_retries times, after a failed attempt or a retryable answer;
     *   any operation is sent on a new connection when the kept one was
     *   found closed before the request was written;
     * - redirects are never followed: link_card's 302 is its answer (its
     *   target in "location").
     *
     * @template TOperation of key-of<PayWayOperationParams>
     * @param TOperation $operation
     * @param PayWayOperationParams[TOperation] $params PayWay's field names, plain values (as sign())
     * @param SendOptions $options per call: request_time (UTC YYYYMMDDHHmmss; default now),
     *        timeout and retry_backoff in seconds, query_retries (each
     *        defaults to the constructor's, else the core's), curl_options (CURLOPT_* => value, e.g. a
     *        proxy or a CA bundle; the request itself, its deadline, TLS checks and "no redirects"
     *        are send()'s own and win)
     * @return PayWayResponse PayWay's accepted answer: ok true, code ("00", "0", ... or ""),
     *         message, meaning, category ("success"), http_status, payment_status for
     *         check_transaction and transaction_detail, value (the body as JSON, amounts and
     *         other numbers that are not small integers as exact decimal strings; the text of a
     *         body that is not JSON), location (a 3xx answer's target: link_card)
     * @throws PayWayError PayWay refused the request: its code, meaning, category, HTTP status,
     *         whether the same request may succeed later, and the decoded answer
     * @throws PaySignError getNext() says what to do: not_sent ("send_again": PayWay did not
     *         receive the request); timeout and outcome_unknown ("confirm_first": it went out and
     *         no verdict came back; getResponse() is the answer when one came); transport_failed
     *         (a query, "send_again"). Before anything is sent: the signing's codes (PTL04,
     *         PTL05, float_not_allowed, malformed_request for an option, ...), curl_missing
     *         without PHP's curl extension, closed, forked
     */
    public function send(string $operation, array $params = [], #[\SensitiveParameter] array $options = []): array
    {
        Transport::requireCurl();
        [$policy, $curlOptions, $timeJson] = [$this->policy, [], ''];
        foreach ($options as $name => $value) {
            match ($name) {
                'request_time' => $timeJson = ',"request_time":' . Json::encode($value, 'request_time'),
                'timeout' => $policy['timeout_ms'] = self::milliseconds($value, 'options.timeout'),
                'query_retries' => $policy['query_retries'] = $value,
                'retry_backoff' => $policy['retry_backoff_ms'] = self::milliseconds($value, 'options.retry_backoff'),
                'curl_options' => $curlOptions = \is_array($value) ? $value
                    : throw new PaySignError('malformed_request', 'paysign: curl_options is an array of CURLOPT_* => value', 'options.curl_options'),
                default => throw new PaySignError('malformed_request', 'paysign: send() takes the options request_time, timeout, '
                    . 'query_retries, retry_backoff and curl_options, not "' . (\is_string($name) && preg_match('//u', $name) === 1 ? $name : '?') . '"', 'options'),
            };
        }
        $operationJson = Json::encode($operation, 'operation');
        $policyJson = $policy === [] ? '' : ',"policy":' . Json::encode($policy, 'policy');
        /** @var array{method: string, url: string, headers: array<string, string>, body: string, policy: array{timeout_ms: int, max_answer_bytes: int}} $signed */
        $signed = $this->withHandle('payway.sign', $this->where() . ",\"output\":\"send\",\"operation\":$operationJson,\"params\":"
            . Json::encode($params, 'params', 2) . $timeJson . $policyJson);
        $transport = $this->transport ??= new Transport();
        $step = ['fresh_connection' => false];
        for ($attempt = 1; ; $attempt++) {
            $outcome = $transport->attempt($signed, $step['fresh_connection'], $curlOptions);
            /** @var array{action: string, after_ms: int, fresh_connection: bool, message: string, response: PayWayResponse, error: array{code: string, message: string, next: string}} $step */
            $step = Library::value('payway.send_step', "{\"operation\":$operationJson,\"policy\":" . json_encode($signed['policy'])
                . ",\"attempt\":$attempt,\"outcome\":" . json_encode($outcome, Json::FLAGS | JSON_INVALID_UTF8_SUBSTITUTE) . '}');
            switch ($step['action']) {
                case 'done':
                    return $step['response'];
                case 'retry':
                    usleep($step['after_ms'] * 1000);
                    break;
                case 'refused':
                    throw new PayWayError($operation, $step['response'], $step['message']);
                case 'failed':
                    $error = $step['error'];
                    throw new PaySignError($error['code'], $error['message'], null, $error['next'], $step['response'] ?? null);
                default:
                    throw new PaySignError('internal', "paysign: payway.send_step answered the action \"{$step['action']}\", which this package does not know");
            }
        }
    }

    /**
     * Checks the X-PayWay-HMAC-SHA512 header of a pushback PayWay sent to
     * your return_url or callback_url (payway.verify_callback: PayWay's
     * documented PHP check, with this object's API key).
     *
     *     $body = (string) stream_get_contents(fopen('php://input', 'rb'), 1 << 20); // bounded: at most 1 MiB
     *     $callback = $payway->verifyCallback($body,
     *                                         $_SERVER['HTTP_X_PAYWAY_HMAC_SHA512'] ?? null);
     *
     * A valid header is evidence, not proof of payment (PayWay documents no
     * replay protection): confirm with check_transaction before fulfilling.
     *
     * @param string $rawBody the body exactly as received
     * @param ?string $header the X-PayWay-HMAC-SHA512 header's value (null or "": missing)
     * @return VerifiedCallback valid, hash_input, the members pushbacks carry as the text they
     *         were hashed as (PHP's string conversion; "" when
     *         absent; merchant_ref is also a payment link's merchant_ref_no) and values (the
     *         body's members)
     * @throws PaySignError signature_missing, signature_malformed, body_malformed,
     *         signature_mismatch; closed, forked
     */
    public function verifyCallback(string $rawBody, ?string $header): array
    {
        if (preg_match('//u', $rawBody) !== 1) {
            throw new PaySignError('body_malformed', 'paysign: the pushback body is not UTF-8 text, so not the JSON PayWay sends', 'body');
        }
        if ($header !== null && preg_match('//u', $header) !== 1) {
            throw new PaySignError('signature_malformed', 'paysign: the ' . self::CALLBACK_HEADER . ' header is not base64 text', 'signature');
        }
        // The core returns the pushback members as the text they were hashed
        // as, and the body's values under its number rule (amounts as text).
        /** @var VerifiedCallback $result */
        $result = $this->withHandle('payway.verify_callback', ',"body":' . Json::encode($rawBody) . ',"signature":' . Json::encode($header ?? ''));
        return $result;
    }

    /**
     * The X-PayWay-HMAC-SHA512 value PayWay would send with a pushback of
     * $body (payway.sign_callback), to test your own callback handler: POST
     * $body to it with that header.
     *
     * @param string $body the pushback body, e.g. {"tran_id":"T1","apv":"123456","status":"0","return_params":"","merchant_ref":""}
     * @throws PaySignError body_malformed (not a JSON object); closed, forked
     */
    public function signCallback(string $body): string
    {
        if (preg_match('//u', $body) !== 1) {
            throw new PaySignError('body_malformed', 'paysign: the pushback body is not UTF-8 text, so not JSON', 'body');
        }
        $signature = $this->withHandle('payway.sign_callback', ',"body":' . Json::encode($body))['signature'] ?? null;
        if (!\is_string($signature)) {
            throw new PaySignError('internal', 'paysign: payway.sign_callback returned no signature');
        }
        return $signature;
    }

    /** Whether $operation only reads (QUERIES), so that repeating it is always safe. */
    public static function isQuery(string $operation): bool
    {
        return \in_array($operation, self::QUERIES, true);
    }

    /**
     * PayWay's operation catalogue as data.
     *
     * @return array<string, mixed>
     */
    public static function catalog(): array
    {
        return Library::value('payway.catalog', '{}');
    }

    /**
     * Closes the credentials handle (if one was opened) and send()'s kept
     * connection. A second close() does nothing; sign(), verify() or send()
     * afterwards throw PaySignError code "closed". Never loads the library.
     */
    public function close(): void
    {
        $this->credentials->close();
        $this->transport?->close();
        $this->transport = null;
    }

    /** Closes the handle; never throws. */
    public function __destruct()
    {
        try {
            $this->close();
        } catch (\Throwable) {
            // A destructor never throws.
        }
    }

    /** A clone opens its own handle, so closing one leaves the other working. */
    public function __clone()
    {
        $this->credentials = clone $this->credentials;
        $this->transport = null;
    }

    /** The request members naming where requests go: environment, base_url. */
    private function where(): string
    {
        return $this->where ??= ',"environment":' . Json::encode($this->environment, 'environment')
            . ($this->baseUrl === null ? '' : ',"base_url":' . Json::encode($this->baseUrl, 'base_url'));
    }

    /**
     * Calls $op with {"credentials":{"handle":N}$members}, opening a new
     * handle once if this one was closed behind the object's back.
     *
     * @return array<mixed>
     */
    private function withHandle(string $op, string $members): array
    {
        $handle = $this->credentials->handle();
        try {
            return Library::value($op, '{"credentials":{"handle":' . $handle . '}' . $members . '}');
        } catch (PaySignError $e) {
            if ($e->getErrorCode() !== 'unknown_handle' || !$this->credentials->isStale($handle)) {
                throw $e;
            }
            // The handle was closed behind our back (the end-of-request sweep,
            // a raw paysign.close_credentials): open a new one, once.
            return Library::value($op, '{"credentials":{"handle":' . $this->credentials->reopen() . '}' . $members . '}');
        }
    }

    /**
     * $seconds as the core's milliseconds (its range is the core's to check).
     *
     * @throws PaySignError malformed_request for a value that is not a finite number
     */
    private static function milliseconds(mixed $seconds, string $field): int
    {
        if (!(\is_int($seconds) || \is_float($seconds)) || !is_finite($seconds) || abs($seconds) > 1e9) {
            throw new PaySignError('malformed_request', "paysign: $field is a number of seconds", $field);
        }
        return (int) round($seconds * 1000);
    }

    /** @return array<string, string|int|float|null> */
    public function __debugInfo(): array
    {
        return ['merchantId' => $this->merchantId, 'environment' => $this->environment, 'baseUrl' => $this->baseUrl,
            'timeout' => $this->timeout, 'queryRetries' => $this->queryRetries, 'retryBackoff' => $this->retryBackoff];
    }

    /**
     * A PayWay holds the API key, so it is not serializable (a session or a
     * cache would store the key in clear): keep the merchant ID and
     * environment and build a new PayWay with the key from your secret store.
     *
     * @return never
     */
    public function __serialize(): array
    {
        throw new PaySignError('misuse', 'paysign: a PayWay holds the API key and cannot be serialized; build it again from your secret store');
    }

    /**
     * @param array<mixed> $data
     * @return never
     */
    public function __unserialize(array $data): void
    {
        throw new PaySignError('misuse', 'paysign: a PayWay holds the API key and cannot be unserialized; build it again from your secret store');
    }
}
