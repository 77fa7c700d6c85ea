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
 * kept out of var_dump() and print_r().
 */
final class PayWay
{
    public function __construct(
        public readonly string $merchantId,
        #[\SensitiveParameter] private readonly string $apiKey,
        #[\SensitiveParameter] private readonly ?string $rsaPublicKey = null,
        public readonly string $environment = 'sandbox',
    ) {
    }

    /**
     * Signs one operation (a catalogue name such as "purchase" or "refund").
     *
     * @param array<string, mixed> $params
     * @param ?string $requestTime UTC YYYYMMDDHHmmss; default now
     * @return array<string, mixed> method, url, content_type, fields (in send order), body, hash, ...
     */
    public function sign(string $operation, array $params = [], ?string $requestTime = null): array
    {
        $credentials = ['merchant_id' => $this->merchantId, 'api_key' => $this->apiKey];
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
        $credentials = ['api_key' => $this->apiKey];
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
}
