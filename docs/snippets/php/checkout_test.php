<?php

// php checkout_test.php: the checkout against the mock started above (the
// variables of its export line), with shop.php taking the pushbacks under
// PHP's built-in server. One line per check; exit status 1 at the first failure.

declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

use PaySign\PayWay;

function check(bool $ok, string $what): void
{
    echo $ok ? 'ok' : 'FAILED', " - $what\n";
    $ok || exit(1);
}

/** POSTs $body to $url: [the HTTP status, the answer decoded from JSON]. */
function post(string $url, string $body = '', array $headers = []): array
{
    $http = ['method' => 'POST', 'header' => $headers, 'content' => $body, 'ignore_errors' => true];
    $answer = file_get_contents($url, false, stream_context_create(['http' => $http]));
    return [(int) explode(' ', $http_response_header[0])[1], json_decode((string) $answer, true)];
}

// shop.php on a free port; FFI is for the command line only unless enabled (ffi.enable=1, or preloading in PHP-FPM).
$server = proc_open([PHP_BINARY, '-d', 'ffi.enable=1', '-S', '127.0.0.1:0', __DIR__ . '/shop.php'], [2 => ['pipe', 'w']], $pipes);
register_shutdown_function(static fn () => proc_terminate($server));
preg_match('~\((http://127\.0\.0\.1:\d+)\) started~', (string) fgets($pipes[2]), $started) === 1 || exit("php -S did not start\n");
$shop = "$started[1]/payway/pushback";
@unlink(__DIR__ . '/pushbacks.log');

$payway = PayWay::fromEnv();
$order = 'ORDER-' . bin2hex(random_bytes(4)); // a new one each run: the mock keeps its transactions
$payway->send('purchase', ['tran_id' => $order, 'amount' => '10.00', 'currency' => 'USD', 'return_url' => $shop]);
[, $approved] = post(getenv('PAYSIGN_MOCK_URL') . "/__mock/transactions/$order/approve"); // the payer pays
check($approved['pushback_delivered'] === true, 'the mock sent shop.php a signed pushback');
$taken = json_decode(file(__DIR__ . '/pushbacks.log')[0], true);
check($taken['tran_id'] === $order && $taken['confirmed'] === 'APPROVED', 'shop.php verified it and confirmed the payment');
check($payway->send('check_transaction', ['tran_id' => $order])['payment_status']['status'] === 'APPROVED', 'check_transaction: APPROVED');

// shop.php alone, given a pushback signed as PayWay signs it (ORDER-1003: a paid fixture of the mock)
$body = '{"tran_id":"ORDER-1003","apv":"100103","status":"0","return_params":"","merchant_ref":""}';
$signature = 'X-PayWay-HMAC-SHA512: ' . $payway->signCallback($body);
check(post($shop, $body, [$signature])[0] === 200, 'a signed pushback: 200');
check(post($shop, str_replace('100103', '999999', $body), [$signature])[0] === 401, 'a changed body: 401');
echo "all checks passed\n";
