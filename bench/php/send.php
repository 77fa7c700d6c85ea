<?php
// What sending costs in PHP: 100 sequential check_transaction sends to
// paysign mock with one PayWay object, against the code a PHP user writes
// instead: hash_hmac, json_encode and one curl handle reused (its
// connection kept alive). Both build the same request: before timing, the
// hand-written body at a fixed request time must equal paysign's.
//
//   php bench/php/send.php time INPUT OUT
//   php bench/php/send.php once INPUT IMPL URL   (IMPL: paysign | keepalive; untimed)
//
// INPUT and OUT as bench/js/send.mjs (bench/run.py writes INPUT).
declare(strict_types=1);

require dirname(__DIR__, 2) . '/bindings/php/preload.php';
use PaySign\PayWay;

[, $mode, $inputPath] = $argv;
$in = json_decode((string) file_get_contents($inputPath), true, 512, JSON_THROW_ON_ERROR);
const PATH = '/api/payment-gateway/v1/payments/check-transaction-2';

// The process's CPU time (user + system) in nanoseconds.
function cpu_ns(): int
{
    $u = getrusage();
    return ($u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec']) * 1_000_000_000 + ($u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec']) * 1000;
}

function handBody(array $in, string $reqTime): string
{
    $hash = base64_encode(hash_hmac('sha512', $reqTime . $in['merchant_id'] . $in['tran_id'], $in['api_key'], true));
    return json_encode(['req_time' => $reqTime, 'merchant_id' => $in['merchant_id'], 'tran_id' => $in['tran_id'], 'hash' => $hash],
        JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
}

function client(array $in, string $impl, string $url): Closure
{
    if ($impl === 'paysign') {
        $payway = new PayWay($in['merchant_id'], $in['api_key'], $in['rsa_public_key'], baseUrl: $url);
        return fn () => $payway->send('check_transaction', ['tran_id' => $in['tran_id']]); // throws unless PayWay's success
    }
    $curl = curl_init($url . PATH);
    curl_setopt_array($curl, [CURLOPT_POST => true, CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 30,
        CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'Accept: application/json']]);
    return function () use ($curl, $in): void {
        curl_setopt($curl, CURLOPT_POSTFIELDS, handBody($in, gmdate('YmdHis')));
        $answer = json_decode((string) curl_exec($curl), true, 512, JSON_THROW_ON_ERROR);
        if (($answer['status']['code'] ?? null) !== '00') {
            throw new RuntimeException('keepalive: ' . json_encode($answer));
        }
    };
}

if ($mode === 'once') {
    $send = client($in, $argv[3], $argv[4]);
    for ($i = 0; $i < $in['sends']; $i++) {
        $send();
    }
    exit(0);
}
$at = '20261121093403';
$theirs = (new PayWay($in['merchant_id'], $in['api_key'], $in['rsa_public_key'], baseUrl: $in['url']))
    ->sign('check_transaction', ['tran_id' => $in['tran_id']], $at)['body'];
if (handBody($in, $at) !== $theirs) {
    throw new RuntimeException("the hand-written request differs:\n" . handBody($in, $at) . "\n$theirs");
}
$impls = ['paysign', 'keepalive'];
$sends = [];
$results = [];
foreach ($impls as $impl) {
    $sends[$impl] = client($in, $impl, $in['url']);
    for ($i = 0; $i < $in['warmup']; $i++) { // connections opened
        $sends[$impl]();
    }
    $results[] = ['runtime' => 'php', 'workload' => 'S1_send_check_transaction', 'impl' => $impl, 'iters' => $in['sends'], 'ns_per_op' => [], 'cpu_ns_per_op' => []];
}
for ($r = 0; $r < $in['reps']; $r++) {
    foreach ($results as &$row) {
        $send = $sends[$row['impl']];
        $cpu = cpu_ns();
        $start = hrtime(true);
        for ($i = 0; $i < $in['sends']; $i++) {
            $send();
        }
        $row['ns_per_op'][] = (hrtime(true) - $start) / $in['sends'];
        $row['cpu_ns_per_op'][] = (cpu_ns() - $cpu) / $in['sends'];
    }
    unset($row);
}
file_put_contents($argv[3], json_encode(['runtime' => 'php', 'results' => $results], JSON_THROW_ON_ERROR));
