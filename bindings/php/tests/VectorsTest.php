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

    /** Every test every file declares runs: the cases add up to the files' number_of_tests. */
    public function testEveryVectorRuns(): void
    {
        self::assertGreaterThan(500, VectorRunner::declaredCount());
        self::assertCount(VectorRunner::declaredCount(), VectorRunner::cases());
    }

    /** @return iterable<string, array{array<string, string>, string}> files to write => the refusal */
    public static function brokenDirectories(): iterable
    {
        $good = ['schema' => 'paysign-vectors-v1', 'op' => 'paysign.version', 'number_of_tests' => 1,
            'tests' => [['id' => 1, 'comment' => 'c', 'input' => new \stdClass(), 'result' => 'valid', 'output' => new \stdClass()]]];
        $encode = static fn (array $file): string => (string) json_encode($file);
        yield 'no file' => [[], 'no vector file'];
        yield 'another schema' => [['a.json' => $encode(['schema' => 'paysign-vectors-v2'] + $good)], 'a.json: schema "paysign-vectors-v2"'];
        yield 'no schema' => [['a.json' => $encode(array_diff_key($good, ['schema' => 0]))], 'a.json: schema null'];
        yield 'not JSON' => [['a.json' => '{"schema":'], 'a.json is not JSON'];
        yield 'a count that disagrees' => [['a.json' => $encode(['number_of_tests' => 2] + $good)], 'a.json: 1 tests, number_of_tests says 2'];
        yield 'no count' => [['a.json' => $encode(array_diff_key($good, ['number_of_tests' => 0]))], 'number_of_tests says null'];
        yield 'no op' => [['a.json' => $encode(array_diff_key($good, ['op' => 0]))], 'a.json #1: no op'];
        yield 'a good file, then one that cannot be read' => [['a.json' => $encode($good), 'b.json' => '/'], 'b.json cannot be read'];
    }

    /**
     * @dataProvider brokenDirectories
     * @param array<string, string> $files name => content ("/": a folder of that name, which cannot be read as a file)
     */
    public function testTheLoaderRefusesWhatItCannotRun(array $files, string $refusal): void
    {
        $dir = sys_get_temp_dir() . '/paysign-vectors-' . bin2hex(random_bytes(6));
        mkdir($dir);
        try {
            foreach ($files as $name => $content) {
                $content === '/' ? mkdir("$dir/$name") : file_put_contents("$dir/$name", $content);
            }
            try {
                VectorRunner::cases($dir);
                self::fail('the loader accepted it');
            } catch (\UnexpectedValueException $e) {
                self::assertStringContainsString($refusal, $e->getMessage());
            }
        } finally {
            foreach (array_keys($files) as $name) {
                is_dir("$dir/$name") ? rmdir("$dir/$name") : unlink("$dir/$name");
            }
            rmdir($dir);
        }
    }

    /** @dataProvider vectors */
    public function testVector(string $op, object $test): void
    {
        VectorRunner::run($op, $test);
    }
}
