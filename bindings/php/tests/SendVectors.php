<?php

declare(strict_types=1);

namespace PaySign\Tests;

/**
 * Reads testvectors/send/payway_send.json as strictly as Go's
 * testvectors.Send(): an unknown member at any depth, another schema, a
 * test count that disagrees with number_of_tests, ids out of order, a flag
 * without a note, an operation without parameters, an unknown target: the
 * file is refused (UnexpectedValueException), never partly run.
 */
final class SendVectors
{
    public const SCHEMA = 'paysign-send-v1';

    /**
     * The members each object may have: a nested array describes an
     * object member, a list of one array a list of such objects; '*' an
     * object of any member names (headers, notes, params).
     */
    private const SHAPE = [
        'schema' => 'string', 'description' => 'string', 'credentials' => '*', 'params' => '*', 'notes' => '*',
        'expect_members' => '*', 'number_of_tests' => 'int',
        'tests' => [[
            'id' => 'int', 'comment' => 'string', 'flags' => 'list', 'operation' => 'string',
            'policy' => ['timeout_ms' => 'int', 'query_retries' => 'int', 'retry_backoff_ms' => 'int'],
            'sends' => 'int', 'pause_ms' => 'int', 'target' => 'string',
            'script' => [[
                'answer' => ['status' => 'int', 'headers' => '*', 'body' => 'string', 'body_repeat' => ['text' => 'string', 'count' => 'int'],
                    'close_after_ms' => 'int'],
                'drop' => 'string', 'stall' => 'bool',
                'drip' => ['status' => 'int', 'body' => 'string', 'interval_ms' => 'int'],
            ]],
            'expect' => ['outcome' => 'string', 'code' => 'string', 'location' => 'string', 'category' => 'string', 'next' => 'string',
                'requests' => 'int', 'connections' => 'int', 'redirected' => 'int'],
        ]],
    ];

    public static function path(): string
    {
        return VectorRunner::directory() . '/send/payway_send.json';
    }

    /**
     * The file, decoded with objects (so that a script's {} stays {} when
     * it is posted to the server).
     *
     * @throws \UnexpectedValueException for anything the file should not be
     */
    public static function load(?string $path = null): object
    {
        $path ??= self::path();
        $text = is_file($path) ? file_get_contents($path) : false;
        if ($text === false) {
            throw new \UnexpectedValueException("$path cannot be read");
        }
        try {
            $file = json_decode($text, false, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
        } catch (\JsonException $e) {
            throw new \UnexpectedValueException("$path is not JSON: {$e->getMessage()}");
        }
        if (!\is_object($file)) {
            throw new \UnexpectedValueException("$path is not a JSON object");
        }
        self::check($file, self::SHAPE, basename($path));
        if (($file->schema ?? null) !== self::SCHEMA) {
            throw new \UnexpectedValueException("$path: schema " . json_encode($file->schema ?? null) . ', want ' . self::SCHEMA);
        }
        $tests = $file->tests ?? [];
        if (\count($tests) !== ($file->number_of_tests ?? -1) || $tests === []) {
            throw new \UnexpectedValueException("$path: " . \count($tests) . ' tests, number_of_tests says ' . json_encode($file->number_of_tests ?? null));
        }
        foreach ($tests as $i => $test) {
            $id = $test->id ?? null;
            if ($id !== $i + 1 || ($test->sends ?? 0) < 1 || !\in_array($test->target ?? null, ['url', 'closed_url'], true)
                || ($test->script ?? []) === [] || !isset($test->operation, $test->policy, $test->expect)) {
                throw new \UnexpectedValueException("$path: test " . json_encode($id) . ' is malformed');
            }
            if (!property_exists($file->params, $test->operation)) {
                throw new \UnexpectedValueException("$path: test $id: no params for {$test->operation}");
            }
            foreach ($test->flags ?? [] as $flag) {
                if (!\is_string($flag) || !property_exists($file->notes, $flag)) {
                    throw new \UnexpectedValueException("$path: test $id: flag " . json_encode($flag) . ' has no note');
                }
            }
        }
        return $file;
    }

    /**
     * Checks $value against $shape, naming the first unknown member or
     * wrong type by its path.
     *
     * @param array<mixed>|string $shape
     */
    private static function check(mixed $value, array|string $shape, string $at): void
    {
        $ok = match (true) {
            $shape === '*' => \is_object($value),
            $shape === 'string' => \is_string($value),
            $shape === 'int' => \is_int($value),
            $shape === 'bool' => \is_bool($value),
            $shape === 'list' => \is_array($value),
            \is_array($shape) && array_is_list($shape) => \is_array($value),
            default => \is_object($value),
        };
        if (!$ok) {
            throw new \UnexpectedValueException("$at is not " . (\is_array($shape) ? (array_is_list($shape) ? 'a list' : 'an object') : "of type $shape"));
        }
        if (!\is_array($shape)) {
            return;
        }
        if (array_is_list($shape)) {
            foreach ($value as $i => $element) {
                self::check($element, $shape[0], "$at.$i");
            }
            return;
        }
        foreach (get_object_vars($value) as $name => $member) {
            if (!\array_key_exists($name, $shape)) {
                throw new \UnexpectedValueException("$at: unknown member \"$name\"");
            }
            self::check($member, $shape[$name], "$at.$name");
        }
    }
}
