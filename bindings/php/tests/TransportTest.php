<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PayWay;
use PHPUnit\Framework\TestCase;

/**
 * The parts of sending that need no server: signing without the curl
 * extension, the callback helpers on their own.
 */
final class TransportTest extends TestCase
{
    public function testWithoutTheCurlExtensionSigningWorksAndSendSaysWhy(): void
    {
        $process = proc_open(['timeout', '60', PHP_BINARY, '-n', '-d', 'extension=ffi', '-d', 'ffi.enable=1', __DIR__ . '/nocurl_scenario.php'],
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        self::assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        self::assertSame(0, proc_close($process), $out . $err);
        $result = json_decode($out, true);
        self::assertIsArray($result, $out . $err);
        self::assertFalse($result['curl_loaded']);
        self::assertSame('http://127.0.0.1:9/api/payment-gateway/v1/payments/check-transaction-2', $result['sign']);
        self::assertSame('T1', $result['callback']);
        self::assertSame('curl_missing', $result['send']);
        self::assertStringContainsString('curl extension', $result['message']);
        self::assertStringContainsString('php8.2-curl', $result['message']);
    }

    public function testSignCallbackIsPayWaysDocumentedHash(): void
    {
        // PayWay's documented PHP check: ksort the members, concatenate the values, base64 HMAC-SHA512.
        $body = '{"tran_id":"T1","status":"0","apv":"123456","return_params":"order=7","merchant_ref":""}';
        $values = json_decode($body, true);
        ksort($values);
        $expected = base64_encode(hash_hmac('sha512', implode('', $values), 'TEST_ONLY_k', true));
        $payway = new PayWay('ec000002', 'TEST_ONLY_k');
        self::assertSame($expected, $payway->signCallback($body));
        $callback = $payway->verifyCallback($body, $expected);
        self::assertSame(['valid' => true, 'hash_input' => implode('', $values), 'tran_id' => 'T1', 'apv' => '123456', 'status' => '0',
            'return_params' => 'order=7', 'merchant_ref' => '', 'values' => json_decode($body, true)], $callback);
        // a payment link's pushback: status a number, merchant_ref_no
        $link = '{"tran_id":"123456789","status":0,"merchant_ref_no":"REF-1"}';
        $callback = $payway->verifyCallback($link, $payway->signCallback($link));
        self::assertSame(['123456789', '0', 'REF-1', ''], [$callback['tran_id'], $callback['status'], $callback['merchant_ref'], $callback['apv']]);
    }

    public function testCallbackErrors(): void
    {
        $payway = new PayWay('ec000002', 'TEST_ONLY_k');
        $body = '{"tran_id":"T1","status":"0"}';
        $good = $payway->signCallback($body);
        foreach ([
            'signature_missing' => [$body, ''],
            'signature_malformed' => [$body, 'not base64!'],
            'signature_mismatch' => [$body, base64_encode(random_bytes(64))],
            'body_malformed' => ['not json', $good],
        ] as $code => [$rawBody, $header]) {
            try {
                $payway->verifyCallback($rawBody, $header);
                self::fail("no error for $code");
            } catch (\PaySign\PaySignError $e) {
                self::assertSame($code, $e->getErrorCode());
            }
        }
        foreach (['verify' => static fn () => $payway->verifyCallback("{\"tran_id\":\"\xff\"}", $good),
                  'sign' => static fn () => $payway->signCallback("{\"tran_id\":\"\xff\"}")] as $what => $call) {
            try {
                $call();
                self::fail("no error for a body that is not UTF-8 ($what)");
            } catch (\PaySign\PaySignError $e) {
                self::assertSame(['body_malformed', 'body'], [$e->getErrorCode(), $e->getField()]);
            }
        }
        try {
            $payway->signCallback('[1,2]');
            self::fail('no error for a body that is not an object');
        } catch (\PaySign\PaySignError $e) {
            self::assertSame('body_malformed', $e->getErrorCode());
        }
    }

    public function testPreloadDeclaresEveryClass(): void
    {
        $preload = (string) file_get_contents(dirname(__DIR__) . '/preload.php');
        foreach (glob(dirname(__DIR__) . '/src/*.php') ?: [] as $file) {
            self::assertStringContainsString("'" . basename($file, '.php') . "'", $preload, basename($file));
        }
    }
}
