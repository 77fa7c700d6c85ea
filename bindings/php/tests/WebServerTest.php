<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PHPUnit\Framework\TestCase;

/**
 * Under a web server SAPI with the default ffi.enable=preload and no
 * opcache.preload, FFI::cdef is refused. The error must say why and how to
 * fix it (code ffi_restricted, naming ffi.enable and the preload recipe with
 * this package's preload.php), not a bare load_failed. The CLI is exempt
 * from ffi.enable=preload, so this runs PHP's built-in server (`php -S`,
 * SAPI cli-server) on 127.0.0.1 at a free port.
 */
final class WebServerTest extends TestCase
{
    /** @return array{status: string, body: string} */
    private static function serve(string $ffiEnable): array
    {
        $dir = sys_get_temp_dir() . '/paysign-php-s-' . getmypid() . '-' . $ffiEnable;
        @mkdir($dir, 0755, true);
        $src = dirname(__DIR__) . '/src';
        file_put_contents("$dir/index.php", <<<PHP
            <?php
            spl_autoload_register(static function (string \$class): void {
                \$file = '$src/' . substr(str_replace('\\\\', '/', \$class), strlen('PaySign/')) . '.php';
                if (str_starts_with(\$class, 'PaySign\\\\') && is_file(\$file)) {
                    require \$file;
                }
            });
            header('Content-Type: application/json');
            try {
                echo json_encode(['ok' => true, 'abi' => PaySign\PaySign::call('paysign.version', [])['abi_version'], 'sapi' => PHP_SAPI]);
            } catch (PaySign\PaySignError \$e) {
                echo json_encode(['ok' => false, 'code' => \$e->getErrorCode(), 'message' => \$e->getMessage(), 'sapi' => PHP_SAPI]);
            }
            PHP);
        $server = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr((string) strrchr((string) stream_socket_get_name($server, false), ':'), 1);
        fclose($server);
        $env = getenv();
        unset($env['PAYSIGN_LIB']);
        $process = proc_open([PHP_BINARY, '-d', "ffi.enable=$ffiEnable", '-S', "127.0.0.1:$port", '-t', $dir],
            [1 => ['file', "$dir/server.log", 'w'], 2 => ['file', "$dir/server.log", 'a']], $pipes, null, $env);
        try {
            $deadline = microtime(true) + 20;
            while (microtime(true) < $deadline) {
                $body = @file_get_contents("http://127.0.0.1:$port/index.php", false,
                    stream_context_create(['http' => ['timeout' => 30, 'ignore_errors' => true]]));
                if ($body !== false) {
                    return ['status' => $http_response_header[0] ?? '', 'body' => $body];
                }
                usleep(50000);
            }
            self::fail('php -S did not answer: ' . file_get_contents("$dir/server.log"));
        } finally {
            proc_terminate($process);
            proc_close($process);
            array_map('unlink', glob("$dir/*") ?: []);
            @rmdir($dir);
        }
    }

    public function testFfiEnablePreloadWithoutPreloadNamesTheSettingAndTheRecipe(): void
    {
        $response = self::serve('preload');
        $value = json_decode($response['body'], true);
        self::assertIsArray($value, $response['body']);
        self::assertSame('cli-server', $value['sapi']);
        self::assertFalse($value['ok'], 'FFI::cdef should be refused under ffi.enable=preload');
        self::assertSame('ffi_restricted', $value['code']);
        self::assertStringContainsString('ffi.enable=preload', $value['message']);
        self::assertStringContainsString('opcache.preload=' . realpath(dirname(__DIR__) . '/preload.php'), $value['message']);
        self::assertStringContainsString('PHP-FPM', $value['message']);
    }

    public function testFfiEnableTrueWorksUnderTheSameServer(): void
    {
        $value = json_decode(self::serve('true')['body'], true);
        self::assertSame(['ok' => true, 'abi' => 1, 'sapi' => 'cli-server'], $value);
    }
}
