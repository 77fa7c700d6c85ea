<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\Library;
use PaySign\PaySign;
use PaySign\PaySignError;
use PaySign\PayWay;
use PHPUnit\Framework\TestCase;

/**
 * Hostile sizes and secrets through FFI (issue 7): a 10 MB request or op
 * name gets its structured error at once and the library keeps working; no
 * message, string form, trace, var_dump/print_r/var_export or log line holds
 * the API key or private-key material; a recovered panic's message holds no
 * request data.
 */
final class HardeningTest extends TestCase
{
    use CatchesErrors;

    private const TEN_MB = 10 << 20;

    private static function key(string $name): string
    {
        return (string) file_get_contents(dirname(__DIR__, 3) . "/internal/testkeys/$name");
    }

    public function testTenMegabyteTranIdAndOpName(): void
    {
        $payway = new PayWay('ec000002', 'TEST_ONLY_k', self::key('rsa1024_TEST_ONLY_public.pem'));
        $expected = $payway->sign('check_transaction', ['tran_id' => 'T1001'], '20261121093403');

        $start = hrtime(true);
        $e = self::errorOf(static fn () => $payway->sign('check_transaction', ['tran_id' => str_repeat('T', self::TEN_MB)]));
        $signMs = (hrtime(true) - $start) / 1e6;
        self::assertSame('request_too_large', $e->getErrorCode());
        self::assertLessThan(200, \strlen($e->getMessage()), 'the message does not echo the request');

        $start = hrtime(true);
        [$status, $response] = Library::invoke('payway.sign', '{"tran_id":"' . str_repeat('T', self::TEN_MB) . '"}');
        self::assertSame([Library::STATUS_ERROR, 'request_too_large'], [$status, json_decode($response)->error->code]);
        $e = self::errorOf(static fn () => PaySign::call('payway.sign' . str_repeat('x', self::TEN_MB), []));
        self::assertSame('unknown_op', $e->getErrorCode());
        self::assertLessThan(200, \strlen($e->getMessage()));
        $rawMs = (hrtime(true) - $start) / 1e6;
        fwrite(STDERR, sprintf("php: 10 MB tran_id -> request_too_large in %.0f ms (with json_encode); raw 10 MB request and 10 MB op %.0f ms\n", $signMs, $rawMs));
        self::assertLessThan(3000, $signMs);
        self::assertLessThan(3000, $rawMs);

        self::assertSame($expected['hash'], $payway->sign('check_transaction', ['tran_id' => 'T1001'], '20261121093403')['hash']);
    }

    /** @return iterable<string, array{string}> */
    public static function exceptionArgs(): iterable
    {
        yield 'zend.exception_ignore_args=0 (development)' => ['0'];
        yield 'zend.exception_ignore_args=1 (production)' => ['1'];
    }

    /** @dataProvider exceptionArgs */
    public function testNoOutputHoldsTheApiKeyOrPrivateKey(string $ignoreArgs): void
    {
        $marker = 'TEST_ONLY_SECRET_MARKER_' . bin2hex(random_bytes(12));
        $command = ['timeout', '60', PHP_BINARY, '-d', "zend.exception_ignore_args=$ignoreArgs", '-d', 'display_errors=stderr',
            '-d', 'log_errors=1', '-d', 'error_log=', __DIR__ . '/secrets_scenario.php'];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, getenv() + ['PAYSIGN_TEST_API_KEY' => $marker]);
        self::assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        $exit = proc_close($process);
        self::assertSame(255, $exit, 'the scenario ends with the uncaught error');
        self::assertStringContainsString('Uncaught PaySign\PaySignError', $err);
        self::assertStringContainsString(
            '{"private_key_as_public":"invalid_key","garbage_public_key":"invalid_key","key_as_bare_key":"invalid_key",'
            . '"missing_tran_id":"PTL04","bad_amount":"PTL186","unknown_member_value":"malformed_request",'
            . '"hash_mismatch":"PTL02","public_key_as_private":"invalid_key","garbage_private_key":"invalid_key",'
            . '"panic":"internal","unencodable":"malformed_request","float":"float_not_allowed",'
            . '"float_in_params":"float_not_allowed","object_in_params":"malformed_request","credentials_not_utf8":"malformed_request",'
            . '"serialize":"misuse","send_not_sent":"not_sent","send_curl_options":"malformed_request",'
            . '"callback_mismatch":"signature_mismatch","closed":"closed"}',
            $out,
        );
        $everything = $out . $err;
        self::assertGreaterThan(5000, \strlen($everything), 'outputs were collected');
        // assertFalse, not assertStringNotContainsString: a failure must not print the secret.
        self::assertFalse(str_contains($everything, $marker), 'an output holds the API key marker (not shown)');
        $lines = array_filter(explode("\n", self::key('rsa1024_TEST_ONLY_private.pem')), static fn (string $l): bool => \strlen($l) >= 40 && !str_starts_with($l, '-----'));
        self::assertGreaterThan(10, \count($lines));
        $leaked = \count(array_filter($lines, static fn (string $l): bool => str_contains($everything, $l)));
        self::assertSame(0, $leaked, 'private-key lines appear in an output (not shown)');
    }

    public function testPayWayObjectDumpsHoldNoApiKey(): void
    {
        $marker = 'TEST_ONLY_SECRET_MARKER_' . bin2hex(random_bytes(12));
        $payway = new PayWay('ec000002', $marker, self::key('rsa1024_TEST_ONLY_public.pem'));
        ob_start();
        var_dump($payway);
        $dump = (string) ob_get_clean();
        $dump .= print_r($payway, true) . json_encode($payway);
        if (PHP_VERSION_ID >= 80200) {
            $dump .= var_export($payway, true) . print_r((array) $payway, true);
        }
        self::assertStringContainsString('ec000002', $dump);
        self::assertFalse(str_contains($dump, $marker), 'a dump holds the API key (not shown)');
        self::assertSame('misuse', self::errorOf(static fn () => serialize($payway))->getErrorCode());
        // The key still signs.
        $signed = $payway->sign('check_transaction', ['tran_id' => 'T1'], '20261121093403');
        self::assertSame(base64_encode(hash_hmac('sha512', $signed['hash_input'], $marker, true)), $signed['hash']);
    }

    public function testPanicMessageHoldsNoRequestData(): void
    {
        $e = self::errorOf(static fn () => PaySign::call('test.panic', ['tran_id' => 'REQUEST_DATA_9f8e7d', 'api_key' => 'k']));
        self::assertSame('internal', $e->getErrorCode());
        self::assertStringNotContainsString('REQUEST_DATA_9f8e7d', (string) $e);
        self::assertStringContainsString('test.panic', $e->getMessage());
    }
}
