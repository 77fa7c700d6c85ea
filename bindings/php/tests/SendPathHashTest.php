<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PayWay;
use PHPUnit\Framework\TestCase;

/**
 * testvectors/e2e/payway_e2e.json: each fixed-time request sent through
 * send() reaches `paysign mock` with the hash the PHP oracle computed. The
 * mock verifies with the catalogue that signed, so only this sees a wrong
 * hash order on the send path.
 */
final class SendPathHashTest extends TestCase
{
    public function testTheSendPathHashIsPhps(): void
    {
        if (!\extension_loaded('curl')) {
            self::fail('PayWay::send() needs ext-curl: make test-php installs php8.2-curl');
        }
        $e2e = json_decode((string) file_get_contents(\dirname(__DIR__, 3) . '/testvectors/e2e/payway_e2e.json'), true, 512, JSON_THROW_ON_ERROR);
        self::assertSame('paysign-e2e-v1', $e2e['schema']);
        self::assertNotEmpty($e2e['tests']);
        self::assertCount($e2e['number_of_tests'], $e2e['tests']);
        $mock = Mock::start();
        try {
            foreach ($e2e['tests'] as $case) {
                $name = "payway_e2e.json #{$case['id']} {$case['comment']}";
                self::assertSame($mock->apiKey, $case['credentials']['api_key'], $name);
                $payway = new PayWay(merchantId: $case['credentials']['merchant_id'], apiKey: $case['credentials']['api_key'], baseUrl: $mock->url);
                try {
                    $payway->send($case['operation'], $case['params'], ['request_time' => $case['request_time']]);
                } finally {
                    $payway->close();
                }
                $requests = $mock->requests();
                $last = end($requests);
                self::assertIsArray($last, $name);
                self::assertSame($case['operation'], $last['operation'], $name);
                self::assertTrue($last['verified'], $name);
                $want = $case['expected_hash'];
                self::assertSame(substr($want, 0, 6) . '…(' . \strlen($want) . ' bytes)', $last['fields']['hash'], $name);
            }
        } finally {
            $mock->stop();
        }
    }
}
