<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PHPUnit\Framework\TestCase;

/** Every vector file, through PHP FFI. */
final class VectorsTest extends TestCase
{
    /** @return array<string, array{string, object}> */
    public static function vectors(): array
    {
        return VectorRunner::cases();
    }

    public function testVectorFilesFound(): void
    {
        self::assertNotEmpty(VectorRunner::cases(), 'no vector file in ' . VectorRunner::directory());
    }

    /** @dataProvider vectors */
    public function testVector(string $op, object $test): void
    {
        VectorRunner::run($op, $test);
    }
}
