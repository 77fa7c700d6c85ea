<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PayWay;
use PHPUnit\Framework\TestCase;

/**
 * PayWay::fromEnv(): the credentials from the variables the command line
 * reads; errors name the variable and never hold a value.
 */
final class FromEnvTest extends TestCase
{
    use CatchesErrors;

    private const TIME = '20261121093403';
    private const VARIABLES = ['PAYWAY_MERCHANT_ID', 'PAYWAY_API_KEY', 'PAYWAY_RSA_PUBLIC_KEY', 'PAYWAY_RSA_PUBLIC_KEY_FILE',
        'PAYWAY_BASE_URL', 'PAYWAY_ENVIRONMENT'];

    private static function keys(): string
    {
        return dirname(__DIR__, 3) . '/internal/testkeys';
    }

    /** The hash PayWay expects for check_transaction, computed here with hash_hmac. */
    private static function checkHash(string $merchantId, string $apiKey, string $tranId): string
    {
        return base64_encode(hash_hmac('sha512', self::TIME . $merchantId . $tranId, $apiKey, true));
    }

    public function testTheProcessEnvironment(): void
    {
        $saved = array_map(static fn (string $name) => getenv($name), array_combine(self::VARIABLES, self::VARIABLES));
        $apiKey = 'TEST_ONLY_from_env_' . bin2hex(random_bytes(6));
        try {
            foreach (self::VARIABLES as $name) {
                putenv($name);
            }
            putenv('PAYWAY_MERCHANT_ID=ec000123');
            putenv("PAYWAY_API_KEY=$apiKey");
            putenv('PAYWAY_BASE_URL=http://127.0.0.1:4010');
            putenv('PAYWAY_ENVIRONMENT='); // empty: unset
            $payway = PayWay::fromEnv();
            $signed = $payway->sign('check_transaction', ['tran_id' => 'T1'], self::TIME);
            self::assertSame(self::checkHash('ec000123', $apiKey, 'T1'), $signed['hash']);
            self::assertStringStartsWith('http://127.0.0.1:4010/', $signed['url']);
            self::assertSame(['ec000123', 'sandbox', 'http://127.0.0.1:4010'], [$payway->merchantId, $payway->environment, $payway->baseUrl]);
        } finally {
            foreach ($saved as $name => $value) {
                putenv($value === false ? $name : "$name=$value");
            }
        }
    }

    public function testThePublicKeyAsTextWithEscapesOrAsAFile(): void
    {
        $pem = (string) file_get_contents(self::keys() . '/rsa1024_TEST_ONLY_public.pem');
        $private = (string) file_get_contents(self::keys() . '/rsa1024_TEST_ONLY_private.pem');
        $base = ['PAYWAY_MERCHANT_ID' => 'ec000002', 'PAYWAY_API_KEY' => 'TEST_ONLY_k'];
        foreach ([
            'PEM with "\n" escapes' => $base + ['PAYWAY_RSA_PUBLIC_KEY' => str_replace("\n", '\n', $pem)],
            'a file' => $base + ['PAYWAY_RSA_PUBLIC_KEY_FILE' => self::keys() . '/rsa1024_TEST_ONLY_public.pem'],
            'a file, the other variable empty' => $base + ['PAYWAY_RSA_PUBLIC_KEY' => '',
                'PAYWAY_RSA_PUBLIC_KEY_FILE' => self::keys() . '/rsa1024_TEST_ONLY_public.pem'],
        ] as $case => $environment) {
            $payway = PayWay::fromEnv($environment);
            $refund = $payway->sign('refund', ['tran_id' => 'T1', 'refund_amount' => '1.50'], self::TIME);
            self::assertSame('{"mc_id":"ec000002","tran_id":"T1","refund_amount":1.5}',
                $payway->verify('refund', $refund['fields'], $private)['merchant_auth_json'], $case);
        }
    }

    public function testProduction(): void
    {
        $payway = PayWay::fromEnv(['PAYWAY_MERCHANT_ID' => 'ec000002', 'PAYWAY_API_KEY' => 'a-live-key', 'PAYWAY_ENVIRONMENT' => 'production']);
        self::assertStringStartsWith('https://checkout.payway.com.kh/', $payway->sign('check_transaction', ['tran_id' => 'T1'])['url']);
    }

    public function testErrorsNameTheVariableNeverAValue(): void
    {
        $secret = 'TEST_ONLY_SECRET_' . bin2hex(random_bytes(8));
        $missingFile = sys_get_temp_dir() . '/paysign-no-such-key-' . bin2hex(random_bytes(6)) . '.pem';
        foreach ([
            [['PAYWAY_API_KEY' => $secret], 'PTL04', 'PAYWAY_MERCHANT_ID'],
            [['PAYWAY_MERCHANT_ID' => 'ec000002', 'PAYWAY_API_KEY' => ''], 'PTL04', 'PAYWAY_API_KEY'],
            [['PAYWAY_MERCHANT_ID' => 'ec000002', 'PAYWAY_API_KEY' => $secret, 'PAYWAY_RSA_PUBLIC_KEY' => "-----BEGIN PUBLIC KEY-----\n$secret",
                'PAYWAY_RSA_PUBLIC_KEY_FILE' => "/$secret.pem"], 'malformed_request', 'PAYWAY_RSA_PUBLIC_KEY_FILE'],
            [['PAYWAY_MERCHANT_ID' => 'ec000002', 'PAYWAY_API_KEY' => $secret, 'PAYWAY_RSA_PUBLIC_KEY_FILE' => $missingFile],
                'malformed_request', 'PAYWAY_RSA_PUBLIC_KEY_FILE'],
            [['PAYWAY_MERCHANT_ID' => 'ec000002', 'PAYWAY_API_KEY' => $secret, 'PAYWAY_RSA_PUBLIC_KEY_FILE' => sys_get_temp_dir()],
                'malformed_request', 'PAYWAY_RSA_PUBLIC_KEY_FILE'],
        ] as $i => [$environment, $code, $field]) {
            $e = self::errorOf(static fn () => PayWay::fromEnv($environment));
            self::assertSame([$code, $field], [$e->getErrorCode(), $e->getField()], "case $i");
            self::assertStringContainsString($field, $e->getMessage());
            if (isset($environment['PAYWAY_RSA_PUBLIC_KEY'])) {
                self::assertStringContainsString('PAYWAY_RSA_PUBLIC_KEY and PAYWAY_RSA_PUBLIC_KEY_FILE', $e->getMessage());
            }
            self::assertFalse(str_contains((string) $e, $secret), "case $i: the error holds a value (not shown)");
            self::assertFalse(str_contains($e->getMessage(), sys_get_temp_dir()), "case $i: the error holds the path");
        }
    }
}
