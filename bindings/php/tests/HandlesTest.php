<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\Credentials;
use PaySign\PaySign;
use PaySign\PaySignError;
use PaySign\PayWay;
use PHPUnit\Framework\TestCase;

/**
 * Credentials handles (issue 14.2): PayWay opens one on first use and sends
 * {"handle": N} afterwards; close(), the destructor and the end-of-request
 * sweep close it; use after close() is "closed". Closed handles are proven
 * closed by the library itself: a raw paysign.close_credentials of them
 * answers unknown_handle. (Fork: ForkTest.)
 */
final class HandlesTest extends TestCase
{
    use CatchesErrors;

    private const API_KEY = 'TEST_ONLY_handles_test_api_key';
    private const TIME = '20261121093403';

    private static function publicKey(): string
    {
        return (string) file_get_contents(dirname(__DIR__, 3) . '/internal/testkeys/rsa1024_TEST_ONLY_public.pem');
    }

    private static function credentialsOf(PayWay $payway): Credentials
    {
        return (fn (): Credentials => $this->credentials)->call($payway);
    }

    /** The handle a PayWay holds now (null: none open). */
    private static function handleOf(PayWay $payway): ?int
    {
        return (fn (): ?int => $this->handle)->call(self::credentialsOf($payway));
    }

    /** Whether the library still has $handle open: closing it (raw) tells. Closes it. */
    private static function closeRaw(int $handle): string
    {
        try {
            PaySign::call('paysign.close_credentials', ['handle' => $handle]);
            return 'was open';
        } catch (PaySignError $e) {
            return $e->getErrorCode();
        }
    }

    private static function check(PayWay $payway, string $tranId): array
    {
        return $payway->sign('check_transaction', ['tran_id' => $tranId], self::TIME);
    }

    public function testOpensOnFirstSignAndReusesTheHandle(): void
    {
        $payway = new PayWay('ec000002', self::API_KEY, self::publicKey());
        self::assertNull(self::handleOf($payway), 'constructing opens nothing');
        $first = self::check($payway, 'T1');
        $handle = self::handleOf($payway);
        self::assertIsInt($handle);
        for ($i = 2; $i <= 20; $i++) {
            $signed = self::check($payway, "T$i");
            self::assertSame(base64_encode(hash_hmac('sha512', self::TIME . "ec000002T$i", self::API_KEY, true)), $signed['hash']);
        }
        self::assertSame($handle, self::handleOf($payway), 'one handle for every call');
        self::assertSame(base64_encode(hash_hmac('sha512', self::TIME . 'ec000002T1', self::API_KEY, true)), $first['hash']);
        // The RSA public key is in the handle too: merchant_auth is encrypted with it.
        $refund = $payway->sign('refund', ['tran_id' => 'T1', 'refund_amount' => '1.50'], self::TIME);
        $private = (string) file_get_contents(dirname(__DIR__, 3) . '/internal/testkeys/rsa1024_TEST_ONLY_private.pem');
        self::assertSame('{"mc_id":"ec000002","tran_id":"T1","refund_amount":1.5}', $payway->verify('refund', $refund['fields'], $private)['merchant_auth_json']);
        self::assertSame('ec000002', $payway->verify('check_transaction', $first['fields'])['merchant_id'], 'verify without a private key uses the handle');
        self::assertSame($handle, self::handleOf($payway));
    }

    public function testTheHandleAnswersLikeInlineCredentials(): void
    {
        $key = 'a-production-key-' . bin2hex(random_bytes(8)); // production refuses TEST_ONLY keys
        $payway = new PayWay('ec000002', $key, environment: 'production');
        $params = ['tran_id' => 'T1', 'amount' => '2.50', 'currency' => 'USD', 'items' => [['name' => 'A', 'quantity' => 1, 'price' => '2.50']]];
        $inline = PaySign::call('payway.sign', ['operation' => 'purchase', 'credentials' => ['merchant_id' => 'ec000002', 'api_key' => $key],
            'params' => $params, 'request_time' => self::TIME, 'environment' => 'production']);
        self::assertSame($inline, $payway->sign('purchase', $params, self::TIME));
        self::assertStringStartsWith('https://checkout.payway.com.kh/', $inline['url']);
        // A TEST_ONLY key in production is the core's environment_mismatch, through the handle too.
        $e = self::errorOf(static fn () => (new PayWay('ec000002', self::API_KEY, environment: 'production'))->sign('purchase', $params));
        self::assertSame('environment_mismatch', $e->getErrorCode());
    }

    public function testCloseClosesTheHandleAndLaterUseThrowsClosed(): void
    {
        $payway = new PayWay('ec000002', self::API_KEY);
        self::check($payway, 'T1');
        $handle = self::handleOf($payway);
        $payway->close();
        self::assertSame('unknown_handle', self::closeRaw((int) $handle), 'the library closed it');
        $payway->close(); // a second close does nothing
        foreach ([static fn () => self::check($payway, 'T2'), static fn () => $payway->verify('check_transaction', [['hash', 'x']]),
            static fn () => $payway->verify('refund', [['hash', 'x']], 'key')] as $use) {
            $e = self::errorOf($use);
            self::assertSame('closed', $e->getErrorCode());
            self::assertStringContainsString('close()', $e->getMessage());
        }
    }

    public function testCloseBeforeFirstUse(): void
    {
        $payway = new PayWay('ec000002', self::API_KEY);
        $payway->close();
        self::assertSame('closed', self::errorOf(static fn () => self::check($payway, 'T1'))->getErrorCode());
    }

    public function testDestructorClosesTheHandle(): void
    {
        $payway = new PayWay('ec000002', self::API_KEY);
        self::check($payway, 'T1');
        $handle = (int) self::handleOf($payway);
        unset($payway);
        self::assertSame('unknown_handle', self::closeRaw($handle));

        // And a handle still open is really open: the raw close succeeds.
        $open = new PayWay('ec000002', self::API_KEY);
        self::check($open, 'T1');
        self::assertSame('was open', self::closeRaw((int) self::handleOf($open)));
    }

    public function testAHandleClosedBehindItsBackIsReopened(): void
    {
        $payway = new PayWay('ec000002', self::API_KEY);
        self::check($payway, 'T1');
        $handle = (int) self::handleOf($payway);
        // paysign.close_credentials through the package forgets the handle, as the end-of-request sweep does.
        \PaySign\Library::closeHandle($handle);
        $signed = self::check($payway, 'T2');
        self::assertSame(base64_encode(hash_hmac('sha512', self::TIME . 'ec000002T2', self::API_KEY, true)), $signed['hash']);
        self::assertNotSame($handle, self::handleOf($payway));
    }

    public function testAHandleItStillBelievesOpenIsNotReopened(): void
    {
        $payway = new PayWay('ec000002', self::API_KEY);
        self::check($payway, 'T1');
        // Closed in the library by someone else while the package still lists it: an error, not a silent reopen.
        self::assertSame('was open', self::closeRaw((int) self::handleOf($payway)));
        self::assertSame('unknown_handle', self::errorOf(static fn () => self::check($payway, 'T2'))->getErrorCode());
    }

    public function testCloneOpensItsOwnHandle(): void
    {
        $payway = new PayWay('ec000002', self::API_KEY);
        self::check($payway, 'T1');
        $copy = clone $payway;
        self::check($copy, 'T1');
        self::assertNotSame(self::handleOf($payway), self::handleOf($copy));
        $payway->close();
        self::assertSame(base64_encode(hash_hmac('sha512', self::TIME . 'ec000002T9', self::API_KEY, true)), self::check($copy, 'T9')['hash']);
    }

    public function testBadKeyFailsAtFirstUseWithItsField(): void
    {
        $payway = new PayWay('ec000002', self::API_KEY, "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n");
        $e = self::errorOf(static fn () => self::check($payway, 'T1'));
        self::assertSame(['invalid_key', 'credentials.rsa_public_key'], [$e->getErrorCode(), $e->getField()]);
        self::assertNull(self::handleOf($payway));
    }

    public function testCredentialsForOtherGateways(): void
    {
        $keys = dirname(__DIR__, 3) . '/internal/testkeys';
        $private = (string) file_get_contents("$keys/rsa2048_TEST_ONLY_private.pem");
        $credentials = new Credentials(['merchant_id' => '3', 'private_key' => $private]);
        $request = ['operation' => 'refund', 'params' => ['order_id' => '4922', 'amount' => '10.00']];
        $signed = PaySign::call('bbmsl.sign', $request + ['credentials' => $credentials->reference()]);
        self::assertSame('{"merchantId":3,"orderId":4922,"amount":10}', $signed['request']);
        openssl_sign($signed['request'], $signature, $private, OPENSSL_ALGO_SHA256);
        self::assertSame(base64_encode($signature), $signed['signature'], 'independently: openssl_sign');
        $handle = $credentials->handle();
        self::assertSame(['handle' => $handle], $credentials->reference());
        $credentials->close();
        self::assertTrue($credentials->isClosed());
        self::assertSame('closed', self::errorOf(static fn () => $credentials->handle())->getErrorCode());
        self::assertSame('unknown_handle', self::closeRaw($handle));

        $e = self::errorOf(static fn () => new Credentials(['api_key' => 'k', 'apikey' => 'k']));
        self::assertSame(['malformed_request', 'credentials.apikey'], [$e->getErrorCode(), $e->getField()]);
        $e = self::errorOf(static fn () => new Credentials(['api_key' => 1.5]));
        self::assertSame(['malformed_request', 'credentials.api_key'], [$e->getErrorCode(), $e->getField()]);
    }

    public function testCredentialsHideTheirValues(): void
    {
        $marker = 'TEST_ONLY_SECRET_MARKER_' . bin2hex(random_bytes(8));
        $credentials = new Credentials(['api_key' => $marker]);
        $credentials->handle();
        ob_start();
        var_dump($credentials);
        $dump = (string) ob_get_clean() . print_r($credentials, true) . json_encode($credentials);
        if (PHP_VERSION_ID >= 80200) {
            $dump .= var_export($credentials, true) . print_r((array) $credentials, true);
        }
        self::assertStringContainsString('api_key', $dump, 'member names are shown');
        self::assertFalse(str_contains($dump, $marker), 'a dump holds the API key (not shown)');
        self::assertSame('misuse', self::errorOf(static fn () => serialize($credentials))->getErrorCode());
        self::assertSame('misuse', self::errorOf(static fn () => unserialize('O:19:"PaySign\Credentials":0:{}'))->getErrorCode());
    }

    /**
     * A request that ends in a fatal error runs no destructor; the shutdown
     * sweep still closes its handles (under PHP-FPM the library's handle
     * table outlives the request). A shutdown function registered after the
     * first sign sees the handle closed, and a PayWay used there reopens.
     */
    public function testFatalErrorStillClosesHandles(): void
    {
        $script = 'require ' . var_export(__DIR__ . '/bootstrap.php', true) . ';'
            . '$p = new PaySign\PayWay("ec000002", "k"); $p->sign("check_transaction", ["tran_id" => "T1"]);'
            . '$h = (fn () => $this->handle)->call((fn () => $this->credentials)->call($p));'
            . 'register_shutdown_function(function () use ($h, $p) {'
            . '  try { PaySign\PaySign::call("paysign.close_credentials", ["handle" => $h]); echo "open\n"; }'
            . '  catch (PaySign\PaySignError $e) { echo $e->getErrorCode(), "\n"; }'
            . '  echo strlen($p->sign("check_transaction", ["tran_id" => "T2"])["hash"]), "\n"; });'
            . 'undefined_function_to_end_in_a_fatal_error();';
        $out = (string) shell_exec(escapeshellarg(PHP_BINARY) . ' -d display_errors=0 -r ' . escapeshellarg($script) . ' 2>/dev/null');
        self::assertSame("unknown_handle\n88\n", $out);
    }
}
