<?php

// Run by ForkTest in a fresh process:
//   php fork_scenario.php load|noload|payway-load|payway-noload
// Prints the child's outcome, its exit code and a parent call afterwards.
// payway-*: a PayWay built before the fork, used (its handle opened) in the
// parent before the fork or not; the parent signs again afterwards with the
// same object, and, for payway-load, with the same handle.

declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use PaySign\PaySign;
use PaySign\PaySignError;
use PaySign\PayWay;

$mode = $argv[1] ?? '';
$payway = new PayWay('ec000002', 'TEST_ONLY_fork_api_key');
$handle = static fn (): ?int => (fn () => $this->credentials)->call($payway)->isClosed() ? null
    : (fn () => $this->handle)->call((fn () => $this->credentials)->call($payway));
$sign = static fn (): string => $payway->sign('check_transaction', ['tran_id' => 'T1'], '20261121093403')['hash'];
$expected = base64_encode(hash_hmac('sha512', '20261121093403ec000002T1', 'TEST_ONLY_fork_api_key', true));

function outcome(?callable $sign = null, string $expected = ''): string
{
    try {
        if ($sign !== null) {
            for ($i = 0; $i < 100; $i++) {
                if ($sign() !== $expected) {
                    return 'wrong-hash';
                }
            }
            return 'ok:signed';
        }
        for ($i = 0; $i < 1000; $i++) {
            $value = PaySign::call('paysign.version', []);
        }
        return 'ok:' . $value['abi_version'];
    } catch (PaySignError $e) {
        return 'error:' . $e->getErrorCode() . ':' . (str_contains($e->getMessage(), 'fork') ? 'explained' : 'unexplained');
    }
}

if ($mode === 'load') {
    PaySign::call('paysign.version', []);
}
$before = null;
if ($mode === 'payway-load') {
    $sign();
    $before = $handle();
}
[$read, $write] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$pid = pcntl_fork();
if ($pid === 0) {
    fwrite($write, str_starts_with($mode, 'payway') ? outcome($sign, $expected) : outcome());
    exit(0); // runs the PayWay's destructor in the child: it must leave the parent's handle alone
}
fclose($write);
$deadline = microtime(true) + 30;
$exit = 'hung';
while (microtime(true) < $deadline) {
    if (pcntl_waitpid($pid, $status, WNOHANG) === $pid) {
        $exit = (string) pcntl_wexitstatus($status);
        break;
    }
    usleep(20000);
}
if ($exit === 'hung') {
    posix_kill($pid, SIGKILL);
    pcntl_waitpid($pid, $status);
}
if (str_starts_with($mode, 'payway')) {
    $after = $sign() === $expected ? 'parent-ok' : 'parent-wrong-hash';
    $same = $mode === 'payway-load' ? ($handle() === $before ? ' same-handle' : ' other-handle') : '';
    echo stream_get_contents($read), ' ', $exit, ' ', $after, $same, "\n";
    exit(0);
}
echo stream_get_contents($read), ' ', $exit, ' ', PaySign::call('paysign.version', [])['abi_version'], "\n";
