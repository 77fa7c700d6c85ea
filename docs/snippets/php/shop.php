<?php

// The shop's endpoint for PayWay's pushbacks (the URL given as return_url),
// as a PHP page: it reads at most 1 MiB of body whatever Content-Length says
// (a pushback is a few hundred bytes), checks the X-PayWay-HMAC-SHA512
// header, then confirms with check_transaction before fulfilling (a valid
// header is evidence, not proof of payment), and answers 2xx. Each pushback
// it took is a line of pushbacks.log. Configuration: PayWay::fromEnv().

declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

use PaySign\PaySignError;
use PaySign\PayWay;
use PaySign\PayWayError;

if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'POST') {
    http_response_code(405);
    header('Allow: POST');
    return;
}
// The body, bounded: a Content-Length that is not a number is refused, one over the limit is refused unread,
// and without one (chunked) reading stops one byte past the limit.
$maxBody = 1 << 20;
$length = $_SERVER['CONTENT_LENGTH'] ?? '';
if ($length !== '' && preg_match('/^\d+$/', $length) !== 1) {
    http_response_code(400);
    echo "bad Content-Length\n";
    return;
}
$body = $length !== '' && (\strlen(ltrim($length, '0')) > 7 || (int) $length > $maxBody) ? false
    : stream_get_contents(fopen('php://input', 'rb'), $maxBody + 1);
if ($body === false || \strlen($body) > $maxBody) {
    http_response_code(413);
    echo "a pushback is at most 1 MiB\n";
    return;
}
try {
    $payway = PayWay::fromEnv(); // PAYWAY_MERCHANT_ID, PAYWAY_API_KEY, PAYWAY_BASE_URL (the mock's URL; unset: PayWay itself)
} catch (PaySignError $e) {
    http_response_code(500);
    echo 'not configured: ', $e->getField(), "\n"; // the variable's name, never a value
    return;
}
try {
    $callback = $payway->verifyCallback($body, $_SERVER['HTTP_X_PAYWAY_HMAC_SHA512'] ?? null);
} catch (PaySignError $e) {
    http_response_code(401);
    echo 'invalid pushback: ', $e->getErrorCode(), "\n";
    return;
}
try {
    $check = $payway->send('check_transaction', ['tran_id' => $callback['tran_id']]);
    $status = $check['payment_status']['status'] ?? '';
} catch (PayWayError | PaySignError $e) {
    $status = 'unconfirmed: ' . $e->getErrorCode(); // not confirmed now: recorded, to check again later
}
// Fulfil the order here when $status is APPROVED (once: PayWay may send a pushback more than once).
file_put_contents(__DIR__ . '/pushbacks.log', json_encode(['tran_id' => $callback['tran_id'], 'status' => $callback['status'],
    'apv' => $callback['apv'], 'confirmed' => $status]) . "\n", FILE_APPEND | LOCK_EX);
echo "OK\n";
