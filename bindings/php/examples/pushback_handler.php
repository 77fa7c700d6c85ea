<?php

// A PayWay pushback endpoint (the page return_url or callback_url points
// at), as an integrator writes one: check the X-PayWay-HMAC-SHA512 header,
// then confirm with check_transaction before fulfilling (a valid header is
// evidence, not proof of payment), and answer 2xx.
//
// demo_mock.php serves it with `php -S` and reads what it wrote to
// $PUSHBACK_LOG. Configuration from the environment: PAYWAY_MERCHANT_ID,
// PAYWAY_API_KEY, PAYWAY_BASE_URL (the mock's URL; unset: PayWay itself).

declare(strict_types=1);

require dirname(__DIR__) . '/preload.php'; // in an application: vendor/autoload.php

use PaySign\PaySignError;
use PaySign\PayWay;
use PaySign\PayWayError;

if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
    http_response_code(405);
    header('Allow: POST');
    return;
}
$baseUrl = getenv('PAYWAY_BASE_URL');
$payway = new PayWay((string) getenv('PAYWAY_MERCHANT_ID'), (string) getenv('PAYWAY_API_KEY'),
    baseUrl: $baseUrl === false || $baseUrl === '' ? null : $baseUrl);
try {
    $callback = $payway->verifyCallback((string) file_get_contents('php://input'), $_SERVER['HTTP_X_PAYWAY_HMAC_SHA512'] ?? null);
} catch (PaySignError $e) {
    http_response_code(401);
    echo 'invalid pushback: ', $e->getErrorCode(), "\n";
    return;
}
try {
    $check = $payway->send('check_transaction', ['tran_id' => $callback['tran_id']]);
    $status = $check['payment_status']['status'] ?? '';
} catch (PayWayError | PaySignError $e) {
    $status = 'unconfirmed: ' . $e->getMessage(); // answer 5xx and let PayWay's record be checked later
}
$log = getenv('PUSHBACK_LOG');
if ($log !== false && $log !== '') {
    file_put_contents($log, json_encode(['tran_id' => $callback['tran_id'], 'status' => $callback['status'], 'apv' => $callback['apv'],
        'return_params' => $callback['return_params'], 'confirmed' => $status]) . "\n", FILE_APPEND | LOCK_EX);
}
// Fulfil the order here when $status is APPROVED (once: PayWay may send a pushback more than once).
echo "OK\n";
