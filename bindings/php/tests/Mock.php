<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PayWay;

/**
 * A running `paysign mock` (the real binary, found by binary()), started
 * with proc_open on 127.0.0.1:0 and stopped with SIGTERM. Its banner on
 * stdout gives the URL (the first line, "paysign mock listening on
 * http://..."), and the first "merchant_id=... api_key=...
 * rsa_public_key_file=..." line the TEST-ONLY merchant; every other line
 * (the export line, "helpers: ...", lines a later mock adds) is ignored
 * (docs/mock.md, "Starting it").
 */
final class Mock
{
    public readonly string $url;
    public readonly string $merchantId;
    public readonly string $apiKey;
    public readonly string $rsaPublicKey;
    public readonly string $rsaPublicKeyFile;

    /** @var resource|null */
    private $process;
    /** @var resource the mock's stdout, kept open (a Go program writing to a closed pipe dies) */
    private $stdout;

    /**
     * @param resource $process
     * @param resource $stdout
     * @param array<string, string> $banner
     */
    private function __construct($process, $stdout, array $banner, private readonly string $log)
    {
        $this->process = $process;
        $this->stdout = $stdout;
        $this->url = $banner['url'];
        $this->merchantId = $banner['merchant_id'];
        $this->apiKey = $banner['api_key'];
        $this->rsaPublicKeyFile = $banner['rsa_public_key_file'];
        $this->rsaPublicKey = (string) file_get_contents($this->rsaPublicKeyFile);
    }

    /**
     * The paysign program that runs the mock, the first of: $explicit, the
     * variable PAYSIGN_CLI, the opt-in mock package (\PaySign\Mock\Binary::path(),
     * when that class exists), `paysign` on PATH, the repository's
     * build/paysign. Null when there is none (make build/paysign builds it).
     *
     * @throws \RuntimeException when $explicit, PAYSIGN_CLI or the package names a file that is not a program
     */
    public static function binary(?string $explicit = null): ?string
    {
        $cli = getenv('PAYSIGN_CLI');
        $named = match (true) {
            $explicit !== null => [$explicit, 'the argument'],
            \is_string($cli) && $cli !== '' => [$cli, 'PAYSIGN_CLI'],
            class_exists(\PaySign\Mock\Binary::class) => [\PaySign\Mock\Binary::path(), '\PaySign\Mock\Binary::path()'],
            default => null,
        };
        if ($named !== null) {
            [$path, $origin] = $named;
            if (!\is_string($path) || !is_file($path) || !is_executable($path)) {
                throw new \RuntimeException("$origin names " . var_export($path, true) . ', which is not a program');
            }
            return $path;
        }
        foreach (explode(PATH_SEPARATOR, (string) getenv('PATH')) as $dir) {
            if ($dir !== '' && is_file("$dir/paysign") && is_executable("$dir/paysign")) {
                return "$dir/paysign";
            }
        }
        $built = dirname(__DIR__, 3) . '/build/paysign';
        return is_file($built) && is_executable($built) ? $built : null;
    }

    /**
     * Starts `paysign mock --listen 127.0.0.1:0 --quiet` with $flags and reads its banner.
     *
     * @param list<string> $flags
     */
    public static function start(array $flags = [], ?string $binary = null): self
    {
        $binary = self::binary($binary) ?? throw new \RuntimeException('no paysign program: set PAYSIGN_CLI or run make build/paysign');
        $log = (string) tempnam(sys_get_temp_dir(), 'paysign-mock-log-');
        $process = proc_open([$binary, 'mock', '--listen', '127.0.0.1:0', '--quiet', ...$flags],
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $log, 'w']], $pipes);
        if (!\is_resource($process)) {
            throw new \RuntimeException("cannot start $binary mock");
        }
        $banner = [];
        $text = '';
        $deadline = microtime(true) + 20;
        stream_set_blocking($pipes[1], false);
        while (\count($banner) < 4 && microtime(true) < $deadline && !feof($pipes[1])) {
            $read = [$pipes[1]];
            $write = $except = null;
            if (stream_select($read, $write, $except, 0, 200000) === 0) {
                continue;
            }
            $text .= (string) fread($pipes[1], 8192);
            $lines = explode("\n", $text);
            array_pop($lines); // a line not complete yet
            foreach ($lines as $line) {
                if (preg_match('~^paysign mock listening on (http://\S+)$~', $line, $m) === 1) {
                    $banner['url'] = $m[1];
                } elseif (str_starts_with($line, 'merchant_id=') && !isset($banner['merchant_id'])) {
                    foreach (explode(' ', $line) as $pair) {
                        [$name, $value] = explode('=', $pair, 2) + [1 => ''];
                        if (\in_array($name, ['merchant_id', 'api_key', 'rsa_public_key_file'], true)) {
                            $banner[$name] = $value;
                        }
                    }
                }
            }
        }
        if (\count($banner) !== 4) {
            proc_terminate($process, 9);
            proc_close($process);
            throw new \RuntimeException('paysign mock did not start: ' . $text . file_get_contents($log));
        }
        return new self($process, $pipes[1], $banner, $log);
    }

    /**
     * A PayWay pointed at this mock.
     *
     * @param array<string, mixed> $options more constructor arguments by name
     */
    public function payway(array $options = []): PayWay
    {
        return new PayWay(...($options + ['merchantId' => $this->merchantId, 'apiKey' => $this->apiKey,
            'rsaPublicKey' => $this->rsaPublicKey, 'baseUrl' => $this->url]));
    }

    /**
     * Calls a /__mock/ helper.
     *
     * @param array<string, mixed>|null $json
     * @return array{int, array<mixed>} the HTTP status and the decoded answer
     */
    public function helper(string $method, string $path, ?array $json = null): array
    {
        $context = stream_context_create(['http' => ['method' => $method, 'ignore_errors' => true, 'timeout' => 20,
            'header' => "Content-Type: application/json\r\n", 'content' => $json === null ? '' : json_encode($json)]]);
        $body = file_get_contents($this->url . $path, false, $context);
        preg_match('~^HTTP/\S+ (\d+)~', $http_response_header[0] ?? '', $m);
        $decoded = json_decode((string) $body, true);
        return [(int) ($m[1] ?? 0), \is_array($decoded) ? $decoded : []];
    }

    /**
     * The payer pays: POST /__mock/transactions/{tran_id}/approve.
     *
     * @return array<mixed> {"transaction", "pushback", "pushback_delivered"}
     */
    public function approve(string $tranId): array
    {
        [$status, $answer] = $this->helper('POST', '/__mock/transactions/' . rawurlencode($tranId) . '/approve');
        if ($status !== 200) {
            throw new \RuntimeException("approve $tranId: HTTP $status " . json_encode($answer));
        }
        return $answer;
    }

    /** Arms a fault for the next $count requests of $operation (docs/mock.md, "Faults"). */
    public function fault(string $operation, string $kind, int $count = 1, int $status = 0, int $delayMs = 0): void
    {
        [$code] = $this->helper('POST', '/__mock/faults', array_filter(['operation' => $operation, 'kind' => $kind,
            'count' => $count, 'status' => $status, 'delay_ms' => $delayMs]));
        if ($code !== 200) {
            throw new \RuntimeException("arming $operation:$kind answered HTTP $code");
        }
    }

    /**
     * The requests the mock received (not the pushbacks it sent), optionally
     * only those of one operation, naming one transaction (in the record or
     * its plain fields: a request refused before its parameters were read
     * still has them), received after the request numbered $afterSeq.
     *
     * @return list<array<string, mixed>>
     */
    public function requests(?string $operation = null, ?string $tranId = null, int $afterSeq = 0): array
    {
        [, $answer] = $this->helper('GET', '/__mock/requests');
        $requests = \is_array($answer['requests'] ?? null) ? $answer['requests'] : [];
        return array_values(array_filter($requests, static fn (array $r): bool => ($r['kind'] ?? '') === 'request'
            && ($r['seq'] ?? 0) > $afterSeq
            && ($operation === null || ($r['operation'] ?? '') === $operation)
            && ($tranId === null || \in_array($tranId, [$r['tran_id'] ?? null, $r['fields']['tran_id'] ?? null], true))));
    }

    /** The number of the last request or pushback recorded (0: none). */
    public function lastSeq(): int
    {
        [, $answer] = $this->helper('GET', '/__mock/requests');
        $requests = \is_array($answer['requests'] ?? null) ? $answer['requests'] : [];
        return $requests === [] ? 0 : (int) end($requests)['seq'];
    }

    /** Whether the process is still running. */
    public function running(): bool
    {
        return $this->process !== null && proc_get_status($this->process)['running'];
    }

    /** Stops the mock (SIGTERM; SIGKILL after 10 s) and waits for it. */
    public function stop(): void
    {
        if ($this->process === null) {
            return;
        }
        Processes::stop($this->process); // proc_close() closes its stdout too
        $this->process = null;
        @unlink($this->log);
    }

    public function __destruct()
    {
        $this->stop();
    }
}
