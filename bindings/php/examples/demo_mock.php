<?php

// make demo-mock-php: the loop an integrator lives in, through the PHP
// package against `paysign mock` (started here on 127.0.0.1:0 and stopped at
// the end), with a pushback endpoint (the README's shop.php under `php -S`):
// purchase, the payer approves, the signed pushback verified by the
// handler, check, refunds, close, a wrong API key, a 5xx on a refund (an
// unknown outcome: not repeated, confirm first) and on a query (repeated).
// Prints each step; never a key.
// Usage: php demo_mock.php PATH/TO/paysign

declare(strict_types=1);

require dirname(__DIR__) . '/preload.php';

use PaySign\PaySignError;
use PaySign\PayWay;
use PaySign\PayWayError;

$binary = $argv[1] ?? '';
if (!is_file($binary)) {
    fwrite(STDERR, "usage: php demo_mock.php PATH/TO/paysign\n");
    exit(2);
}
$children = $files = $dirs = [];
register_shutdown_function(static function () use (&$children, &$files, &$dirs): void {
    foreach ($children as $child) {
        proc_terminate($child); // SIGTERM: the mock removes its key folder
        proc_close($child);
    }
    array_map('unlink', array_filter($files, 'is_file'));
    array_map('rmdir', array_reverse($dirs));
});

// 1. paysign mock: its first lines give the URL, the TEST-ONLY merchant and its RSA public key file.
$files[] = $mockLog = tempnam(sys_get_temp_dir(), 'paysign-demo-mock-');
$mock = proc_open([$binary, 'mock', '--listen', '127.0.0.1:0', '--quiet'], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'],
    2 => ['file', $mockLog, 'w']], $pipes);
$children[] = $mock;
$banner = [];
// The URL line and the first merchant line; other lines (the export line, helpers) are not needed. The pipe stays
// open until the end: the mock must not write to a closed one.
while (\count($banner) < 4 && ($line = fgets($pipes[1])) !== false) {
    if (preg_match('~^paysign mock listening on (\S+)~', $line, $m) === 1) {
        $banner['url'] = $m[1];
    } elseif (preg_match('~^merchant_id=(\S+) api_key=(\S+) .*rsa_public_key_file=(\S+)~', $line, $m) === 1 && !isset($banner['merchant_id'])) {
        [, $banner['merchant_id'], $banner['api_key'], $banner['key_file']] = $m;
    }
}
if (\count($banner) !== 4) {
    fwrite(STDERR, "paysign mock did not start\n" . file_get_contents($mockLog));
    exit(1);
}
['url' => $url, 'merchant_id' => $merchantId, 'api_key' => $apiKey] = $banner;

// 2. The merchant's pushback endpoint: the README's shop.php (docs/snippets/php/) under php -S, in a folder of
// its own as in a user's project, whose vendor/autoload.php loads this package (as Composer's would).
$dirs[] = $shop = sys_get_temp_dir() . '/paysign-demo-shop-' . bin2hex(random_bytes(6));
$dirs[] = "$shop/vendor";
mkdir("$shop/vendor", 0700, true);
$files[] = "$shop/shop.php";
$files[] = "$shop/vendor/autoload.php";
$files[] = $log = "$shop/pushbacks.log";
copy(dirname(__DIR__, 3) . '/docs/snippets/php/shop.php', "$shop/shop.php");
file_put_contents("$shop/vendor/autoload.php", "<?php\nrequire " . var_export(dirname(__DIR__) . '/tests/bootstrap.php', true) . ";\n");
$files[] = $serverLog = tempnam(sys_get_temp_dir(), 'paysign-demo-php-s-');
$handler = proc_open([PHP_BINARY, '-d', 'ffi.enable=1', '-S', '127.0.0.1:0', "$shop/shop.php"],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', $serverLog, 'w'], 2 => ['file', $serverLog, 'a']], $pipes2, null,
    getenv() + ['PAYWAY_MERCHANT_ID' => $merchantId, 'PAYWAY_API_KEY' => $apiKey, 'PAYWAY_BASE_URL' => $url]);
$children[] = $handler;
$deadline = microtime(true) + 20;
while (preg_match('~\((http://127\.0\.0\.1:\d+)\) started~', (string) file_get_contents($serverLog), $m) !== 1) {
    if (microtime(true) > $deadline) {
        fwrite(STDERR, "php -S did not start\n");
        exit(1);
    }
    usleep(20000);
}
$pushbackUrl = $m[1] . '/payway/pushback';

/** A /__mock/ helper; returns [HTTP status, decoded answer]. */
$helper = static function (string $method, string $path, ?array $json = null) use ($url): array {
    $body = file_get_contents($url . $path, false, stream_context_create(['http' => ['method' => $method, 'ignore_errors' => true,
        'timeout' => 20, 'header' => "Content-Type: application/json\r\n", 'content' => $json === null ? '' : json_encode($json)]]));
    preg_match('~ (\d{3})~', $http_response_header[0] ?? '', $m);
    return [(int) ($m[1] ?? 0), json_decode((string) $body, true)];
};

echo "=== PHP: the mock loop: paysign mock on $url, TEST-ONLY merchant $merchantId\n";
$payway = new PayWay($merchantId, $apiKey, (string) file_get_contents($banner['key_file']), baseUrl: $url, retryBackoff: 0.05);
$failed = 0;
/** Sends one request and prints what came back; $want is "code[ STATUS]", "!code" for a PayWayError or "PaySignError code". */
$step = static function (string $want, string $operation, array $params, ?PayWay $client = null) use ($payway, &$failed): void {
    $shown = json_encode($params, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    echo "\$payway->send('$operation', $shown)\n";
    try {
        $answer = ($client ?? $payway)->send($operation, $params);
        $got = $answer['code'] . (isset($answer['payment_status']) ? ' ' . $answer['payment_status']['status'] : '');
        $line = sprintf('  HTTP %d  code %s  %s%s', $answer['http_status'], $answer['code'], $answer['category'],
            isset($answer['payment_status']) ? '  payment status ' . $answer['payment_status']['status'] : '');
    } catch (PayWayError $e) {
        $got = '!' . $e->getErrorCode();
        $line = sprintf('  PayWayError: HTTP %d  code %s  %s  (%s)%s', $e->getHttpStatus(), $e->getErrorCode() === '' ? '(none)' : $e->getErrorCode(), $e->getCategory(),
            $e->getMeaning(), $e->isRetryable() ? '  retryable' : '');
    } catch (PaySignError $e) {
        $got = 'PaySignError ' . $e->getErrorCode();
        $line = '  ' . $got . ' (next: ' . ($e->getNext() ?? '-') . '): ' . $e->getMessage();
    }
    if ($got !== $want) {
        $line .= "  FAILED: want $want";
        $failed++;
    }
    echo $line, "\n";
};
$requests = static function (string $operation) use ($helper): int {
    [, $answer] = $helper('GET', '/__mock/requests');
    return \count(array_filter($answer['requests'] ?? [], static fn (array $r): bool => ($r['operation'] ?? '') === $operation));
};

$step('00', 'purchase', ['tran_id' => 'DEMO-PHP-1001', 'amount' => '10.00', 'currency' => 'USD',
    'items' => [['name' => 'Iced latte', 'quantity' => 4, 'price' => '2.50']], 'return_url' => $pushbackUrl, 'return_params' => 'order=1001']);
$step('00 PENDING', 'check_transaction', ['tran_id' => 'DEMO-PHP-1001']);

echo "POST $url/__mock/transactions/DEMO-PHP-1001/approve        (the payer pays in the ABA app)\n";
[$status, $approved] = $helper('POST', '/__mock/transactions/DEMO-PHP-1001/approve');
$pushbacks = array_map(static fn (string $l): array => json_decode($l, true), is_file($log) ? file($log, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) : []);
if ($status === 200 && ($approved['pushback_delivered'] ?? false) && \count($pushbacks) === 1) {
    $p = $pushbacks[0];
    printf("  pushback received at %s: tran_id=%s status=%s apv=%s; verifyCallback accepts its X-PayWay-HMAC-SHA512; "
        . "check_transaction in the handler: %s\n", $pushbackUrl, $p['tran_id'], $p['status'], $p['apv'], $p['confirmed']);
    if ($p['confirmed'] !== 'APPROVED') {
        echo "  FAILED: the handler could not confirm the payment\n";
        $failed++;
    }
} else {
    echo "  FAILED: HTTP $status, no verified pushback: ", json_encode($approved['pushback'] ?? null), "\n";
    $failed++;
}
// A pushback that was not signed with the merchant's key is refused.
$forged = $payway->signCallback('{"tran_id":"DEMO-PHP-1001","apv":"000000","status":"0","return_params":"","merchant_ref":""}');
try {
    $payway->verifyCallback('{"tran_id":"DEMO-PHP-1001","apv":"999999","status":"0","return_params":"","merchant_ref":""}', $forged);
    echo "  FAILED: a forged pushback verified\n";
    $failed++;
} catch (PaySignError $e) {
    echo "\$payway->verifyCallback(a pushback whose apv was changed, its old header)\n  PaySignError: ", $e->getErrorCode(), "\n";
}

$step('00 APPROVED', 'check_transaction', ['tran_id' => 'DEMO-PHP-1001']);
$step('00', 'refund', ['tran_id' => 'DEMO-PHP-1001', 'refund_amount' => '4.00']);
$step('!PTL37', 'refund', ['tran_id' => 'DEMO-PHP-1001', 'refund_amount' => '6.01']);
$step('00 REFUNDED', 'check_transaction', ['tran_id' => 'DEMO-PHP-1001']);
$step('00', 'purchase', ['tran_id' => 'DEMO-PHP-1002', 'amount' => '3.00', 'currency' => 'USD']);
$step('00', 'close_transaction', ['tran_id' => 'DEMO-PHP-1002']);
$step('00 CANCELLED', 'check_transaction', ['tran_id' => 'DEMO-PHP-1002']);
echo "with the API key 'TEST_ONLY_not_the_merchants_key':\n";
$step('!5', 'check_transaction', ['tran_id' => 'DEMO-PHP-1001'], new PayWay($merchantId, 'TEST_ONLY_not_the_merchants_key', baseUrl: $url));

echo "POST $url/__mock/faults {\"operation\":\"refund\",\"kind\":\"server_error\",\"count\":3}\n";
$helper('POST', '/__mock/faults', ['operation' => 'refund', 'kind' => 'server_error', 'count' => 3]);
$before = $requests('refund');
$step('PaySignError outcome_unknown', 'refund', ['tran_id' => 'DEMO-PHP-1001', 'refund_amount' => '1.00']);
printf("  sent %s: a refund is never repeated; check_transaction decides what happened\n", $requests('refund') - $before === 1 ? 'once' : ($requests('refund') - $before) . ' times');
$failed += $requests('refund') - $before === 1 ? 0 : 1;
$helper('DELETE', '/__mock/faults');
echo "POST $url/__mock/faults {\"operation\":\"check_transaction\",\"kind\":\"server_error\",\"count\":2,\"status\":503}\n";
$helper('POST', '/__mock/faults', ['operation' => 'check_transaction', 'kind' => 'server_error', 'count' => 2, 'status' => 503]);
$before = $requests('check_transaction');
$step('00 REFUNDED', 'check_transaction', ['tran_id' => 'DEMO-PHP-1001']);
printf("  sent %d times: a query is repeated after a retryable answer (query_retries 2)\n", $requests('check_transaction') - $before);
$failed += $requests('check_transaction') - $before === 3 ? 0 : 1;

if ($failed > 0) {
    echo "PHP mock loop: $failed steps failed\n";
    exit(1);
}
echo "PHP mock loop: every answer as PayWay documents it; the mock and the pushback endpoint stop now\n";
