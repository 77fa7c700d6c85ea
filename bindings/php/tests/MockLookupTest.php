<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PHPUnit\Framework\TestCase;

/**
 * Where the tests' mock helper finds the paysign program (Mock::binary()):
 * an explicit argument, PAYSIGN_CLI, the opt-in mock package
 * (\PaySign\Mock\Binary::path(), faked here as a package on the autoload
 * path), `paysign` on PATH, the repository's build/paysign, in that order.
 */
final class MockLookupTest extends TestCase
{
    private string $dir = '';

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/paysign-lookup-' . bin2hex(random_bytes(6));
        foreach (['explicit', 'cli', 'package/bin', 'path'] as $sub) {
            mkdir("$this->dir/$sub", 0700, true);
        }
        foreach (['explicit/paysign', 'cli/paysign', 'package/bin/paysign', 'path/paysign'] as $file) {
            file_put_contents("$this->dir/$file", "#!/bin/sh\nexit 0\n");
            chmod("$this->dir/$file", 0700);
        }
        file_put_contents("$this->dir/package/Binary.php", "<?php\nnamespace PaySign\\Mock;\nfinal class Binary\n{\n"
            . "    public static function path(): string\n    {\n        return __DIR__ . '/bin/paysign';\n    }\n}\n");
    }

    protected function tearDown(): void
    {
        foreach (['explicit/paysign', 'cli/paysign', 'package/bin/paysign', 'path/paysign', 'package/Binary.php'] as $file) {
            @unlink("$this->dir/$file");
        }
        foreach (['explicit', 'cli', 'package/bin', 'package', 'path', ''] as $sub) {
            @rmdir("$this->dir/$sub");
        }
    }

    /** @param array<string, string> $env */
    private function lookup(bool $package, ?string $explicit, array $env): mixed
    {
        $environment = getenv();
        unset($environment['PAYSIGN_CLI']);
        $process = proc_open(['timeout', '60', PHP_BINARY, __DIR__ . '/mock_lookup_scenario.php', $package ? "$this->dir/package" : '-',
            $explicit ?? '-'], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env + $environment);
        self::assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        self::assertSame(0, proc_close($process), $out . $err);
        return json_decode($out, true);
    }

    public function testTheOrder(): void
    {
        $d = $this->dir;
        $path = "/nonexistent-$d:$d/path:/usr/bin:/bin";
        self::assertSame("$d/explicit/paysign", $this->lookup(true, "$d/explicit/paysign", ['PAYSIGN_CLI' => "$d/cli/paysign", 'PATH' => $path]));
        self::assertSame("$d/cli/paysign", $this->lookup(true, null, ['PAYSIGN_CLI' => "$d/cli/paysign", 'PATH' => $path]));
        self::assertSame("$d/package/bin/paysign", $this->lookup(true, null, ['PATH' => $path]));
        self::assertSame("$d/package/bin/paysign", $this->lookup(true, null, ['PAYSIGN_CLI' => '', 'PATH' => $path]), 'empty: unset');
        self::assertSame("$d/path/paysign", $this->lookup(false, null, ['PATH' => $path]));
        $built = dirname(__DIR__, 3) . '/build/paysign';
        self::assertSame(is_file($built) ? $built : null, $this->lookup(false, null, ['PATH' => '/usr/bin:/bin']));
    }

    public function testANamedProgramThatIsMissingIsAnError(): void
    {
        $missing = "$this->dir/missing/paysign";
        self::assertSame("error: the argument names '$missing', which is not a program", $this->lookup(true, $missing, []));
        self::assertSame("error: PAYSIGN_CLI names '$missing', which is not a program", $this->lookup(true, null, ['PAYSIGN_CLI' => $missing]));
        unlink("$this->dir/package/bin/paysign");
        self::assertStringStartsWith('error: \PaySign\Mock\Binary::path() names ', (string) $this->lookup(true, null, []));
    }
}
