<?php

declare(strict_types=1);

namespace PaySign\Tests;

/**
 * A merchant's pushback endpoint for the end-to-end tests: PHP's built-in
 * server (`php -S 127.0.0.1:0`, the port it picks read from its start-up
 * line) with pushback_router.php, which records each pushback (and, raw,
 * every other request: enable_post_data_reading=0 keeps multipart bodies in
 * php://input). Stopped with
 * SIGTERM.
 */
final class Receiver
{
    public readonly string $url;

    /** @var resource|null */
    private $process;

    /** @param resource $process */
    private function __construct($process, string $url, private readonly string $dir)
    {
        $this->process = $process;
        $this->url = $url;
    }

    public static function start(): self
    {
        $dir = sys_get_temp_dir() . '/paysign-pushbacks-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($dir, 0700);
        touch("$dir/pushbacks.jsonl");
        $env = getenv();
        unset($env['PAYSIGN_LIB']);
        $process = proc_open([PHP_BINARY, '-d', 'enable_post_data_reading=0', '-S', '127.0.0.1:0', '-t', $dir, __DIR__ . '/pushback_router.php'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', "$dir/server.log", 'w'], 2 => ['file', "$dir/server.log", 'a']],
            $pipes, $dir, $env + ['PAYSIGN_PUSHBACK_LOG' => "$dir/pushbacks.jsonl"]);
        if (!\is_resource($process)) {
            throw new \RuntimeException('cannot start php -S');
        }
        $deadline = microtime(true) + 20;
        while (microtime(true) < $deadline) {
            if (preg_match('~Development Server \((http://127\.0\.0\.1:\d+)\) started~', (string) @file_get_contents("$dir/server.log"), $m) === 1) {
                return new self($process, $m[1], $dir);
            }
            usleep(20000);
        }
        proc_terminate($process, 9);
        proc_close($process);
        throw new \RuntimeException('php -S did not start: ' . @file_get_contents("$dir/server.log"));
    }

    /**
     * The pushbacks received so far, in order.
     *
     * @return list<array{body: string, signature: ?string, content_type: string, query: string}>
     */
    public function pushbacks(): array
    {
        $out = [];
        foreach (file("{$this->dir}/pushbacks.jsonl", FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
            $entry = json_decode($line, true);
            $out[] = ['body' => (string) base64_decode($entry['body'], true), 'signature' => $entry['signature'],
                'content_type' => $entry['content_type'], 'query' => $entry['query']];
        }
        return $out;
    }

    /**
     * The requests other than pushbacks received so far, in order, as they
     * arrived.
     *
     * @return list<array{method: string, uri: string, headers: array<string, string>, body: string}>
     */
    public function requests(): array
    {
        $out = [];
        foreach (@file("{$this->dir}/requests.jsonl", FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [] as $line) {
            $entry = json_decode($line, true);
            $out[] = ['method' => $entry['method'], 'uri' => $entry['uri'], 'headers' => $entry['headers'],
                'body' => (string) base64_decode($entry['body'], true)];
        }
        return $out;
    }

    /** The next request other than a pushback gets this answer ($body repeated $repeat times). */
    public function answerNext(int $status, string $contentType, string $body, int $repeat = 1): void
    {
        file_put_contents("{$this->dir}/answer.json.tmp", json_encode(['status' => $status, 'content_type' => $contentType,
            'body' => base64_encode($body), 'repeat' => $repeat]));
        rename("{$this->dir}/answer.json.tmp", "{$this->dir}/answer.json");
    }

    public function stop(): void
    {
        if ($this->process === null) {
            return;
        }
        Processes::stop($this->process);
        $this->process = null;
        array_map('unlink', glob("{$this->dir}/*") ?: []);
        @rmdir($this->dir);
    }

    public function __destruct()
    {
        $this->stop();
    }
}
