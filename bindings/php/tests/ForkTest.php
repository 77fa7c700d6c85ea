<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PHPUnit\Framework\TestCase;

/**
 * pcntl_fork: a child of a process that loaded the library gets
 * PaySignError('forked') instead of hanging; a child whose parent never
 * loaded it loads its own copy and works. Each scenario runs in a fresh
 * PHP process (this one has loaded the library), bounded by timeouts.
 *
 * @requires extension pcntl
 */
final class ForkTest extends TestCase
{
    private static function scenario(string $mode): string
    {
        $command = ['timeout', '60', PHP_BINARY, __DIR__ . '/fork_scenario.php', $mode];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        self::assertIsResource($process);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        self::assertSame(0, proc_close($process), $err);
        return trim((string) $out);
    }

    public function testForkAfterLoadThrowsForked(): void
    {
        self::assertSame('error:forked:explained 0 1', self::scenario('load'));
    }

    public function testForkBeforeLoadLoadsInChild(): void
    {
        self::assertSame('ok:1 0 1', self::scenario('noload'));
    }

    /**
     * A PayWay whose handle the parent opened: the child gets "forked" (never
     * the parent's handle), its exit (destructor, end-of-request sweep) leaves
     * the parent's handle open, and the parent keeps signing with it.
     */
    public function testPayWayUsedBeforeForkThrowsForkedInChild(): void
    {
        self::assertSame('error:forked:explained 0 parent-ok same-handle', self::scenario('payway-load'));
    }

    /** A PayWay built but not used before the fork loads nothing: the child opens its own handle. */
    public function testPayWayBuiltBeforeForkWorksInChild(): void
    {
        self::assertSame('ok:signed 0 parent-ok', self::scenario('payway-noload'));
    }
}
