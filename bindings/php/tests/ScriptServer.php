<?php

declare(strict_types=1);

namespace PaySign\Tests;

/**
 * The scripted server of the send conformance vectors (the repository's
 * build/scriptserver, or $SCRIPTSERVER, which make test-php sets): started
 * with proc_open, it prints {"url", "closed_url", "control_url"} and serves
 * until its standard input closes. A script is loaded with POST
 * control_url/script and the server's counts read with GET
 * control_url/counts, through PHP's own HTTP stream (not curl, which is
 * what is under test).
 */
final class ScriptServer
{
    public readonly string $url;
    public readonly string $closedUrl;
    private readonly string $controlUrl;

    /** @var resource|null */
    private $process;
    /** @var resource */
    private $stdin;

    /**
     * @param resource $process
     * @param resource $stdin
     */
    private function __construct($process, $stdin, string $url, string $closedUrl, string $controlUrl, private readonly string $log)
    {
        $this->process = $process;
        $this->stdin = $stdin;
        $this->url = $url;
        $this->closedUrl = $closedUrl;
        $this->controlUrl = $controlUrl;
    }

    /** The scriptserver binary; a missing one fails the suite (make build/scriptserver builds it). */
    public static function binary(): string
    {
        $given = getenv('SCRIPTSERVER');
        $path = $given !== false && $given !== '' ? $given : dirname(__DIR__, 3) . '/build/scriptserver';
        if (!is_file($path) || !is_executable($path)) {
            throw new \RuntimeException("no scriptserver at $path: run `make build/scriptserver` (make test-php does) or set SCRIPTSERVER");
        }
        return $path;
    }

    public static function start(): self
    {
        $log = (string) tempnam(sys_get_temp_dir(), 'paysign-scriptserver-');
        $process = proc_open([self::binary()], [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $log, 'w']], $pipes);
        if (!\is_resource($process)) {
            throw new \RuntimeException('cannot start the scriptserver');
        }
        $read = [$pipes[1]];
        $write = $except = null;
        $line = stream_select($read, $write, $except, 20) === 1 ? fgets($pipes[1]) : false;
        fclose($pipes[1]);
        $hello = \is_string($line) ? json_decode($line, true) : null;
        if (!\is_array($hello) || !isset($hello['url'], $hello['closed_url'], $hello['control_url'])) {
            fclose($pipes[0]);
            proc_terminate($process, 9);
            proc_close($process);
            throw new \RuntimeException('the scriptserver did not start: ' . var_export($line, true) . ' ' . file_get_contents($log));
        }
        return new self($process, $pipes[0], $hello['url'], $hello['closed_url'], $hello['control_url'], $log);
    }

    /**
     * Loads a script (the actions of the requests to come; the last one
     * repeats) and resets the counts.
     *
     * @param list<mixed> $actions as decoded from the vectors (objects kept as objects)
     */
    public function load(array $actions): void
    {
        [$status] = $this->control('POST', '/script', json_encode(['actions' => $actions], JSON_THROW_ON_ERROR));
        if ($status !== 204) {
            throw new \RuntimeException("the scriptserver refused the script: HTTP $status");
        }
    }

    /** @return array{connections: int, requests: int, redirected: int} what the server saw since the script was loaded */
    public function counts(): array
    {
        [$status, $body] = $this->control('GET', '/counts');
        $counts = json_decode($body, true);
        if ($status !== 200 || !\is_array($counts)) {
            throw new \RuntimeException("the scriptserver's counts: HTTP $status");
        }
        /** @var array{connections: int, requests: int, redirected: int} $counts */
        return $counts;
    }

    /** @return array{int, string} */
    private function control(string $method, string $path, string $body = ''): array
    {
        $context = stream_context_create(['http' => ['method' => $method, 'ignore_errors' => true, 'timeout' => 20,
            'header' => "Content-Type: application/json\r\nConnection: close\r\n", 'content' => $body]]);
        $answer = file_get_contents($this->controlUrl . $path, false, $context);
        preg_match('~^HTTP/\S+ (\d+)~', $http_response_header[0] ?? '', $m);
        return [(int) ($m[1] ?? 0), (string) $answer];
    }

    /** Stops the server: its standard input closes, then SIGTERM if it lingers. */
    public function stop(): void
    {
        if ($this->process === null) {
            return;
        }
        fclose($this->stdin);
        $deadline = microtime(true) + 5;
        while (proc_get_status($this->process)['running'] && microtime(true) < $deadline) {
            usleep(20000);
        }
        Processes::stop($this->process);
        $this->process = null;
        @unlink($this->log);
    }

    public function __destruct()
    {
        $this->stop();
    }
}
