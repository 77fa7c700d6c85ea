<?php

// Run by TransportTest under `php -n -d extension=ffi`: no curl extension.
// Signing and the callback helpers work; send() throws curl_missing before
// anything is signed. Prints one JSON object.

declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use PaySign\PaySignError;
use PaySign\PayWay;

$payway = new PayWay('ec000002', 'TEST_ONLY_k', baseUrl: 'http://127.0.0.1:9');
$out = ['curl_loaded' => extension_loaded('curl')];
$out['sign'] = $payway->sign('check_transaction', ['tran_id' => 'T1'], '20261121093403')['url'];
$body = '{"tran_id":"T1","apv":"123456","status":"0","return_params":"","merchant_ref":""}';
$out['callback'] = $payway->verifyCallback($body, $payway->signCallback($body))['tran_id'];
try {
    $payway->send('check_transaction', ['tran_id' => 'T1']);
    $out['send'] = 'sent';
} catch (PaySignError $e) {
    $out['send'] = $e->getErrorCode();
    $out['message'] = $e->getMessage();
}
echo json_encode($out, JSON_UNESCAPED_SLASHES), "\n";
