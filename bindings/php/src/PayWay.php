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
 * @phpstan-import-type PayWayOperationParams from PayWayOperations
 */
final class PayWay
{
    /** The credentials behind a handle (not readonly: a clone gets its own). */
    private Credentials $credentials;

    /** {"credentials":{"handle":N},"environment":"…" — the start of every request, built once per handle. */
    private ?string $prefix = null;
    private ?int $prefixHandle = null;

    public function __construct(
        public readonly string $merchantId,
        #[\SensitiveParameter] string $apiKey,
        #[\SensitiveParameter] ?string $rsaPublicKey = null,
        public readonly string $environment = 'sandbox',
    ) {
        $credentials = ['merchant_id' => $merchantId, 'api_key' => $apiKey];
        if ($rsaPublicKey !== null) {
            $credentials['rsa_public_key'] = $rsaPublicKey;
        }
        $this->credentials = new Credentials($credentials);
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
        // One json_encode of the parameters, joined in one allocation (an
        // interpolated string) to the prefix built once per handle.
        $operationJson = Json::encode($operation, 'operation');
        $paramsJson = Json::encode($params, 'params', 2);
        $timeJson = $requestTime === null ? '' : ',"request_time":' . Json::encode($requestTime, 'request_time');
        $prefix = $this->prefix ?? $this->prefix();
        try {
            // @phpstan-ignore-next-line (the value has the documented shape)
            return Library::value('payway.sign', "$prefix,\"operation\":$operationJson,\"params\":$paramsJson$timeJson}");
        } catch (PaySignError $e) {
            if ($e->getErrorCode() !== 'unknown_handle' || $this->prefixHandle === null || !$this->credentials->isStale($this->prefixHandle)) {
                throw $e;
            }
            // The handle was closed behind our back (the end-of-request sweep,
            // a raw paysign.close_credentials): open a new one, once.
            $this->credentials->reopen();
            $prefix = $this->prefix();
            // @phpstan-ignore-next-line
            return Library::value('payway.sign', "$prefix,\"operation\":$operationJson,\"params\":$paramsJson$timeJson}");
        }
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
     * PayWay's operation catalogue as data.
     *
     * @return array<string, mixed>
     */
    public static function catalog(): array
    {
        return Library::value('payway.catalog', '{}');
    }

    /**
     * Closes the credentials handle (if one was opened). A second close()
     * does nothing; sign() or verify() afterwards throw PaySignError code
     * "closed". Never loads the library.
     */
    public function close(): void
    {
        $this->prefix = $this->prefixHandle = null;
        $this->credentials->close();
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
        $this->prefix = $this->prefixHandle = null;
    }

    private function prefix(): string
    {
        $handle = $this->credentials->handle();
        $this->prefixHandle = $handle;
        return $this->prefix = '{"credentials":{"handle":' . $handle . '},"environment":' . Json::encode($this->environment, 'environment');
    }

    /** @return array<string, string> */
    public function __debugInfo(): array
    {
        return ['merchantId' => $this->merchantId, 'environment' => $this->environment];
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
