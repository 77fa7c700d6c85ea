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
     * @param array<mixed> $request the request object (docs/envelope.md); an empty array means {}.
     *                            It holds credentials, so stack traces show it as
     *                            SensitiveParameterValue (zend.exception_ignore_args=0).
     * @return array<mixed> the value, decoded as associative arrays
     * @throws PaySignError with the envelope's code, message and field (a recovered
     *                      panic inside the library is code "internal"; the library keeps working)
     */
    public static function call(string $op, #[\SensitiveParameter] array $request): array
    {
        [, $response] = Library::invoke($op, self::encode($request));
        $envelope = json_decode($response, true, 512, JSON_THROW_ON_ERROR);
        if (($envelope['ok'] ?? false) === true) {
            return (array) ($envelope['value'] ?? []);
        }
        $error = $envelope['error'] ?? [];
        throw new PaySignError(
            (string) ($error['code'] ?? 'internal'),
            (string) ($error['message'] ?? 'paysign: unknown error'),
            isset($error['field']) && $error['field'] !== '' ? (string) $error['field'] : null,
        );
    }

    /** Sets the path of libpaysign.so to load on first use (see README.md). */
    public static function configure(?string $library): void
    {
        Library::configure($library);
    }

    /** @param array<mixed> $request */
    private static function encode(#[\SensitiveParameter] array $request): string
    {
        try {
            // The request is an object even when empty or list-shaped.
            return json_encode((object) $request, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
                | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            // json_encode's messages name the problem, never the values.
            throw new PaySignError('malformed_request', 'paysign: request is not JSON-encodable: ' . $e->getMessage());
        }
    }
}
