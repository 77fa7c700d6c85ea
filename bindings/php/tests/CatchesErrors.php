<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PaySignError;
use PaySign\PayWayError;

/**
 * The error a call must throw, for assertions on it: the test fails when
 * there is none, or when another exception left the package.
 */
trait CatchesErrors
{
    private static function errorOf(callable $fn): PaySignError
    {
        try {
            $fn();
        } catch (PaySignError $e) {
            return $e;
        } catch (\Throwable $e) {
            self::fail('a raw ' . \get_class($e) . ' left the package: ' . $e->getMessage());
        }
        self::fail('no PaySignError');
    }

    private static function payWayErrorOf(callable $fn): PayWayError
    {
        try {
            $fn();
        } catch (PayWayError $e) {
            return $e;
        }
        self::fail('no PayWayError');
    }
}
