<?php
// dist-check: runs in an empty Composer project where paysign/paysign came from an artifact repository.

declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

use PaySign\PaySign;
use PaySign\PaySignError;
use PaySign\PayWay;

function check(bool $ok, string $what): void
{
    if (!$ok) {
        fwrite(STDERR, "php: FAILED: $what\n");
        exit(1);
    }
}

const API_KEY = 'TEST_ONLY_dist_check_api_key'; // made up; the output must never show it
check(PaySign::VERSION === getenv('EXPECT_VERSION'), 'PaySign::VERSION is ' . PaySign::VERSION);
$publicKey = (string) file_get_contents((string) getenv('RSA_PUBLIC'));
$privateKey = (string) file_get_contents((string) getenv('RSA_PRIVATE'));

$payway = new PayWay(merchantId: 'ec000002', apiKey: API_KEY, rsaPublicKey: $publicKey);
$refund = $payway->sign('refund', ['tran_id' => 'T1001', 'refund_amount' => '1.50']);
$path = \PaySign\Library::path();
check(str_contains($path, '/vendor/paysign/paysign/lib/linux-x86_64/libpaysign.so'), "library loaded from $path");
$verified = $payway->verify('refund', $refund['fields'], $privateKey);
check($verified['merchant_auth'] === ['mc_id' => 'ec000002', 'tran_id' => 'T1001', 'refund_amount' => 1.5], 'refund round trip');

$purchase = $payway->sign('purchase', ['tran_id' => 'T1002', 'amount' => '2.50', 'currency' => 'USD',
    'items' => [['name' => 'Latte', 'quantity' => 1, 'price' => '2.50']]]);
check(hash_equals(base64_encode(hash_hmac('sha512', $purchase['hash_input'], API_KEY, true)), $purchase['hash']), 'purchase hash');
try {
    $payway->sign('refund', ['refund_amount' => '1.50']);
    check(false, 'a refund without tran_id was signed');
} catch (PaySignError $e) {
    check($e->getErrorCode() === 'PTL04' && $e->getField() === 'params.tran_id', 'PTL04');
}
echo 'php: paysign/paysign ', PaySign::VERSION, " from $path: refund round-trips through payway.verify, ",
    "purchase hash = hash_hmac('sha512'), PTL04 on a missing field\n";
