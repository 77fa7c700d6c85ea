<?php

declare(strict_types=1);

namespace PaySign\Tests;

/** The child processes of the end-to-end tests (paysign mock, php -S). */
final class Processes
{
    /**
     * Stops a proc_open() process: SIGTERM, SIGKILL after 10 s, then waits
     * for it.
     *
     * @param resource $process
     */
    public static function stop($process): void
    {
        proc_terminate($process);
        $deadline = microtime(true) + 10;
        while (proc_get_status($process)['running'] && microtime(true) < $deadline) {
            usleep(20000);
        }
        if (proc_get_status($process)['running']) {
            proc_terminate($process, 9);
        }
        proc_close($process);
    }
}
