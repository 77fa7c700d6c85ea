<?php

declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

use PaySign\PaySignError;
use PaySign\PayWay;
use PaySign\PayWayError;

$payway = PayWay::fromEnv(); // PAYWAY_MERCHANT_ID, PAYWAY_API_KEY, PAYWAY_RSA_PUBLIC_KEY(_FILE), PAYWAY_BASE_URL
try {
    $answer = $payway->send('refund', ['tran_id' => 'ORDER-1001', 'refund_amount' => '1.50']);
    echo "{$answer['code']} {$answer['meaning']}\n";   // 00 success
} catch (PayWayError $e) {                                // PayWay refused it
    echo "{$e->getErrorCode()} {$e->getCategory()}\n";   // PTL37 declined, PTL02 wrong_hash, ...
} catch (PaySignError $e) {                               // not signed (PTL05, ...), or no verdict of PayWay's:
    echo "{$e->getErrorCode()} {$e->getNext()}\n";       // outcome_unknown confirm_first: look it up with check_transaction first
}
