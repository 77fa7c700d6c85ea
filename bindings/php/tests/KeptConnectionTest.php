<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PaySign;
use PaySign\PaySignError;
use PaySign\PayWay;
use PaySign\Transport;
use PHPUnit\Framework\TestCase;

/**
 * The connection a PayWay keeps between sends (one curl handle), against
 * the scripted server, beyond what the conformance vectors cover: curl
 * never sends a written request again when a kept connection dies without
 * an answer; a clone and a closed PayWay do not share the connection; and
 * numbers in answers arrive as the core's exact decimals.
 */
final class KeptConnectionTest extends TestCase
{
    private const CREDENTIALS = ['merchant_id' => 'ec000002', 'api_key' => 'TEST_ONLY_kept_connection_test'];
    private const SUCCESS = ['answer' => ['status' => 200, 'headers' => ['Content-Type' => 'application/json'],
        'body' => '{"grand_total":10,"total_refunded":1.5,"currency":"USD","transaction_status":"REFUNDED","status":{"code":"00","message":"Success!"}}']];

    private static ?ScriptServer $server = null;

    public static function setUpBeforeClass(): void
    {
        self::$server = ScriptServer::start();
    }

    public static function tearDownAfterClass(): void
    {
        self::$server?->stop();
        self::$server = null;
    }

    private static function server(): ScriptServer
    {
        return self::$server ?? throw new \LogicException('no server');
    }

    private static function payway(): PayWay
    {
        $key = (string) file_get_contents(dirname(__DIR__, 3) . '/internal/testkeys/rsa1024_TEST_ONLY_public.pem');
        return new PayWay(self::CREDENTIALS['merchant_id'], self::CREDENTIALS['api_key'], $key, baseUrl: self::server()->url,
            retryBackoff: 0.01);
    }

    /** @return array<string, string> */
    private static function refund(PayWay $payway): array
    {
        return $payway->send('refund', ['tran_id' => 'ORDER-1001', 'refund_amount' => '1.50']);
    }

    /**
     * A refund on the kept connection, which the server reads and then drops
     * without an answer: curl would send it again on a new connection (it
     * does with a CURLOPT_POSTFIELDS body: a second refund). It must not.
     */
    public function testARequestWrittenOnAKeptConnectionIsNeverSentAgain(): void
    {
        $server = self::server();
        $server->load([self::SUCCESS, ['drop' => 'after_reading'], self::SUCCESS]);
        $payway = self::payway();
        self::assertSame('00', self::refund($payway)['code']);
        try {
            self::refund($payway);
            self::fail('no error');
        } catch (PaySignError $e) {
            self::assertSame(['outcome_unknown', PaySignError::CONFIRM_FIRST], [$e->getErrorCode(), $e->getNext()], $e->getMessage());
        }
        self::assertSame(2, $server->counts()['requests'], 'the dropped refund was read once, and not sent again');
        // the PayWay goes on with a new connection
        self::assertSame('00', self::refund($payway)['code']);
        self::assertSame(3, $server->counts()['requests']);
    }

    public function testAQueryOnADroppedKeptConnectionIsSentAgainByTheCoreOnly(): void
    {
        $server = self::server();
        $server->load([self::SUCCESS, ['drop' => 'after_reading'], self::SUCCESS]);
        $payway = self::payway();
        self::assertSame('00', $payway->send('check_transaction', ['tran_id' => 'ORDER-1001'])['code']);
        self::assertSame('00', $payway->send('check_transaction', ['tran_id' => 'ORDER-1001'])['code']);
        // (curl may open a connection for the resend it then cannot make: nothing is written on it)
        self::assertSame(3, $server->counts()['requests'], 'one retry, by the core');
    }

    public function testAConnectionPerObjectAndNoneAfterClose(): void
    {
        $server = self::server();
        $server->load([self::SUCCESS]);
        $payway = self::payway();
        self::refund($payway);
        self::refund($payway);
        $clone = clone $payway;
        self::refund($clone);
        self::refund($clone);
        self::assertSame(2, $server->counts()['connections'], 'the clone opened its own, and kept it');
        self::refund($payway);
        self::assertSame(2, $server->counts()['connections'], 'the original still has its own');
        $payway->close();
        try {
            self::refund($payway);
            self::fail('no error');
        } catch (PaySignError $e) {
            self::assertSame('closed', $e->getErrorCode());
        }
        self::assertSame(['connections' => 2, 'requests' => 5, 'redirected' => 0], $server->counts());
    }

    /**
     * What the transport reports to the core: connection_reused from curl's
     * count of new connections, and a new connection when the core asks
     * for one (fresh_connection, after a kept connection was found closed).
     */
    public function testTheTransportReportsReuseAndOpensAFreshConnectionWhenTold(): void
    {
        $server = self::server();
        $server->load([self::SUCCESS]);
        /** @var array{method: string, url: string, headers: array<string, string>, body: string, policy: array{timeout_ms: int, max_answer_bytes: int}} $signed */
        $signed = PaySign::call('payway.sign', ['operation' => 'check_transaction', 'output' => 'send', 'base_url' => $server->url,
            'credentials' => self::CREDENTIALS, 'params' => ['tran_id' => 'T1']]);
        $transport = new Transport();
        $reused = [];
        foreach ([false, false, true, false] as $fresh) {
            $outcome = $transport->attempt($signed, $fresh, []);
            self::assertSame(['answered', 200], [$outcome['sent'], $outcome['http_status'] ?? null]);
            $reused[] = $outcome['connection_reused'];
        }
        self::assertSame([false, true, false, true], $reused);
        self::assertSame(['connections' => 2, 'requests' => 4, 'redirected' => 0], $server->counts());
        $transport->close();
        self::assertFalse($transport->attempt($signed, false, [])['connection_reused']);
        self::assertSame(3, $server->counts()['connections'], 'close() dropped the connection');
    }

    /**
     * docs/envelope.md's number rule reaches PHP as it is: amounts and every
     * number that is not an integer of up to 15 digits are strings of their
     * exact text, never floats.
     */
    public function testNumbersInAnswersAreExactDecimals(): void
    {
        $server = self::server();
        $server->load([['answer' => ['status' => 200, 'headers' => ['Content-Type' => 'application/json'],
            'body' => '{"grand_total":10,"total_refunded":1.5,"fee":0.10,"count":7,"big":1234567890123456789012,'
                . '"rate":4.1e3,"status":{"code":"00","message":"Success!"}}']]]);
        $value = self::refund(self::payway())['value'];
        self::assertSame(['grand_total' => '10', 'total_refunded' => '1.5', 'fee' => '0.10', 'count' => 7,
            'big' => '1234567890123456789012', 'rate' => '4.1e3', 'status' => ['code' => '00', 'message' => 'Success!']], $value);
    }
}
