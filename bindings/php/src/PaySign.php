<?php

declare(strict_types=1);

namespace PaySign;

/**
 * paysign's call envelope as a PHP function.
 *
 *     $value = PaySign::call('payway.sign', ['operation' => 'refund', 'credentials' => [...], 'params' => [...]]);
 *
 * The C library is loaded on first call. Load it after fork: a process
 * forked from one that loaded it gets PaySignError('forked').
 */
final class PaySign
{
    /** The paysign release of this package (written by scripts/version.py from the top-level VERSION file). */
    public const VERSION = '0.2.0';

    /**
     * Runs $op (for example "payway.sign") on $request and returns the value.
     *
     * A request given as an array is checked before anything is sent: a
     * float anywhere is refused (float_not_allowed: pass amounts as decimal
     * strings such as '1.50', or ints), and so are objects other than
     * stdClass and backed enums, resources, strings that are not UTF-8 and
     * nesting deeper than 512 levels (malformed_request). A request given as
     * a string is sent as it is: JSON text the caller encoded (numbers in
     * JSON text are read by the core as exact decimals, never floats).
     *
     * Whatever goes wrong, the only exception is PaySignError: a wrong type
     * of $op or $request is malformed_request too.
     *
     * @param string $op
     * @param array<mixed>|\stdClass|string $request the request object (docs/envelope.md); an empty array means {}.
     *                            It holds credentials, so stack traces show it as
     *                            SensitiveParameterValue (zend.exception_ignore_args=0).
     * @return array<mixed> the value, decoded as associative arrays
     * @throws PaySignError with the envelope's code, message and field (a recovered
     *                      panic inside the library is code "internal"; the library keeps working)
     */
    public static function call(mixed $op, #[\SensitiveParameter] mixed $request = []): array
    {
        if (!\is_string($op)) {
            throw new PaySignError('malformed_request', 'paysign: the op is a name such as "payway.sign", not ' . get_debug_type($op));
        }
        if (\is_string($request)) {
            return Library::value($op, $request === '' ? '{}' : $request);
        }
        if (\is_array($request)) {
            // The request is an object even when empty or list-shaped.
            return Library::value($op, $request === [] ? '{}' : Json::encode(array_is_list($request) ? (object) $request : $request));
        }
        if ($request instanceof \stdClass) {
            return Library::value($op, Json::encode($request));
        }
        throw new PaySignError('malformed_request', 'paysign: the request is an array or JSON text, not ' . get_debug_type($request));
    }

    /** Sets the path of libpaysign.so to load on first use (see README.md). */
    public static function configure(?string $library): void
    {
        Library::configure($library);
    }
}
