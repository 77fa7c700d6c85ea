<?php

declare(strict_types=1);

namespace PaySign;

/**
 * Request values to JSON, with paysign's rules checked before anything is
 * sent (docs/envelope.md):
 *
 * - a PHP float anywhere is refused (code float_not_allowed): a float has no
 *   exact decimal text, and json_encode writes 1.0 as 1.0 or 1 and 0.1 + 0.2
 *   as 0.30000000000000004 depending on flags and ini settings. Amounts are
 *   decimal strings ("1.50") or ints;
 * - values are null, bool, int, string, arrays, stdClass objects (as JSON
 *   objects) and backed enums (their value); anything else (other objects,
 *   closures, resources) is refused (malformed_request) rather than sent as
 *   whatever json_encode makes of it ({} for a closure);
 * - nesting is at most 512 levels (the core's limit; a recursive array is
 *   caught here too), strings and keys are UTF-8 (malformed_request).
 *
 * No error holds a value: messages name the member path and the type only.
 * The fast path is one foreach per array; the path of a problem is worked
 * out only once there is one.
 *
 * @internal
 */
final class Json
{
    /** json_encode flags of every request: PHP's own bytes for "/" and non-ASCII are not needed by the core. */
    public const FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR;

    /** The core's nesting limit (levels of arrays and objects, the request object being the first). */
    public const MAX_DEPTH = 512;

    /**
     * Encodes $value (at $path, $depth levels below the top) after the checks.
     *
     * @throws PaySignError float_not_allowed or malformed_request, naming the member
     */
    public static function encode(#[\SensitiveParameter] mixed $value, string $path = '', int $depth = 1): string
    {
        if (\is_array($value) ? !self::clean($value, $depth) : !(\is_string($value) || \is_int($value) || \is_bool($value) || $value === null)) {
            self::refuse($value, $path, $depth);
        }
        try {
            return json_encode($value, self::FLAGS);
        } catch (\JsonException $e) {
            // json_encode's messages name the problem, never the values.
            $at = self::invalidUtf8At($value, $path);
            throw new PaySignError('malformed_request', 'paysign: ' . ($at ?? self::name($path)) . ' cannot be encoded as JSON: '
                . $e->getMessage(), $at);
        }
    }

    /**
     * Whether every value in $array is one the fast path accepts as it is
     * (no float, no object, no resource, not too deep).
     *
     * @param array<mixed> $array
     */
    public static function clean(#[\SensitiveParameter] array $array, int $depth): bool
    {
        if ($depth > self::MAX_DEPTH) {
            return false;
        }
        foreach ($array as $v) {
            if (\is_string($v) || \is_int($v)) {
                continue;
            }
            if (\is_array($v)) {
                if (!self::clean($v, $depth + 1)) {
                    return false;
                }
                continue;
            }
            if ($v === null || \is_bool($v)) {
                continue;
            }
            return false; // a float, an object or a resource: the slow path decides
        }
        return true;
    }

    /**
     * The slow path: throws for the first value that is not allowed, or
     * returns when all of them are (stdClass objects, backed enums).
     *
     * @throws PaySignError
     */
    private static function refuse(#[\SensitiveParameter] mixed $value, string $path, int $depth): void
    {
        $problem = self::problem($value, $path, $depth);
        if ($problem !== null) {
            [$code, $field, $message] = $problem;
            throw new PaySignError($code, $message, $field === '' ? null : $field);
        }
    }

    /**
     * The first problem in $value: [code, field path, message], or null.
     *
     * @return array{string, string, string}|null
     */
    private static function problem(#[\SensitiveParameter] mixed $value, string $path, int $depth): ?array
    {
        if (\is_float($value)) {
            return ['float_not_allowed', $path, 'paysign: ' . self::name($path) . ' is a float; a float has no exact decimal '
                . "text: pass a decimal string such as '1.50' (or an int)"];
        }
        if ($value === null || \is_bool($value) || \is_int($value) || \is_string($value)) {
            return null;
        }
        if ($value instanceof \BackedEnum) {
            return null; // json_encode writes its int or string value
        }
        if (\is_array($value) || $value instanceof \stdClass) {
            if ($depth > self::MAX_DEPTH) {
                return ['malformed_request', $path, 'paysign: ' . self::name($path) . ' is nested deeper than ' . self::MAX_DEPTH
                    . ' levels of arrays and objects (or holds itself)'];
            }
            foreach ((array) $value as $key => $v) {
                $problem = self::problem($v, $path === '' ? (string) $key : "$path.$key", $depth + 1);
                if ($problem !== null) {
                    return $problem;
                }
            }
            return null;
        }
        $type = \is_object($value) ? ($value instanceof \Closure ? 'a closure' : 'an object of class ' . \get_class($value))
            : (\is_resource($value) || get_debug_type($value) === 'resource (closed)' ? 'a resource' : get_debug_type($value));
        return ['malformed_request', $path, 'paysign: ' . self::name($path) . " is $type, which paysign does not send: pass "
            . 'strings, ints, booleans, null and arrays (stdClass objects and backed enums are accepted too)'];
    }

    private static function name(string $path): string
    {
        return $path === '' ? 'the request' : $path;
    }

    /** The path of the first string or key that is not UTF-8, or null. */
    private static function invalidUtf8At(#[\SensitiveParameter] mixed $value, string $path): ?string
    {
        if (\is_string($value)) {
            return self::isUtf8($value) ? null : ($path === '' ? null : $path);
        }
        if (\is_array($value) || $value instanceof \stdClass) {
            foreach ((array) $value as $key => $v) {
                $at = $path === '' ? (string) $key : "$path.$key";
                if (\is_string($key) && !self::isUtf8($key)) {
                    return $path === '' ? null : $path; // the key itself cannot be named
                }
                $found = self::invalidUtf8At($v, $at);
                if ($found !== null) {
                    return $found;
                }
            }
        }
        return null;
    }

    private static function isUtf8(string $text): bool
    {
        return preg_match('//u', $text) === 1;
    }
}
