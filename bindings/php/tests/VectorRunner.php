<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\Library;
use PHPUnit\Framework\Assert;

/**
 * The runner rules of testvectors/README.md. Vector files are decoded with
 * objects (stdClass), so {} and [] stay distinct, and `input` is re-encoded.
 */
final class VectorRunner
{
    public const SCHEMA = 'paysign-vectors-v1';

    public static function directory(): string
    {
        $dir = getenv('PAYSIGN_TESTVECTORS');
        return $dir !== false && $dir !== '' ? $dir : dirname(__DIR__, 3) . '/testvectors';
    }

    /**
     * Every test of every vector file of $dir (default: directory()),
     * refusing what it cannot run rather than skipping it: a file that
     * cannot be read or is not JSON, a schema other than SCHEMA, a test
     * count that disagrees with number_of_tests, a test without an op.
     *
     * @return array<string, array{string, object}> "<file> #<id> <comment>" => [op, test]
     * @throws \UnexpectedValueException naming the file
     */
    public static function cases(?string $dir = null): array
    {
        $cases = [];
        $files = glob(($dir ?? self::directory()) . '/*.json') ?: [];
        if ($files === []) {
            throw new \UnexpectedValueException('no vector file in ' . ($dir ?? self::directory()));
        }
        sort($files);
        foreach ($files as $path) {
            $name = basename($path);
            $text = is_file($path) ? @file_get_contents($path) : false;
            if ($text === false) {
                throw new \UnexpectedValueException("$name cannot be read");
            }
            try {
                $document = json_decode($text, false, 512, JSON_THROW_ON_ERROR);
            } catch (\JsonException $e) {
                throw new \UnexpectedValueException("$name is not JSON: {$e->getMessage()}");
            }
            if (!\is_object($document) || ($document->schema ?? null) !== self::SCHEMA) {
                throw new \UnexpectedValueException("$name: schema " . json_encode($document->schema ?? null) . ', want ' . self::SCHEMA);
            }
            $tests = \is_array($document->tests ?? null) ? $document->tests : [];
            if (\count($tests) !== ($document->number_of_tests ?? null)) {
                throw new \UnexpectedValueException("$name: " . \count($tests) . ' tests, number_of_tests says '
                    . json_encode($document->number_of_tests ?? null));
            }
            foreach ($tests as $test) {
                $op = $test->op ?? $document->op ?? null;
                if (!\is_string($op) || $op === '') {
                    throw new \UnexpectedValueException("$name #" . json_encode($test->id ?? null) . ': no op (neither the test\'s nor the file\'s)');
                }
                $cases[sprintf('%s #%d %s', $name, $test->id, $test->comment ?? '')] = [$op, $test];
            }
        }
        return $cases;
    }

    /**
     * The number of tests the files of directory() say they hold.
     */
    public static function declaredCount(): int
    {
        $count = 0;
        foreach (glob(self::directory() . '/*.json') ?: [] as $path) {
            $count += json_decode((string) file_get_contents($path), false)->number_of_tests ?? 0;
        }
        return $count;
    }

    public static function encode(mixed $value): string
    {
        return json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION
            | JSON_THROW_ON_ERROR);
    }

    public static function run(string $op, object $test): void
    {
        if (property_exists($test, 'input')) {
            $request = self::encode($test->input);
        } elseif (property_exists($test, 'input_raw')) {
            $request = $test->input_raw;
        } else {
            $request = (string) base64_decode($test->input_b64, true);
        }
        $envelope = self::envelope($op, $request);
        if ($test->result === 'invalid') {
            Assert::assertFalse($envelope->ok, "want error $test->error_code, got a value");
            Assert::assertSame($test->error_code, $envelope->error->code, self::encode($envelope->error));
            if (property_exists($test, 'error_field')) {
                Assert::assertSame($test->error_field, $envelope->error->field ?? null, self::encode($envelope->error));
            }
            return;
        }
        Assert::assertTrue($envelope->ok, self::encode($envelope->error ?? null));
        $value = $envelope->value;
        if (($test->randomized ?? false) === true) {
            foreach (get_object_vars($test->output) as $key => $want) {
                // An absent key equals an expected null, as in the Go runners.
                Assert::assertTrue(self::jsonEqual($want, $value->$key ?? null), "value.$key: got " . self::encode($value->$key ?? null));
            }
            // What is fixed about the ciphertext: its length (the block count) and the hash input around it.
            $text = null;
            foreach ($value->fields as [$name, $fieldValue]) {
                if ($name === $test->encrypted->field) {
                    $text = $fieldValue;
                }
            }
            Assert::assertIsString($text, 'encrypted: no field ' . $test->encrypted->field);
            Assert::assertSame($test->encrypted->base64_length, \strlen($text), 'encrypted: the ciphertext\'s base64 length');
            if (property_exists($test->encrypted, 'hash_input')) {
                Assert::assertSame($test->encrypted->hash_input[0] . $text . $test->encrypted->hash_input[1], $value->hash_input, 'encrypted: the hash input around the ciphertext');
            }
        } else {
            Assert::assertTrue(self::jsonEqual($test->output, $value), 'got ' . self::encode($value));
        }
        if (property_exists($test, 'then')) {
            $input = clone $test->then->input;
            $input->fields = $value->fields;
            $second = self::envelope($test->then->op, self::encode($input));
            Assert::assertTrue($second->ok, self::encode($second->error ?? null));
            Assert::assertTrue(self::jsonEqual($test->then->output, $second->value), 'then: got ' . self::encode($second->value));
        }
    }

    /** Calls $op and checks that the status agrees with the envelope. */
    public static function envelope(string $op, string $request): object
    {
        [$status, $response] = Library::invoke($op, $request);
        $envelope = json_decode($response, false, 512, JSON_THROW_ON_ERROR);
        $code = $envelope->error->code ?? null;
        $expected = $envelope->ok ? Library::STATUS_OK
            : ($code === 'internal' ? Library::STATUS_PANIC : ($code === 'misuse' ? Library::STATUS_MISUSE : Library::STATUS_ERROR));
        Assert::assertSame($expected, $status, "status disagrees with envelope $response");
        return $envelope;
    }

    /** Deep JSON equality: objects unordered, arrays in order, numbers by value. */
    public static function jsonEqual(mixed $a, mixed $b): bool
    {
        if (\is_object($a) && \is_object($b)) {
            $av = get_object_vars($a);
            $bv = get_object_vars($b);
            if (\count($av) !== \count($bv)) {
                return false;
            }
            foreach ($av as $key => $value) {
                if (!\array_key_exists($key, $bv) || !self::jsonEqual($value, $bv[$key])) {
                    return false;
                }
            }
            return true;
        }
        if (\is_array($a) && \is_array($b)) {
            if (\count($a) !== \count($b)) {
                return false;
            }
            foreach (array_keys($a) as $i) {
                if (!self::jsonEqual($a[$i], $b[$i])) {
                    return false;
                }
            }
            return true;
        }
        if ((\is_int($a) || \is_float($a)) && (\is_int($b) || \is_float($b))) {
            return $a == $b;
        }
        return $a === $b;
    }
}
