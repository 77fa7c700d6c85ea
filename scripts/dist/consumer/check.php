<?php
// dist-check: runs in an empty Composer project after `composer require
// paysign/paysign` from the local Composer repository; `php check.php mock`,
// after `composer require --dev paysign/mock` too, then starts the mock that
// PaySign\Mock\Binary::path() finds and sends to it.

declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

use PaySign\Mock\Binary;
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

if (($argv[1] ?? '') !== 'mock') {
    exit(0);
}

// As Composer leaves it when it unpacks with ZipArchive (no `unzip`): not executable.
chmod(__DIR__ . '/vendor/paysign/mock/bin/linux-x86_64/paysign', 0644);
clearstatcache();
$program = Binary::path();
check(str_ends_with($program, '/vendor/paysign/mock/bin/linux-x86_64/paysign') && is_executable($program), "program $program");
$process = proc_open([$program, 'mock', '--listen', '127.0.0.1:0', '--quiet'], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w']], $pipes);
check(is_resource($process), 'proc_open');
register_shutdown_function(static fn () => proc_terminate($process));
// The lines `paysign mock` prints when it starts (docs/mock.md, "Starting it").
$banner = [];
while (($line = fgets($pipes[1])) !== false && !str_starts_with($line, 'helpers: ')) {
    if (preg_match('/^paysign mock listening on (\S+)/', $line, $m)) {
        $banner['url'] = $m[1];
    } elseif (str_starts_with($line, 'merchant_id=') && !isset($banner['merchant_id'])) {
        foreach (explode(' ', trim($line)) as $pair) {
            [$name, $value] = array_pad(explode('=', $pair, 2), 2, '');
            $banner[$name] = $value;
        }
    }
}
check(isset($banner['url'], $banner['api_key'], $banner['rsa_public_key_file']), 'the mock printed its banner');

$payway = new PayWay(merchantId: $banner['merchant_id'], apiKey: $banner['api_key'],
    rsaPublicKey: (string) file_get_contents($banner['rsa_public_key_file']), baseUrl: $banner['url']);
$payway->send('purchase', ['tran_id' => 'ORDER-1', 'amount' => '10.00', 'currency' => 'USD']);
$approved = file_get_contents("{$banner['url']}/__mock/transactions/ORDER-1/approve", false,
    stream_context_create(['http' => ['method' => 'POST']]));
check($approved !== false, 'approve');
$status = $payway->send('check_transaction', ['tran_id' => 'ORDER-1'])['payment_status']['status'] ?? null;
check($status === 'APPROVED', "check_transaction: $status");
echo "php: paysign/mock's program ($program) answered a purchase and a check_transaction sent by PayWay::send()\n";

// vendor/bin/paysign is the program: its output, its exit status, its stdin,
// and the signals sent to the launcher.
/** @return array{int, string, string} exit status, stdout, stderr */
function launch(array $arguments): array
{
    $process = proc_open([__DIR__ . '/vendor/bin/paysign', ...$arguments], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    check(is_resource($process), 'proc_open vendor/bin/paysign');
    $out = (string) stream_get_contents($pipes[1]);
    $err = (string) stream_get_contents($pipes[2]);
    return [proc_close($process), $out, $err];
}
[$status, $out] = launch(['version']);
check($status === 0 && $out === 'paysign ' . PaySign::VERSION . " (ABI 1)\n", "vendor/bin/paysign version: $status $out");
[$status, , $err] = launch(['mock', '--no-such-flag']);
check($status === 2 && str_contains($err, 'flag provided but not defined: -no-such-flag'), "vendor/bin/paysign mock --no-such-flag: $status");
foreach (['SIGTERM', 'stdin closed'] as $stop) {
    $process = proc_open([__DIR__ . '/vendor/bin/paysign', 'mock', '--listen', '127.0.0.1:0', '--quiet', '--exit-on-stdin-close'],
        [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    check(is_resource($process), 'proc_open vendor/bin/paysign mock');
    check(preg_match('/^paysign mock listening on (\S+)/', (string) fgets($pipes[1]), $m) === 1, "$stop: the banner");
    check(file_get_contents("$m[1]/__mock/transactions") !== false, "$stop: the mock answers");
    if ($stop === 'SIGTERM') {
        proc_terminate($process, 15);
    } else {
        fclose($pipes[0]);
    }
    $err = (string) stream_get_contents($pipes[2]);
    $status = proc_close($process);
    check($status === 0 && str_contains($err, 'paysign mock: stopping'), "vendor/bin/paysign mock, $stop: exit $status, $err");
}
echo "php: vendor/bin/paysign runs the program: its output, exit status, stdin and SIGTERM\n";
