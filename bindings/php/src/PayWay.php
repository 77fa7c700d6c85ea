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
 * or parameter, a missing required one and a float amount.
 *
 * @phpstan-import-type PayWayOperationParams from PayWayOperations
 */
final class PayWay
{
    /**
     * The API key. On PHP >= 8.2 it is wrapped in a SensitiveParameterValue,
     * so var_export(), (array) casts and debuggers that read properties do
     * not show it either; serialize() is refused (see __serialize).
     */
    private readonly mixed $apiKey;

    public function __construct(
        public readonly string $merchantId,
        #[\SensitiveParameter] string $apiKey,
        #[\SensitiveParameter] private readonly ?string $rsaPublicKey = null,
        public readonly string $environment = 'sandbox',
    ) {
        $this->apiKey = class_exists(\SensitiveParameterValue::class, false) ? new \SensitiveParameterValue($apiKey) : $apiKey;
    }

    private function apiKey(): string
    {
        return $this->apiKey instanceof \SensitiveParameterValue ? $this->apiKey->getValue() : $this->apiKey;
    }

    /**
     * Signs one operation (a catalogue name such as "purchase" or "refund").
     *
     * @template TOperation of key-of<PayWayOperationParams>
     * @param TOperation $operation
     * @param PayWayOperationParams[TOperation] $params PayWay's field names, plain values
     * @param ?string $requestTime UTC YYYYMMDDHHmmss; default now
     * @return array{operation: string, method: string, url: string, content_type: string, headers?: array<string, string>, fields: list<array{string, string}>, body?: string, hash_fields: list<string>, hash_input: string, hash: string, merchant_auth_json?: string, beneficiaries_json?: string}
     */
    public function sign(string $operation, array $params = [], ?string $requestTime = null): array
    {
        $credentials = ['merchant_id' => $this->merchantId, 'api_key' => $this->apiKey()];
        if ($this->rsaPublicKey !== null) {
            $credentials['rsa_public_key'] = $this->rsaPublicKey;
        }
        $request = [
            'operation' => $operation,
            'credentials' => $credentials,
            'params' => (object) $params,
            'environment' => $this->environment,
        ];
        if ($requestTime !== null) {
            $request['request_time'] = $requestTime;
        }
        return PaySign::call('payway.sign', $request);
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
        $credentials = ['api_key' => $this->apiKey()];
        if ($rsaPrivateKey !== null) {
            $credentials['rsa_private_key'] = $rsaPrivateKey;
        }
        return PaySign::call('payway.verify', [
            'operation' => $operation,
            'credentials' => $credentials,
            'fields' => array_is_list($fields) ? $fields : (object) $fields,
        ]);
    }

    /**
     * PayWay's operation catalogue as data.
     *
     * @return array<string, mixed>
     */
    public static function catalog(): array
    {
        return PaySign::call('payway.catalog', []);
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
}
