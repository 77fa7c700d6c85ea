<?php

declare(strict_types=1);

namespace PaySign\Mock;

use PaySign\Library;
use PaySign\PaySignError;

/**
 * The `paysign` program of this platform, bundled for tests (TEST-ONLY):
 * its `paysign mock` is a local PayWay test double. The package carries
 * bin/<platform>/paysign (paysign.exe on Windows) for each platform the
 * paysign library is built for, in the folders paysign/paysign uses for its
 * library (Library::platformDirectory()).
 */
final class Binary
{
    /**
     * The absolute path of this platform's paysign program.
     *
     * @throws PaySignError code "mock_not_found" when the package has no
     *         program for this platform
     */
    public static function path(): string
    {
        $platform = Library::platformDirectory();
        $file = dirname(__DIR__) . "/bin/$platform/" . (PHP_OS_FAMILY === 'Windows' ? 'paysign.exe' : 'paysign');
        if (!is_file($file)) {
            throw new PaySignError('mock_not_found', "paysign/mock: no paysign program for this platform ($platform) in "
                . dirname(__DIR__) . '/bin/');
        }
        // Composer unpacks with ZipArchive when `unzip` is missing, and
        // ZipArchive drops the executable bit: give it back once.
        if (PHP_OS_FAMILY !== 'Windows' && !is_executable($file) && !@chmod($file, 0755)) {
            throw new PaySignError('mock_not_found', "paysign/mock: $file is not executable and cannot be made so");
        }
        return $file;
    }
}
