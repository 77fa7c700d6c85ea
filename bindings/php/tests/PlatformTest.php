<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\Library;
use PHPUnit\Framework\TestCase;

/** The package's lib/<os>-<arch>/<file> layout (make dist) as the loader maps PHP's names onto it. */
final class PlatformTest extends TestCase
{
    public function testFoldersAndFileNames(): void
    {
        $cases = [
            ['Linux', 'x86_64', 'linux-x86_64', 'libpaysign.so'],
            ['Linux', 'aarch64', 'linux-aarch64', 'libpaysign.so'],
            ['Linux', 'arm64', 'linux-aarch64', 'libpaysign.so'],
            ['Darwin', 'arm64', 'darwin-arm64', 'libpaysign.dylib'],
            ['Darwin', 'x86_64', 'darwin-x86_64', 'libpaysign.dylib'],
            ['Windows', 'AMD64', 'windows-x86_64', 'paysign.dll'],
        ];
        foreach ($cases as [$os, $machine, $folder, $file]) {
            self::assertSame($folder, Library::platformDirectory($os, $machine), "$os $machine");
            self::assertSame($file, Library::fileName($os), $os);
        }
    }

    public function testThisMachine(): void
    {
        self::assertMatchesRegularExpression('/^(linux|darwin|windows)-(x86_64|aarch64|arm64)$/', Library::platformDirectory());
    }
}
