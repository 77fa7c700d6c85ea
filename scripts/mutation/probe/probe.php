<?php
// The PHP client of probe.py: PayWay::send() through the public API.

declare(strict_types=1);

require getenv('PROBE_ROOT') . '/bindings/php/tests/bootstrap.php';

use PaySign\PayWay;

function outcome(string $baseUrl, string $operation, array $params): string
{
    $payway = new PayWay(merchantId: 'ec000002', apiKey: 'TEST_ONLY_probe_key', rsaPublicKey: (string) file_get_contents((string) getenv('PROBE_KEY')),
        baseUrl: $baseUrl);
    try {
        $payway->send($operation, $params, ['query_retries' => 2, 'retry_backoff' => 0]);
        return 'accepted';
    } catch (\Throwable) {
        return 'rejected';
    }
}

$refund = ['tran_id' => 'PROBE-1', 'refund_amount' => '1.50'];
echo json_encode([
    'refund_empty_200' => outcome((string) getenv('PROBE_EMPTY'), 'refund', $refund),
    'refund_503' => outcome((string) getenv('PROBE_REFUND_503'), 'refund', $refund),
    'check_503' => outcome((string) getenv('PROBE_CHECK_503'), 'check_transaction', ['tran_id' => 'PROBE-1']),
    'purchase_page' => outcome((string) getenv('PROBE_PAGE'), 'purchase', ['tran_id' => 'PROBE-2', 'amount' => '1.00', 'currency' => 'USD']),
]), "\n";
