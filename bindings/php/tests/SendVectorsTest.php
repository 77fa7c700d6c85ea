<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PHPUnit\Framework\TestCase;

/**
 * The send conformance file's loader is as strict as Go's
 * testvectors.Send(): each of these changes to the real file is refused.
 */
final class SendVectorsTest extends TestCase
{
    /** @return iterable<string, array{callable(object): void, string}> a change to the file => the refusal */
    public static function changes(): iterable
    {
        yield 'an unknown member' => [static function (object $f): void {
            $f->extra = 1;
        }, 'unknown member "extra"'];
        yield 'an unknown member of a test' => [static function (object $f): void {
            $f->tests[3]->retries = 1;
        }, 'payway_send.json.tests.3: unknown member "retries"'];
        yield 'an unknown member of a policy' => [static function (object $f): void {
            $f->tests[0]->policy->attempts = 1;
        }, 'tests.0.policy: unknown member "attempts"'];
        yield 'an unknown action' => [static function (object $f): void {
            $f->tests[0]->script[0]->reset = true;
        }, 'tests.0.script.0: unknown member "reset"'];
        yield 'an unknown member of an answer' => [static function (object $f): void {
            $f->tests[0]->script[0]->answer->delay_ms = 5;
        }, 'answer: unknown member "delay_ms"'];
        yield 'an unknown expectation' => [static function (object $f): void {
            $f->tests[0]->expect->retryable = false;
        }, 'tests.0.expect: unknown member "retryable"'];
        yield 'a wrong type' => [static function (object $f): void {
            $f->tests[0]->sends = '1';
        }, 'tests.0.sends is not of type int'];
        yield 'another schema' => [static function (object $f): void {
            $f->schema = 'paysign-send-v2';
        }, 'schema "paysign-send-v2"'];
        yield 'a count that disagrees' => [static function (object $f): void {
            array_pop($f->tests);
        }, 'tests, number_of_tests says'];
        yield 'ids out of order' => [static function (object $f): void {
            $f->tests[1]->id = 7;
        }, 'test 7 is malformed'];
        yield 'an unknown target' => [static function (object $f): void {
            $f->tests[0]->target = 'other_url';
        }, 'test 1 is malformed'];
        yield 'a flag without a note' => [static function (object $f): void {
            $f->tests[0]->flags[] = 'Unnoted';
        }, 'flag "Unnoted" has no note'];
        yield 'an operation without params' => [static function (object $f): void {
            $f->tests[0]->operation = 'void_payment_link';
        }, 'no params for void_payment_link'];
    }

    /**
     * @dataProvider changes
     * @param callable(object): void $change
     */
    public function testTheLoaderRefuses(callable $change, string $refusal): void
    {
        $file = SendVectors::load();
        $change($file);
        $dir = sys_get_temp_dir() . '/paysign-send-vectors-' . bin2hex(random_bytes(6));
        mkdir($dir);
        try {
            file_put_contents("$dir/payway_send.json", json_encode($file, JSON_THROW_ON_ERROR));
            try {
                SendVectors::load("$dir/payway_send.json");
                self::fail('the loader accepted it');
            } catch (\UnexpectedValueException $e) {
                self::assertStringContainsString($refusal, $e->getMessage());
            }
        } finally {
            @unlink("$dir/payway_send.json");
            rmdir($dir);
        }
    }

    public function testAFileThatCannotBeRead(): void
    {
        $this->expectException(\UnexpectedValueException::class);
        $this->expectExceptionMessage('cannot be read');
        SendVectors::load(sys_get_temp_dir() . '/paysign-no-such-file.json');
    }

    public function testTheRealFileLoads(): void
    {
        $file = SendVectors::load();
        self::assertCount($file->number_of_tests, $file->tests);
    }
}
