<?php

// Run by ForkTest in a fresh process: php fork_scenario.php load|noload
// Prints the child's outcome, its exit code and a parent call afterwards.

declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use PaySign\PaySign;
use PaySign\PaySignError;

function outcome(): string
{
    try {
        for ($i = 0; $i < 1000; $i++) {
            $value = PaySign::call('paysign.version', []);
        }
        return 'ok:' . $value['abi_version'];
    } catch (PaySignError $e) {
        return 'error:' . $e->getErrorCode() . ':' . (str_contains($e->getMessage(), 'fork') ? 'explained' : 'unexplained');
    }
}

if (($argv[1] ?? '') === 'load') {
    PaySign::call('paysign.version', []);
}
[$read, $write] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
$pid = pcntl_fork();
if ($pid === 0) {
    fwrite($write, outcome());
    exit(0);
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
echo stream_get_contents($read), ' ', $exit, ' ', PaySign::call('paysign.version', [])['abi_version'], "\n";
