<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\Library;
use PaySign\PaySign;
use PaySign\PaySignError;
use PaySign\PayWay;
use PHPUnit\Framework\TestCase;

/** PaySign::call, PaySignError, PayWay, recovered panics and the loader. */
final class PaySignTest extends TestCase
{
    private const API_KEY = 'TEST_ONLY_sandbox_api_key_not_a_real_secret';

    private static function key(string $name): string
    {
        return (string) file_get_contents(dirname(__DIR__, 3) . "/internal/testkeys/$name");
    }

    private static function payway(): PayWay
    {
        return new PayWay('ec000002', self::API_KEY, self::key('rsa1024_TEST_ONLY_public.pem'));
    }

    public function testVersion(): void
    {
        $value = PaySign::call('paysign.version', []);
        self::assertSame(Library::ABI_VERSION, $value['abi_version']);
        self::assertContains('payway.sign', $value['ops']);
    }

    /**
     * The core's suggestions for a misspelt operation or parameter reach
     * PHP unchanged: the message is the core's own, from sign() and send().
     */
    public function testTheCoresSuggestionsPassThroughUnchanged(): void
    {
        $payway = self::payway();
        $credentials = ['merchant_id' => 'ec000002', 'api_key' => self::API_KEY, 'rsa_public_key' => self::key('rsa1024_TEST_ONLY_public.pem')];
        foreach ([
            ['refnd', ['tran_id' => 'T1', 'refund_amount' => '1.50'], 'operation', ' (did you mean refund?)'],
            ['refund', ['tran_idd' => 'T1', 'refund_amount' => '1.50'], 'params.tran_idd', ' (did you mean tran_id?)'],
        ] as [$operation, $params, $field, $suggestion]) {
            [, $raw] = Library::invoke('payway.sign', (string) json_encode(['operation' => $operation, 'credentials' => $credentials,
                'params' => $params]));
            $core = json_decode($raw, true)['error'];
            self::assertStringEndsWith($suggestion, $core['message'], 'the core suggests');
            foreach ([static fn () => $payway->sign($operation, $params), static fn () => $payway->send($operation, $params)] as $call) {
                try {
                    $call();
                    self::fail('no error');
                } catch (PaySignError $e) {
                    self::assertSame([$core['code'], $field, $core['message']], [$e->getErrorCode(), $e->getField(), $e->getMessage()]);
                }
            }
        }
    }

    public function testErrorIsStructuredAndHoldsNoSecret(): void
    {
        try {
            self::payway()->sign('refund', ['refund_amount' => '1.50']);
            self::fail('no error');
        } catch (PaySignError $e) {
            self::assertSame(['PTL04', 'params.tran_id'], [$e->getErrorCode(), $e->getField()]);
            self::assertStringNotContainsString(self::API_KEY, $e->getMessage());
            self::assertInstanceOf(\RuntimeException::class, $e);
        }
    }

    public function testUnknownOp(): void
    {
        try {
            PaySign::call('payway.nope', []);
            self::fail('no error');
        } catch (PaySignError $e) {
            self::assertSame('unknown_op', $e->getErrorCode());
        }
    }

    public function testRecoveredPanicThenKeepsWorking(): void
    {
        for ($i = 0; $i < 3; $i++) {
            [$status, $response] = Library::invoke('test.panic', '{}');
            self::assertSame(Library::STATUS_PANIC, $status);
            self::assertSame('internal', json_decode($response)->error->code);
            try {
                PaySign::call('test.panic', []);
                self::fail('no error');
            } catch (PaySignError $e) {
                self::assertSame('internal', $e->getErrorCode());
            }
            self::assertSame(1, PaySign::call('paysign.version', [])['abi_version']);
        }
    }

    public function testSignVerifyRoundTripAndTamper(): void
    {
        $signed = self::payway()->sign('refund', ['tran_id' => 'T1001', 'refund_amount' => '1.50'], '20261121093403');
        self::assertSame('refund', $signed['operation']);
        self::assertSame(['request_time', '20261121093403'], $signed['fields'][0]);
        self::assertSame(json_encode(['mc_id' => 'ec000002', 'tran_id' => 'T1001', 'refund_amount' => 1.5]),
            $signed['merchant_auth_json']);
        $private = self::key('rsa1024_TEST_ONLY_private.pem');
        self::assertSame('ec000002', self::payway()->verify('refund', $signed['fields'], $private)['merchant_id']);
        $tampered = array_map(static fn (array $f): array => $f[0] === 'merchant_id' ? [$f[0], 'ec000003'] : $f, $signed['fields']);
        try {
            self::payway()->verify('refund', $tampered, $private);
            self::fail('tampered fields verified');
        } catch (PaySignError $e) {
            self::assertSame('PTL02', $e->getErrorCode());
        }
    }

    public function testCatalog(): void
    {
        $names = array_column(PayWay::catalog()['operations'], 'name');
        self::assertContains('purchase', $names);
        self::assertContains('refund', $names);
    }

    public function testDebugOutputHidesTheApiKey(): void
    {
        self::assertStringNotContainsString(self::API_KEY, print_r(self::payway(), true));
    }

    public function testConfigureAfterLoadCannotSwitchLibrary(): void
    {
        PaySign::call('paysign.version', []);
        try {
            PaySign::configure('/nonexistent/libpaysign.so');
            self::fail('no error');
        } catch (PaySignError $e) {
            self::assertSame('already_loaded', $e->getErrorCode());
        }
    }
}
