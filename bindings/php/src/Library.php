<?php

declare(strict_types=1);

namespace PaySign;

/**
 * Loads libpaysign.so through FFI, lazily, and calls it.
 *
 * The library holds a Go runtime, which does not survive fork(): a child
 * that uses a library its parent loaded can hang (golang/go#15538). So
 * FFI::cdef runs on first use, in the process that uses it (the PHP-FPM
 * worker, never the master), the loading pid is recorded, and use from a
 * forked child throws PaySignError("forked") instead of hanging.
 *
 * Under PHP-FPM with the default ffi.enable=preload, FFI::cdef is allowed
 * only in preloaded code: opcache.preload this package (see preload.php);
 * the cdef still happens lazily, in the worker. See README.md.
 *
 * @internal Use PaySign::call() or PayWay.
 */
final class Library
{
    public const ABI_VERSION = 1;
    public const STATUS_OK = 0;
    public const STATUS_ERROR = 1;
    public const STATUS_PANIC = 2;
    public const STATUS_MISUSE = 3;

    private static ?string $configured = null;
    private static ?\FFI $ffi = null;
    private static ?string $loadedPath = null;
    private static ?int $loadedPid = null;
    private static \FFI\CData $out;
    private static \FFI\CData $outLen;
    private static \FFI\CData $outAddr;
    private static \FFI\CData $outLenAddr;
    /** @var array<int, true> the credentials handles this process opened and has not closed */
    private static array $handles = [];
    private static bool $sweepRegistered = false;

    /**
     * Sets the library to load on first use; it wins over $PAYSIGN_LIB, the
     * repository's build/ and the packaged copy. Fixed once loaded.
     */
    public static function configure(?string $library): void
    {
        if (self::$ffi !== null && $library !== null && realpath($library) !== self::$loadedPath) {
            throw new PaySignError('already_loaded', 'paysign: the library is already loaded from ' . self::$loadedPath);
        }
        self::$configured = $library;
    }

    /** Whether this process (or a parent it was forked from) loaded the library. */
    public static function isLoaded(): bool
    {
        return self::$ffi !== null;
    }

    /**
     * The library to load, by the documented order: configure(), then
     * $PAYSIGN_LIB, then build/libpaysign.so of the repository, then
     * lib/<platform>/<file> inside this package (see platformDirectory()).
     */
    public static function path(): string
    {
        if (self::$loadedPath !== null) {
            return self::$loadedPath;
        }
        $environment = getenv('PAYSIGN_LIB');
        foreach (['configure()' => self::$configured, '$PAYSIGN_LIB' => $environment === false || $environment === '' ? null : $environment] as $origin => $explicit) {
            if ($explicit !== null) {
                if (!is_file($explicit)) {
                    throw new PaySignError('library_not_found', "paysign: $origin names $explicit, which does not exist");
                }
                return (string) realpath($explicit);
            }
        }
        $repository = dirname(__DIR__, 3);
        if (is_file("$repository/cshared/include/paysign.h") && is_file("$repository/build/libpaysign.so")) {
            return "$repository/build/libpaysign.so";
        }
        $platform = self::platformDirectory();
        $packaged = dirname(__DIR__) . "/lib/$platform/" . self::fileName();
        if (is_file($packaged)) {
            return $packaged;
        }
        throw new PaySignError('library_not_found', "paysign: no library for this platform ($platform): lib/$platform/"
            . self::fileName() . ' is not in the package; call PaySign::configure(), set PAYSIGN_LIB, or run `make cshared` in the repository');
    }

    /**
     * The folder under lib/ holding this platform's library: "<os>-<arch>" with
     * os linux, darwin or windows (PHP_OS_FAMILY) and arch as that OS names it
     * (php_uname('m')): linux-x86_64, linux-aarch64, darwin-x86_64,
     * darwin-arm64, windows-x86_64.
     */
    public static function platformDirectory(?string $osFamily = null, ?string $machine = null): string
    {
        $os = strtolower($osFamily ?? PHP_OS_FAMILY);
        $arch = strtolower($machine ?? php_uname('m'));
        $arch = match ($arch) {
            'amd64', 'x64', 'x86-64' => 'x86_64',
            'arm64', 'aarch64' => $os === 'darwin' ? 'arm64' : 'aarch64',
            default => $arch,
        };
        return "$os-$arch";
    }

    /** The library's file name on this OS: libpaysign.so, libpaysign.dylib or paysign.dll. */
    public static function fileName(?string $osFamily = null): string
    {
        return match ($osFamily ?? PHP_OS_FAMILY) {
            'Windows' => 'paysign.dll',
            'Darwin' => 'libpaysign.dylib',
            default => 'libpaysign.so',
        };
    }

    /**
     * Calls paysign_call and returns [status, raw response envelope JSON].
     *
     * @return array{int, string}
     */
    public static function invoke(string $op, #[\SensitiveParameter] string $request): array
    {
        if (str_contains($op, "\0")) {
            throw new PaySignError('misuse', 'paysign: op must not contain NUL');
        }
        $ffi = self::ffi();
        // One char* and one size_t per process, reused: no FFI::new per call.
        // The pointer is reset first, so a library that returned without
        // writing it can never make us read or free an old buffer.
        self::$outAddr[0] = null;
        $status = $ffi->paysign_call($op, $request, \strlen($request), self::$outAddr, self::$outLenAddr);
        $out = self::$out;
        if (\FFI::isNull($out)) {
            throw new PaySignError('misuse', "paysign: paysign_call returned status $status without a response");
        }
        try {
            return [$status, \FFI::string($out, self::$outLen->cdata)];
        } finally {
            $ffi->paysign_free($out); // not FFI::free: the library allocated it
        }
    }

    /**
     * Calls $op on a request already encoded as JSON and returns the
     * envelope's value, decoded once; throws PaySignError for an error
     * envelope. The hot path of PaySign::call and PayWay::sign.
     *
     * @return array<mixed>
     */
    public static function value(string $op, #[\SensitiveParameter] string $request): array
    {
        [$status, $response] = self::invoke($op, $request);
        try {
            // The core writes amounts and other numbers that are not small integers as strings; a
            // longer integer would stay a string here too, never a float.
            $envelope = json_decode($response, true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
        } catch (\JsonException $e) {
            throw new PaySignError('internal', "paysign: the library answered $op with a response that is not JSON (" . $e->getMessage() . ')');
        }
        if ($status === self::STATUS_OK && \is_array($envelope) && ($envelope['ok'] ?? null) === true) {
            $value = $envelope['value'] ?? [];
            return \is_array($value) ? $value : [$value];
        }
        $error = \is_array($envelope) && \is_array($envelope['error'] ?? null) ? $envelope['error'] : [];
        throw new PaySignError(
            \is_string($error['code'] ?? null) ? $error['code'] : 'internal',
            \is_string($error['message'] ?? null) ? $error['message'] : "paysign: $op failed without an error message (status $status)",
            \is_string($error['field'] ?? null) && $error['field'] !== '' ? $error['field'] : null,
        );
    }

    /**
     * Opens a credentials handle (paysign.open_credentials) for $request,
     * the JSON {"credentials": {...}}, and records it so that it is closed
     * at the end of the request even when no destructor runs (a fatal
     * error skips destructors; under PHP-FPM the library, and its handle
     * table, outlive the request).
     */
    public static function openHandle(#[\SensitiveParameter] string $request): int
    {
        $handle = self::value('paysign.open_credentials', $request)['handle'] ?? null;
        if (!\is_int($handle)) {
            throw new PaySignError('internal', 'paysign: paysign.open_credentials returned no handle');
        }
        if (!self::$sweepRegistered) {
            register_shutdown_function([self::class, 'closeAllHandles']);
            self::$sweepRegistered = true;
        }
        self::$handles[$handle] = true;
        return $handle;
    }

    /**
     * Closes a handle this process opened. Never loads the library and never
     * calls it from a process forked after the handle was opened; returns
     * whether the library closed it (false: it was not open here).
     */
    public static function closeHandle(int $handle): bool
    {
        if (!isset(self::$handles[$handle])) {
            return false;
        }
        unset(self::$handles[$handle]);
        if (self::$ffi === null || self::$loadedPid !== getmypid()) {
            return false; // a forked child: the handle is its parent's
        }
        try {
            self::value('paysign.close_credentials', '{"handle":' . $handle . '}');
            return true;
        } catch (PaySignError) {
            return false;
        }
    }

    /** Whether $handle was opened by this process and is not closed yet. */
    public static function isHandleOpen(int $handle): bool
    {
        return isset(self::$handles[$handle]) && self::$loadedPid === getmypid();
    }

    /**
     * Closes every handle still open (a shutdown function, registered on the
     * first open): the safety net for requests that end in a fatal error.
     *
     * @internal
     */
    public static function closeAllHandles(): void
    {
        foreach (array_keys(self::$handles) as $handle) {
            self::closeHandle($handle);
        }
        self::$handles = [];
    }

    /**
     * The error for a failed FFI::cdef. ffi.enable=preload (the default of
     * PHP-FPM, php-cgi and `php -S`) allows FFI only in preloaded classes: say
     * so, and give the recipe, rather than a bare load_failed.
     */
    private static function loadError(string $path, \FFI\Exception $e): PaySignError
    {
        $setting = strtolower((string) ini_get('ffi.enable'));
        if (str_contains($e->getMessage(), 'ffi.enable')) {
            if ($setting === 'preload') {
                return new PaySignError('ffi_restricted', 'paysign: FFI is restricted by ffi.enable=preload (the default '
                    . 'of PHP-FPM, php-cgi and the built-in server), which allows FFI only in preloaded classes, and '
                    . 'paysign\'s classes were not preloaded. Preload them: opcache.enable=1 and opcache.preload='
                    . dirname(__DIR__) . '/preload.php (with opcache.preload_user when the server starts as root), '
                    . 'keeping ffi.enable=preload; see "PHP-FPM" in the package README. Or set ffi.enable=true.');
            }
            return new PaySignError('ffi_restricted', "paysign: FFI is disabled (ffi.enable=$setting); set "
                . 'ffi.enable=preload and opcache.preload=' . dirname(__DIR__) . '/preload.php (see "PHP-FPM" in '
                . 'the package README), or ffi.enable=true');
        }
        return new PaySignError('load_failed', "paysign: cannot load $path: " . $e->getMessage());
    }

    private static function ffi(): \FFI
    {
        if (self::$ffi === null) {
            $path = self::path();
            if (!class_exists(\FFI::class, false)) {
                throw new PaySignError('load_failed', 'paysign: PHP\'s FFI extension is not loaded; install or enable ext-ffi '
                    . '(Debian: it is part of php8.2-cli / php8.2-fpm; elsewhere extension=ffi in php.ini)');
            }
            try {
                $ffi = \FFI::cdef((string) file_get_contents(__DIR__ . '/paysign.ffi.h'), $path);
            } catch (\FFI\Exception $e) {
                throw self::loadError($path, $e);
            }
            $version = $ffi->paysign_abi_version();
            if ($version !== self::ABI_VERSION) {
                throw new PaySignError('abi_mismatch', "paysign: $path speaks ABI version $version; this package needs " . self::ABI_VERSION);
            }
            self::$out = $ffi->new('char*');
            self::$outLen = $ffi->new('size_t');
            self::$outAddr = \FFI::addr(self::$out);
            self::$outLenAddr = \FFI::addr(self::$outLen);
            [self::$ffi, self::$loadedPath, self::$loadedPid] = [$ffi, $path, getmypid()];
        }
        if (self::$loadedPid !== getmypid()) {
            throw new PaySignError('forked', sprintf(
                'paysign: the library was loaded in process %d before this process (%d) was forked from it, and a Go '
                . 'runtime does not survive fork(). Load paysign after forking: do not call it in a pre-fork parent '
                . '(ffi.preload, or a call at PHP-FPM master start-up).',
                self::$loadedPid,
                getmypid(),
            ));
        }
        return self::$ffi;
    }
}
