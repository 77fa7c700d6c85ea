<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PaySign;
use PHPUnit\Framework\TestCase;

/**
 * PHP-FPM with the documented set-up: default ffi.enable=preload,
 * opcache.preload=bindings/php/preload.php (declares the classes in the
 * master; loads nothing), FFI::cdef lazily in each worker. Starts php-fpm on
 * 127.0.0.1 at a free port with its own configuration in a temporary
 * directory, drives it with cgi-fcgi, and stops it.
 */
final class FpmTest extends TestCase
{
    private static string $dir;
    /** @var resource|null */
    private static $process = null;
    private static int $port;
    private static int $masterPid;

    public static function setUpBeforeClass(): void
    {
        $fpm = self::binary(['php-fpm8.2', 'php-fpm']);
        if ($fpm === null || self::binary(['cgi-fcgi']) === null) {
            self::fail('php-fpm and cgi-fcgi are required (make test-php installs php8.2-fpm and libfcgi-bin)');
        }
        self::$dir = sys_get_temp_dir() . '/paysign-fpm-' . getmypid();
        @mkdir(self::$dir, 0755, true);
        $server = stream_socket_server('tcp://127.0.0.1:0');
        self::$port = (int) substr((string) strrchr((string) stream_socket_get_name($server, false), ':'), 1);
        fclose($server);
        $root = posix_geteuid() === 0;
        $config = self::$dir . '/php-fpm.conf';
        file_put_contents($config, implode("\n", [
            '[global]',
            'error_log = ' . self::$dir . '/fpm.log',
            'daemonize = no',
            '[paysign]',
            'listen = 127.0.0.1:' . self::$port,
            'pm = static',
            'pm.max_children = 2',
            'request_terminate_timeout = 60s',
            'catch_workers_output = yes',
            '',
        ]));
        $preload = dirname(__DIR__) . '/preload.php';
        $command = [$fpm, '--nodaemonize', '--fpm-config', $config,
            '-d', 'opcache.enable=1', '-d', "opcache.preload=$preload"];
        if ($root) {
            // Root: workers keep the user (-R) and preloading runs as root too.
            array_push($command, '-R', '-d', 'opcache.preload_user=root');
        }
        $env = getenv();
        unset($env['PAYSIGN_LIB']);
        self::$process = proc_open($command, [1 => ['file', self::$dir . '/stdout', 'w'], 2 => ['file', self::$dir . '/stderr', 'w']], $pipes, null, $env);
        self::$masterPid = proc_get_status(self::$process)['pid'];
        $deadline = microtime(true) + 20;
        while (microtime(true) < $deadline) {
            $probe = @stream_socket_client('tcp://127.0.0.1:' . self::$port, $errno, $errstr, 0.2);
            if ($probe !== false) {
                fclose($probe);
                return;
            }
            if (!proc_get_status(self::$process)['running']) {
                break;
            }
            usleep(50000);
        }
        self::fail('php-fpm did not start: ' . self::logs());
    }

    public static function tearDownAfterClass(): void
    {
        if (self::$process !== null) {
            proc_terminate(self::$process, SIGTERM);
            $deadline = microtime(true) + 10;
            while (proc_get_status(self::$process)['running'] && microtime(true) < $deadline) {
                usleep(50000);
            }
            if (proc_get_status(self::$process)['running']) {
                proc_terminate(self::$process, SIGKILL);
            }
            proc_close(self::$process);
            self::$process = null;
        }
        $entries = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::$dir, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::CHILD_FIRST);
        foreach ($entries as $entry) {
            $entry->isDir() ? rmdir($entry->getPathname()) : unlink($entry->getPathname());
        }
        @rmdir(self::$dir);
    }

    /** @param list<string> $names */
    private static function binary(array $names): ?string
    {
        foreach ($names as $name) {
            foreach (['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'] as $dir) {
                if (is_executable("$dir/$name")) {
                    return "$dir/$name";
                }
            }
        }
        return null;
    }

    private static function logs(): string
    {
        $logs = '';
        foreach (['fpm.log', 'stdout', 'stderr'] as $file) {
            $logs .= "\n--- $file\n" . @file_get_contents(self::$dir . "/$file");
        }
        return $logs;
    }

    /**
     * Runs a request through cgi-fcgi.
     *
     * @param array<string, string> $params the FastCGI parameters beyond the script's
     * @return array{string, string} the CGI headers and the body
     */
    private static function fastcgi(string $script, array $params, string $stdin = ''): array
    {
        $env = $params + ['SCRIPT_FILENAME' => $script, 'SCRIPT_NAME' => '/' . basename($script), 'PATH' => (string) getenv('PATH')];
        $command = ['timeout', '90', 'cgi-fcgi', '-bind', '-connect', '127.0.0.1:' . self::$port];
        $process = proc_open($command, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        fwrite($pipes[0], $stdin);
        fclose($pipes[0]);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        $status = proc_close($process);
        self::assertSame(0, $status, "cgi-fcgi failed ($status): $err" . self::logs());
        $at = strpos($out, "\r\n\r\n");
        self::assertNotFalse($at, "no CGI headers: $out");
        return [substr($out, 0, $at), substr($out, $at + 4)];
    }

    /** @return array<string, mixed> the decoded JSON report of tests/fpm/sign.php */
    private static function request(int $calls): array
    {
        $env = [
            'SCRIPT_FILENAME' => __DIR__ . '/fpm/sign.php',
            'SCRIPT_NAME' => '/sign.php',
            'REQUEST_METHOD' => 'GET',
            'QUERY_STRING' => "calls=$calls",
            'PATH' => (string) getenv('PATH'),
        ];
        $command = ['timeout', '90', 'cgi-fcgi', '-bind', '-connect', '127.0.0.1:' . self::$port];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        $status = proc_close($process);
        self::assertSame(0, $status, "cgi-fcgi failed ($status): $err" . self::logs());
        $body = substr($out, (int) strpos($out, "\r\n\r\n") + 4);
        $report = json_decode($body, true);
        self::assertIsArray($report, "not JSON: $out" . self::logs());
        return $report;
    }

    public function testPreloadedClassLoadsLazilyInEachWorker(): void
    {
        $demo = json_decode((string) file_get_contents(dirname(__DIR__, 3) . '/testvectors/demo/requests.json'), true);
        $expectedHash = PaySign::call($demo['requests'][0]['op'], $demo['requests'][0]['request'])['hash'];
        $seen = [];
        for ($i = 0; $i < 8; $i++) {
            $report = self::request(1000);
            self::assertSame('preload', $report['ffi_enable'], 'the default, unchanged');
            self::assertSame('restricted', $report['script_ffi'], 'a request script may not use FFI itself');
            self::assertTrue($report['class_preloaded'], 'the class comes from opcache.preload');
            self::assertNotSame(self::$masterPid, $report['pid']);
            self::assertSame($expectedHash, $report['hash']);
            // FFI state is per request; the library is opened in the worker on
            // its first request and stays mapped there for later ones.
            self::assertFalse($report['loaded_before_request']);
            self::assertSame(isset($seen[$report['pid']]), $report['mapped_before_request'], "worker {$report['pid']}");
            $seen[$report['pid']] = true;
        }
        // The master never opened it: that is what makes the workers fork-safe.
        self::assertStringNotContainsString('libpaysign.so', (string) file_get_contents('/proc/' . self::$masterPid . '/maps'));
        foreach (array_keys($seen) as $worker) {
            self::assertStringContainsString('libpaysign.so', (string) file_get_contents("/proc/$worker/maps"));
        }
    }

    /**
     * The README's pushback handler (docs/snippets/php/shop.php) under
     * PHP-FPM (its real home) reads at most 1 MiB whatever CONTENT_LENGTH
     * says: a length that is not a number is 400, one over 1 MiB 413
     * unread, and none of them a 500 or a trace. It runs in a folder of its
     * own, as in a user's project, whose vendor/autoload.php is the tests'
     * autoloader (the classes are preloaded: it loads none).
     */
    public function testThePushbackHandlerBoundsTheBody(): void
    {
        $project = self::$dir . '/shop';
        @mkdir("$project/vendor", 0777, true);
        copy(dirname(__DIR__, 3) . '/docs/snippets/php/shop.php', $handler = "$project/shop.php");
        file_put_contents("$project/vendor/autoload.php", "<?php\nrequire " . var_export(__DIR__ . '/bootstrap.php', true) . ";\n");
        $apiKey = 'TEST_ONLY_fpm_pushback_' . bin2hex(random_bytes(6));
        // PAYWAY_BASE_URL: a port nothing listens on, so the handler's check_transaction is not_sent
        $server = stream_socket_server('tcp://127.0.0.1:0');
        $nobody = (string) stream_socket_get_name($server, false);
        fclose($server);
        $base = ['REQUEST_METHOD' => 'POST', 'CONTENT_TYPE' => 'application/json', 'PAYWAY_MERCHANT_ID' => 'ec000002',
            'PAYWAY_API_KEY' => $apiKey, 'PAYWAY_BASE_URL' => "http://$nobody"];
        $pushback = '{"tran_id":"T1","apv":"123456","status":"0","return_params":"","merchant_ref":""}';
        // PayWay's documented check: the values in ksort order (apv, merchant_ref, return_params, status, tran_id)
        $signature = base64_encode(hash_hmac('sha512', '123456' . '' . '' . '0' . 'T1', $apiKey, true));
        $twoMiB = str_repeat('x', 2 << 20);
        foreach ([
            'a signed pushback' => [['CONTENT_LENGTH' => (string) \strlen($pushback), 'HTTP_X_PAYWAY_HMAC_SHA512' => $signature], $pushback, 200],
            'no signature' => [['CONTENT_LENGTH' => (string) \strlen($pushback)], $pushback, 401],
            'no Content-Length' => [[], $pushback, 401],
            'Content-Length -1' => [['CONTENT_LENGTH' => '-1'], $pushback, 400],
            'Content-Length abc' => [['CONTENT_LENGTH' => 'abc'], $pushback, 400],
            'Content-Length 2 MiB' => [['CONTENT_LENGTH' => (string) \strlen($twoMiB)], $twoMiB, 413],
            'Content-Length 1 MiB + 1' => [['CONTENT_LENGTH' => (string) ((1 << 20) + 1)], str_repeat('x', (1 << 20) + 1), 413],
            'Content-Length huge' => [['CONTENT_LENGTH' => '99999999999999999999999'], $pushback, 413],
        ] as $case => [$params, $body, $want]) {
            [$headers, $answer] = self::fastcgi($handler, $params + $base, $body);
            $status = preg_match('/^Status: (\d{3})/m', $headers, $m) === 1 ? (int) $m[1] : 200;
            self::assertSame($want, $status, "$case: $headers\n\n$answer");
            foreach (['Fatal', 'Warning', 'Stack trace', 'Uncaught'] as $trace) {
                self::assertStringNotContainsString($trace, $answer, $case);
            }
            self::assertFalse(str_contains($headers . $answer, $apiKey), "$case: the answer holds the API key (not shown)");
        }
        self::assertStringNotContainsString('PHP Fatal', self::logs());
    }

    public function testLongRequestDoesNotHang(): void
    {
        // 200 000 calls: with the library opened in the master (ffi.preload)
        // such requests hang once the Go runtime needs its threads.
        $report = self::request(200000);
        self::assertSame(200000, $report['calls']);
    }
}
