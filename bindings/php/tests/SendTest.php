<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PaySignError;
use PaySign\PayWay;
use PaySign\PayWayError;
use PHPUnit\Framework\TestCase;

/**
 * PayWay::send(), verifyCallback() and signCallback() end to end, against
 * the real `paysign mock` binary (started here on 127.0.0.1:0, stopped at
 * the end) and a pushback endpoint served by `php -S 127.0.0.1:0`: the
 * loop an integrator lives in, the answers decoded, PayWay's refusals as
 * PayWayError, which requests are repeated and which never are, timeouts
 * and connection failures.
 */
final class SendTest extends TestCase
{
    use CatchesErrors;

    private static ?Mock $mock = null;
    private static ?Receiver $receiver = null;

    public static function setUpBeforeClass(): void
    {
        if (!\extension_loaded('curl')) {
            self::fail('PayWay::send() needs ext-curl: make test-php installs php8.2-curl');
        }
        if (Mock::binary() === null) {
            self::markTestSkipped('no paysign binary: make test-php builds it (or set PAYSIGN_CLI)');
        }
        self::$mock = Mock::start();
        self::$receiver = Receiver::start();
    }

    public static function tearDownAfterClass(): void
    {
        self::$mock?->stop();
        self::$receiver?->stop();
        self::$mock = self::$receiver = null;
    }

    private static function mock(): Mock
    {
        return self::$mock ?? throw new \LogicException('no mock');
    }

    private static function receiver(): Receiver
    {
        return self::$receiver ?? throw new \LogicException('no receiver');
    }

    /** A tran_id of at most 20 characters, new for each call. */
    private static function tranId(string $prefix): string
    {
        return $prefix . '-' . bin2hex(random_bytes(4));
    }

    /** @param array<mixed> $answer */
    private static function assertPaymentStatus(string $status, array $answer): void
    {
        self::assertTrue($answer['ok']);
        self::assertSame('00', $answer['code']);
        self::assertSame($status, $answer['payment_status']['status'] ?? null, json_encode($answer) ?: '');
    }

    public function testPurchaseApprovePushbackCheckRefundsAndClose(): void
    {
        $mock = self::mock();
        $payway = $mock->payway();
        $tranId = self::tranId('ORDER');
        $pushbackUrl = self::receiver()->url . '/payway/pushback';

        // purchase: multipart/form-data built from the signed fields
        $answer = $payway->send('purchase', ['tran_id' => $tranId, 'amount' => '10.00', 'currency' => 'USD',
            'items' => [['name' => 'Iced latte', 'quantity' => 4, 'price' => '2.50']], 'return_url' => $pushbackUrl,
            'return_params' => 'order=1001']);
        self::assertSame(['ok' => true, 'code' => '00', 'message' => 'Success!', 'meaning' => 'success', 'category' => 'success',
            'retryable' => false, 'http_status' => 200], array_slice($answer, 0, 7));
        self::assertSame($tranId, $answer['value']['status']['tran_id']);
        [$received] = $mock->requests('purchase', $tranId);
        self::assertStringStartsWith('multipart/form-data; boundary=', $received['content_type']);
        self::assertTrue($received['verified']);
        self::assertSame($pushbackUrl, $received['params']['return_url']);
        self::assertPaymentStatus('PENDING', $payway->send('check_transaction', ['tran_id' => $tranId]));

        // the payer pays; the mock POSTs the signed pushback to return_url
        $approved = $mock->approve($tranId);
        self::assertTrue($approved['pushback_delivered'], json_encode($approved) ?: '');
        $pushbacks = array_values(array_filter(self::receiver()->pushbacks(),
            static fn (array $p): bool => str_contains($p['body'], $tranId)));
        self::assertCount(1, $pushbacks);
        [$pushback] = $pushbacks;
        self::assertStringStartsWith('application/json', $pushback['content_type']);
        $callback = $payway->verifyCallback($pushback['body'], $pushback['signature']);
        self::assertTrue($callback['valid']);
        self::assertSame([$tranId, '0', 'order=1001'], [$callback['tran_id'], $callback['status'], $callback['return_params']]);
        self::assertMatchesRegularExpression('/^\d{6}$/', $callback['apv']);
        self::assertSame($approved['transaction']['apv'], $callback['apv']);
        self::assertSame($tranId, $callback['values']['tran_id']);
        // signCallback makes the header the mock sent
        self::assertSame($pushback['signature'], $payway->signCallback($pushback['body']));
        // a forged or unsigned pushback is refused
        $forged = str_replace('"status":"0"', '"status":"3"', $pushback['body']);
        self::assertNotSame($forged, $pushback['body']);
        self::assertSame('signature_mismatch', self::errorOf(static fn () => $payway->verifyCallback($forged, $pushback['signature']))->getErrorCode());
        self::assertSame('signature_missing', self::errorOf(static fn () => $payway->verifyCallback($pushback['body'], null))->getErrorCode());
        self::assertSame('signature_mismatch', self::errorOf(static fn () => (new PayWay('ec000002', 'TEST_ONLY_another_key'))
            ->verifyCallback($pushback['body'], $pushback['signature']))->getErrorCode());

        self::assertPaymentStatus('APPROVED', $payway->send('check_transaction', ['tran_id' => $tranId]));

        // a partial refund, then one beyond what is left
        $refund = $payway->send('refund', ['tran_id' => $tranId, 'refund_amount' => '4.00']);
        self::assertSame(['00', 'success', 200], [$refund['code'], $refund['category'], $refund['http_status']]);
        self::assertSame('REFUNDED', $refund['value']['transaction_status']);
        $e = self::payWayErrorOf(static fn () => $payway->send('refund', ['tran_id' => $tranId, 'refund_amount' => '6.01']));
        self::assertSame(['refund', 'PTL37', 'declined', 403, false], [$e->getOperation(), $e->getErrorCode(), $e->getCategory(),
            $e->getHttpStatus(), $e->isRetryable()]);
        self::assertNotSame('', $e->getMeaning());
        self::assertNotSame('', $e->getPayWayMessage());
        self::assertSame('PTL37', $e->getResponse()['value']['status']['code']);
        self::assertFalse($e->getResponse()['ok']);
        self::assertStringStartsWith('paysign: payway refund: PTL37: ', $e->getMessage());
        self::assertStringEndsWith('(declined)', $e->getMessage());
        self::assertCount(2, $mock->requests('refund', $tranId), 'a refused refund is not repeated');
        self::assertPaymentStatus('REFUNDED', $payway->send('check_transaction', ['tran_id' => $tranId]));

        // another purchase, closed before it is paid
        $second = self::tranId('ORDER');
        self::assertSame('00', $payway->send('purchase', ['tran_id' => $second, 'amount' => '3.00', 'currency' => 'USD'])['code']);
        $closed = $payway->send('close_transaction', ['tran_id' => $second]);
        self::assertSame(['00', 'success'], [$closed['code'], $closed['category']]);
        self::assertPaymentStatus('CANCELLED', $payway->send('check_transaction', ['tran_id' => $second]));
        // closing the paid one is refused
        $e = self::payWayErrorOf(static fn () => $payway->send('close_transaction', ['tran_id' => $tranId]));
        self::assertSame(['2', 'declined'], [$e->getErrorCode(), $e->getCategory()]);
    }

    public function testAWrongApiKeyIsAWrongHash(): void
    {
        $mock = self::mock();
        $tranId = self::tranId('WRONGKEY');
        $mock->payway()->send('purchase', ['tran_id' => $tranId, 'amount' => '1.00', 'currency' => 'USD']);
        $wrong = $mock->payway(['apiKey' => 'TEST_ONLY_not_the_merchants_key']);
        $e = self::payWayErrorOf(static fn () => $wrong->send('check_transaction', ['tran_id' => $tranId]));
        self::assertSame(['5', 'wrong_hash', 403, false], [$e->getErrorCode(), $e->getCategory(), $e->getHttpStatus(), $e->isRetryable()]);
        $e = self::payWayErrorOf(static fn () => $wrong->send('refund', ['tran_id' => $tranId, 'refund_amount' => '1.00']));
        self::assertSame(['PTL02', 'wrong_hash', 403], [$e->getErrorCode(), $e->getCategory(), $e->getHttpStatus()]);
        // one attempt each: a wrong hash is not retryable, even for a query
        self::assertCount(1, $mock->requests('check_transaction', $tranId));
        self::assertFalse($mock->requests('check_transaction', $tranId)[0]['verified']);
        self::assertStringNotContainsString('TEST_ONLY_not_the_merchants_key', (string) $e . print_r($e->getResponse(), true));
    }

    public function testMoneyMovingOperationsAreNeverRetried(): void
    {
        $mock = self::mock();
        $payway = $mock->payway(['retryBackoff' => 0.01]);
        $tranId = self::tranId('NORETRY');
        $payway->send('purchase', ['tran_id' => $tranId, 'amount' => '10.00', 'currency' => 'USD']);
        $mock->approve($tranId);

        $seq = $mock->lastSeq();
        $mock->fault('refund', 'server_error', 3, 503);
        // a 5xx on a refund: whether PayWay processed it is unknown
        $e = self::errorOf(static fn () => $payway->send('refund', ['tran_id' => $tranId, 'refund_amount' => '1.00']));
        self::assertSame(['outcome_unknown', PaySignError::CONFIRM_FIRST], [$e->getErrorCode(), $e->getNext()]);
        self::assertStringContainsString('confirm with check_transaction', $e->getMessage());
        $response = $e->getResponse();
        self::assertNotNull($response);
        self::assertSame(['', 'gateway_error', 503, false], [$response['code'], $response['category'], $response['http_status'], $response['retryable']]);
        self::assertIsString($response['value'], 'the proxy page, as text');
        self::assertCount(1, $mock->requests('refund', null, $seq), 'a refund after a 5xx is never repeated');

        // a rate limit is retryable (PayWay did not process it), but send() still leaves it to the caller
        $mock->helper('DELETE', '/__mock/faults');
        $mock->fault('refund', 'rate_limit', 3);
        $e = self::payWayErrorOf(static fn () => $payway->send('refund', ['tran_id' => $tranId, 'refund_amount' => '1.00']));
        self::assertSame(['429', 'rate_limited', true], [$e->getErrorCode(), $e->getCategory(), $e->isRetryable()]);
        self::assertCount(2, $mock->requests('refund', null, $seq));
        $mock->helper('DELETE', '/__mock/faults');

        // purchases neither
        $mock->fault('purchase', 'server_error', 3);
        $other = self::tranId('NORETRY');
        $e = self::errorOf(static fn () => $payway->send('purchase', ['tran_id' => $other, 'amount' => '1.00', 'currency' => 'USD']));
        self::assertSame(['outcome_unknown', PaySignError::CONFIRM_FIRST], [$e->getErrorCode(), $e->getNext()]);
        self::assertCount(1, $mock->requests('purchase', $other));
        $mock->helper('DELETE', '/__mock/faults');
        self::assertCheckStatus($payway, $tranId, 'APPROVED');
    }

    private static function assertCheckStatus(PayWay $payway, string $tranId, string $status): void
    {
        self::assertPaymentStatus($status, $payway->send('check_transaction', ['tran_id' => $tranId]));
    }

    public function testQueriesAreRetriedOnARetryableAnswer(): void
    {
        $mock = self::mock();
        $payway = $mock->payway(['retryBackoff' => 0.01]);
        $tranId = self::tranId('RETRY');
        $payway->send('purchase', ['tran_id' => $tranId, 'amount' => '2.00', 'currency' => 'USD']);

        // two 5xx, then the answer: the default two retries are enough
        $mock->fault('check_transaction', 'server_error', 2, 502);
        self::assertCheckStatus($payway, $tranId, 'PENDING');
        $attempts = $mock->requests('check_transaction', $tranId);
        self::assertSame([502, 502, 200], array_column($attempts, 'http_status'));

        // a rate limit too, after pauses of 0.01 s and 0.02 s
        $mock->fault('check_transaction', 'rate_limit', 2);
        $start = microtime(true);
        self::assertCheckStatus($payway, $tranId, 'PENDING');
        self::assertGreaterThanOrEqual(0.03, microtime(true) - $start);
        self::assertSame([403, 403, 200], array_column(\array_slice($mock->requests('check_transaction', $tranId), 3), 'http_status'));

        // more failures than retries: the last answer is thrown
        $mock->fault('check_transaction', 'server_error', 5);
        $e = self::payWayErrorOf(static fn () => $payway->send('check_transaction', ['tran_id' => $tranId], ['query_retries' => 1]));
        self::assertSame(['gateway_error', 500, true], [$e->getCategory(), $e->getHttpStatus(), $e->isRetryable()]);
        self::assertStringNotContainsString('confirm with check_transaction', $e->getMessage());
        self::assertCount(8, $mock->requests('check_transaction', $tranId), '6 before, 2 attempts now');
        $mock->helper('DELETE', '/__mock/faults');

        // query_retries 0: one attempt
        $mock->fault('check_transaction', 'server_error', 1);
        $none = $mock->payway(['queryRetries' => 0]);
        self::payWayErrorOf(static fn () => $none->send('check_transaction', ['tran_id' => $tranId]));
        self::assertCount(9, $mock->requests('check_transaction', $tranId));
        $mock->helper('DELETE', '/__mock/faults');
    }

    public function testLinkCardRedirectIsReturnedNotFollowed(): void
    {
        $mock = self::mock();
        $requestId = 'REQ' . strtoupper(bin2hex(random_bytes(5)));
        $answer = $mock->payway()->send('link_card', ['ctid' => 'CUST00001', 'request_id' => $requestId, 'token_flag' => 'CITR_FIX',
            'currency' => 'USD']);
        self::assertSame([true, 302, 'success'], [$answer['ok'], $answer['http_status'], $answer['category']]);
        self::assertStringStartsWith($mock->url . '/__mock/add-card/', $answer['location'] ?? '');
        [$received] = $mock->requests('link_card');
        self::assertSame('application/x-www-form-urlencoded', $received['content_type']);
        self::assertTrue($received['verified']);
    }

    public function testCreatePaymentLinkIsMultipartAndAnswersWithTheLink(): void
    {
        $mock = self::mock();
        $payway = $mock->payway();
        $answer = $payway->send('create_payment_link', ['title' => 'Table 4', 'amount' => '12.50', 'currency' => 'USD',
            'expired_date' => (string) (time() + 3600), 'merchant_ref_no' => 'REF-' . bin2hex(random_bytes(3))]);
        self::assertSame('00', $answer['code']);
        $id = $answer['value']['data']['id'];
        self::assertSame('OPEN', $payway->send('payment_link_detail', ['id' => $id])['value']['data']['status']);
        $received = $mock->requests('create_payment_link');
        self::assertStringStartsWith('multipart/form-data', end($received)['content_type']);
    }

    public function testSignUsesTheBaseUrlToo(): void
    {
        $mock = self::mock();
        $signed = $mock->payway()->sign('refund', ['tran_id' => 'T1', 'refund_amount' => '1.00']);
        self::assertSame($mock->url . '/api/merchant-portal/merchant-access/online-transaction/refund', $signed['url']);
        $remote = new PayWay('ec000002', 'TEST_ONLY_k', baseUrl: 'http://payway.example');
        $e = self::errorOf(static fn () => $remote->sign('check_transaction', ['tran_id' => 'T1']));
        self::assertSame(['PTL05', 'base_url'], [$e->getErrorCode(), $e->getField()]);
        $e = self::errorOf(static fn () => $remote->send('check_transaction', ['tran_id' => 'T1']));
        self::assertSame(['PTL05', 'base_url'], [$e->getErrorCode(), $e->getField()]);
    }

    public function testATimeoutSaysWhetherTheOutcomeIsKnown(): void
    {
        $mock = self::mock();
        $payway = $mock->payway(['timeout' => 0.3, 'queryRetries' => 0]);
        $tranId = self::tranId('SLOW');
        $mock->payway()->send('purchase', ['tran_id' => $tranId, 'amount' => '5.00', 'currency' => 'USD']);
        $mock->approve($tranId);

        $mock->fault('refund', 'delay', 1, 0, 1500);
        $start = microtime(true);
        $e = self::errorOf(static fn () => $payway->send('refund', ['tran_id' => $tranId, 'refund_amount' => '1.00']));
        self::assertLessThan(1.2, microtime(true) - $start);
        self::assertSame(['timeout', PaySignError::CONFIRM_FIRST], [$e->getErrorCode(), $e->getNext()]);
        self::assertStringContainsString('no complete answer within 0.3 s', $e->getMessage());
        self::assertStringContainsString('whether PayWay processed it is unknown: confirm with check_transaction', $e->getMessage());
        self::assertNull($e->getResponse());

        $mock->fault('check_transaction', 'delay', 1, 0, 1500);
        $e = self::errorOf(static fn () => $payway->send('check_transaction', ['tran_id' => $tranId]));
        self::assertSame(['timeout', PaySignError::SEND_AGAIN], [$e->getErrorCode(), $e->getNext()]);
        self::assertStringContainsString('a query changes nothing, so sending it again is safe', $e->getMessage());
        // the per-call timeout wins over the object's
        $mock->fault('check_transaction', 'delay', 1, 0, 500);
        self::assertSame('00', $payway->send('check_transaction', ['tran_id' => $tranId], ['timeout' => 5])['code']);
    }

    public function testNothingListeningIsNotSent(): void
    {
        $server = stream_socket_server('tcp://127.0.0.1:0');
        self::assertIsResource($server);
        $address = (string) stream_socket_get_name($server, false);
        fclose($server);
        $payway = new PayWay('ec000002', 'TEST_ONLY_k', self::mock()->rsaPublicKey, baseUrl: "http://$address");
        $e = self::errorOf(static fn () => $payway->send('refund', ['tran_id' => 'T1', 'refund_amount' => '1.00']));
        self::assertSame(['not_sent', PaySignError::SEND_AGAIN], [$e->getErrorCode(), $e->getNext()]);
        self::assertStringContainsString('PayWay did not receive it, so sending it again is safe', $e->getMessage());
    }

    /** send() writes payway.sign's method, URL, headers and body byte for byte: multipart, JSON and form. */
    public function testTheBytesOnTheWireAreTheCoresOwn(): void
    {
        $receiver = self::receiver();
        $payway = new PayWay('ec000002', 'TEST_ONLY_k', baseUrl: $receiver->url, queryRetries: 0);
        foreach ([
            'purchase' => [['tran_id' => 'WIRE-1', 'amount' => '10.00', 'currency' => 'USD', 'firstname' => "S\u{00F3}k \"D\"",
                'items' => [['name' => 'Latte', 'quantity' => 1, 'price' => '10.00']]], '~name="req_time"\r\n\r\n(\d{14})\r\n~'],
            'check_transaction' => [['tran_id' => 'WIRE-2'], '~"req_time":"(\d{14})"~'],
            'link_card' => [['ctid' => 'CUST00001', 'request_id' => 'REQ00001', 'token_flag' => 'CITR_FIX', 'currency' => 'USD'], '~request_time=(\d{14})~'],
        ] as $operation => [$params, $time]) {
            $before = \count($receiver->requests());
            self::errorOf(static fn () => $payway->send($operation, $params)); // a 404 page: not PayWay's
            $received = $receiver->requests();
            self::assertCount($before + 1, $received, $operation);
            $got = end($received);
            self::assertSame(1, preg_match($time, $got['body'], $m), "$operation: {$got['body']}");
            $signed = $payway->sign($operation, $params, $m[1]);
            self::assertSame(['POST', (string) parse_url($signed['url'], PHP_URL_PATH)], [$got['method'], $got['uri']], $operation);
            self::assertSame($signed['body'], $got['body'], $operation);
            foreach ($signed['headers'] as $name => $value) {
                self::assertSame($value, $got['headers'][strtolower($name)] ?? null, "$operation: $name");
            }
            self::assertSame((string) \strlen($signed['body']), $got['headers']['content-length'], $operation);
            self::assertArrayNotHasKey('expect', $got['headers']);
            self::assertArrayNotHasKey('transfer-encoding', $got['headers']);
        }
    }

    public function testAnHtml404IsNotPayWaysAnswer(): void
    {
        // the pushback endpoint answers anything but /payway/pushback with a 404 HTML page
        $payway = new PayWay('ec000002', 'TEST_ONLY_k', self::mock()->rsaPublicKey, baseUrl: self::receiver()->url, retryBackoff: 0.01);
        $e = self::errorOf(static fn () => $payway->send('check_transaction', ['tran_id' => 'T1']));
        self::assertSame(['transport_failed', PaySignError::SEND_AGAIN], [$e->getErrorCode(), $e->getNext()]);
        $e = self::errorOf(static fn () => $payway->send('refund', ['tran_id' => 'T1', 'refund_amount' => '1.00']));
        self::assertSame(['outcome_unknown', PaySignError::CONFIRM_FIRST], [$e->getErrorCode(), $e->getNext()]);
        $response = $e->getResponse();
        self::assertNotNull($response);
        self::assertSame([false, 404, 'outcome_unknown'], [$response['ok'], $response['http_status'], $response['category']]);
        self::assertStringContainsString('404 Not Found', $response['value']);
    }

    public function testAnswersThatAreNotUtf8OrAtTheSizeLimit(): void
    {
        $receiver = self::receiver();
        $payway = new PayWay('ec000002', 'TEST_ONLY_k', self::mock()->rsaPublicKey, baseUrl: $receiver->url, queryRetries: 0);
        // a proxy's 502 page in Latin-1 to a query: PayWay's gateway error, the page as text (invalid UTF-8 replaced)
        $receiver->answerNext(502, 'text/html; charset=iso-8859-1', "<html>Passerelle d\xe9faillante</html>");
        $e = self::payWayErrorOf(static fn () => $payway->send('check_transaction', ['tran_id' => 'T1']));
        self::assertSame(['gateway_error', 502, true], [$e->getCategory(), $e->getHttpStatus(), $e->isRetryable()]);
        self::assertSame("<html>Passerelle d\u{FFFD}faillante</html>", $e->getResponse()['value']);
        // exactly policy.max_answer_bytes (640 KiB) of HTML, the worst case for JSON escaping: read, and not PayWay's
        $receiver->answerNext(200, 'text/html', '"', 640 << 10);
        $e = self::errorOf(static fn () => $payway->send('close_transaction', ['tran_id' => 'T1']));
        self::assertSame(['outcome_unknown', PaySignError::CONFIRM_FIRST], [$e->getErrorCode(), $e->getNext()]);
        self::assertSame(640 << 10, \strlen((string) ($e->getResponse()['value'] ?? '')), 'the whole answer was read');
        // one byte more: not read at all
        $receiver->answerNext(200, 'text/html', '"', (640 << 10) + 1);
        $e = self::errorOf(static fn () => $payway->send('close_transaction', ['tran_id' => 'T1']));
        self::assertSame(['outcome_unknown', PaySignError::CONFIRM_FIRST], [$e->getErrorCode(), $e->getNext()]);
        self::assertStringContainsString('HTTP 200: an answer over 640 KiB, not read', $e->getMessage());
        self::assertNull($e->getResponse());
    }

    public function testOptionsAreChecked(): void
    {
        $payway = self::mock()->payway();
        foreach ([
            [['timeout' => '30'], 'options.timeout'],
            [['timeout' => NAN], 'options.timeout'],
            [['timeout' => -1], 'policy.timeout_ms'],
            [['query_retries' => -1], 'policy.query_retries'],
            [['query_retries' => 11], 'policy.query_retries'],
            [['retry_backoff' => -0.1], 'policy.retry_backoff_ms'],
            [['curl_options' => 'x'], 'options.curl_options'],
            [['curl_options' => [-42 => true]], 'options.curl_options'],
            [['retries' => 1], 'options'],
        ] as [$options, $field]) {
            $e = self::errorOf(static fn () => $payway->send('check_transaction', ['tran_id' => 'T1'], $options));
            self::assertSame(['malformed_request', $field], [$e->getErrorCode(), $e->getField()], json_encode($options) ?: '');
        }
        $e = self::errorOf(static fn () => new PayWay('ec000002', 'k', timeout: INF));
        self::assertSame(['malformed_request', 'timeout'], [$e->getErrorCode(), $e->getField()]);
        // the ranges are the core's, at send()
        $e = self::errorOf(static fn () => self::mock()->payway(['queryRetries' => 11])->send('check_transaction', ['tran_id' => 'T1']));
        self::assertSame(['malformed_request', 'policy.query_retries'], [$e->getErrorCode(), $e->getField()]);
        // a float in the parameters is refused before anything is sent
        $count = \count(self::mock()->requests());
        $e = self::errorOf(static fn () => $payway->send('refund', ['tran_id' => 'T1', 'refund_amount' => 1.5]));
        self::assertSame(['float_not_allowed', 'params.refund_amount'], [$e->getErrorCode(), $e->getField()]);
        self::assertCount($count, self::mock()->requests());
        // curl options the caller may set (a proxy would go here) are applied: a 10-byte size
        // limit breaks the answer after the request went out, each of the query's three attempts
        $e = self::errorOf(static fn () => $payway->send('exchange_rate', [], ['curl_options' => [CURLOPT_MAXFILESIZE => 10],
            'retry_backoff' => 0.01]));
        self::assertSame(['transport_failed', PaySignError::SEND_AGAIN], [$e->getErrorCode(), $e->getNext()], $e->getMessage());
        self::assertCount($count + 3, self::mock()->requests());
        // but not paysign's own: the URL, method, headers, body, deadline and "no redirects" stay send()'s
        $answer = $payway->send('exchange_rate', [], ['curl_options' => [CURLOPT_URL => 'http://127.0.0.1:9/elsewhere',
            CURLOPT_CUSTOMREQUEST => 'GET', CURLOPT_NOBODY => true, CURLOPT_POSTFIELDS => 'x', CURLOPT_HTTPHEADER => ['Content-Type: text/plain'],
            CURLOPT_TIMEOUT_MS => 1, CURLOPT_FOLLOWLOCATION => true, CURLOPT_USERAGENT => 'overridden']]);
        self::assertSame('00', $answer['code']);
        $received = self::mock()->requests('exchange_rate');
        self::assertTrue(end($received)['verified'], 'the signed body arrived');
    }

    /** make demo-mock-php: the example (and its pushback handler) works and prints no key. */
    public function testTheMockDemoRuns(): void
    {
        $binary = Mock::binary();
        self::assertNotNull($binary);
        $process = proc_open(['timeout', '120', PHP_BINARY, dirname(__DIR__) . '/examples/demo_mock.php', $binary],
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        self::assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        self::assertSame(0, proc_close($process), $out . $err);
        self::assertStringContainsString('verifyCallback accepts its X-PayWay-HMAC-SHA512; check_transaction in the handler: APPROVED', $out);
        self::assertStringContainsString("\$payway->send('refund', {\"tran_id\":\"DEMO-PHP-1001\",\"refund_amount\":\"6.01\"})\n  PayWayError: HTTP 403  code PTL37", $out);
        self::assertStringContainsString("PHP mock loop: every answer as PayWay documents it", $out);
        self::assertFalse(str_contains($out . $err, self::mock()->apiKey), 'the demo printed the API key');
    }

    public function testClosedObjectsSendNothing(): void
    {
        $payway = self::mock()->payway();
        $payway->close();
        foreach ([
            static fn () => $payway->send('check_transaction', ['tran_id' => 'T1']),
            static fn () => $payway->verifyCallback('{}', 'x'),
            static fn () => $payway->signCallback('{}'),
        ] as $call) {
            self::assertSame('closed', self::errorOf($call)->getErrorCode());
        }
    }
}
