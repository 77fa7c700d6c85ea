<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PayWayError;
use PHPUnit\Framework\TestCase;

/**
 * The README's two first examples ("Quick start": sign and send; "Testing
 * your integration") are the snippets of docs/snippets/php.md, at most 15
 * lines each, and they run: each in a fresh PHP process against a real
 * `paysign mock`, printing what their comments say.
 */
final class ReadmeTest extends TestCase
{
    private static function block(string $file, string $heading): string
    {
        $text = (string) file_get_contents($file);
        $at = strpos($text, "\n$heading\n");
        self::assertNotFalse($at, "$file has no \"$heading\"");
        self::assertSame(1, preg_match('/```php\n(.*?)```/s', substr($text, $at), $m), "$file: no php block after $heading");
        return $m[1];
    }

    /** @return array{string, string} the README's and the snippet file's block */
    private static function snippet(string $readmeHeading, string $snippetHeading): array
    {
        $readme = self::block(dirname(__DIR__) . '/README.md', $readmeHeading);
        $snippet = self::block(dirname(__DIR__, 3) . '/docs/snippets/php.md', $snippetHeading);
        return [$readme, $snippet];
    }

    /**
     * Runs $code after $prelude in a fresh process; returns its output.
     *
     * @param array<string, string> $env
     */
    private static function runPhp(string $prelude, string $code, array $env = []): string
    {
        $base = tempnam(sys_get_temp_dir(), 'paysign-readme-');
        $file = "$base.php";
        file_put_contents($file, "<?php\ndeclare(strict_types=1);\nrequire " . var_export(__DIR__ . '/bootstrap.php', true)
            . ";\n$prelude\n$code");
        try {
            $process = proc_open(['timeout', '60', PHP_BINARY, $file], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env + getenv());
            self::assertIsResource($process);
            $out = (string) stream_get_contents($pipes[1]);
            $err = (string) stream_get_contents($pipes[2]);
            self::assertSame(0, proc_close($process), $out . $err);
            return $out;
        } finally {
            @unlink($file);
            @unlink($base);
        }
    }

    public function testTheSnippetsAreTheReadmesFirstExamples(): void
    {
        foreach ([['## Quick start', '## Sign and send'], ['## Testing your integration', '## Testing your integration']] as [$r, $s]) {
            [$readme, $snippet] = self::snippet($r, $s);
            self::assertSame($readme, $snippet, "docs/snippets/php.md \"$s\" differs from the README's \"$r\"");
            self::assertLessThanOrEqual(15, substr_count($snippet, "\n"), "\"$s\" is over 15 lines");
        }
    }

    public function testTheSnippetsRunAgainstTheMock(): void
    {
        if (Mock::binary() === null) {
            self::markTestSkipped('no paysign binary: make test-php builds it (or set PAYSIGN_CLI)');
        }
        $mock = Mock::start();
        $receiver = Receiver::start();
        try {
            // Quick start: a refund of a paid purchase, ORDER-1001, a fixture of the mock.
            [$quickStart] = self::snippet('## Quick start', '## Sign and send');
            $env = ['PAYWAY_MERCHANT_ID' => $mock->merchantId, 'PAYWAY_API_KEY' => $mock->apiKey,
                'PAYWAY_RSA_PUBLIC_KEY' => str_replace("\n", '\n', $mock->rsaPublicKey), 'PAYWAY_BASE_URL' => $mock->url];
            self::assertSame("00 success\n", self::runPhp('', $quickStart, $env));
            // ... and a refused one: beyond what is left
            self::assertSame("PTL37 declined\n", self::runPhp('', str_replace("'1.50'", "'9.00'", $quickStart), $env));
            self::assertSame("PTL02 wrong_hash\n", self::runPhp('', $quickStart, ['PAYWAY_API_KEY' => 'TEST_ONLY_wrong'] + $env));
            // ... and one that gets no verdict: nothing listens at the base URL
            $server = stream_socket_server('tcp://127.0.0.1:0');
            $nobody = 'http://' . stream_socket_get_name($server, false);
            fclose($server);
            self::assertSame("not_sent send_again\n", self::runPhp('', $quickStart, ['PAYWAY_BASE_URL' => $nobody] + $env));

            // Testing your integration, with the mock's own URL and key file.
            [$testing] = self::snippet('## Testing your integration', '## Testing your integration');
            self::assertStringContainsString("'http://127.0.0.1:4010'", $testing);
            $prelude = '$rsaPublicKeyFile = ' . var_export($mock->rsaPublicKeyFile, true) . ";\n"
                . '$handlerUrl = ' . var_export($receiver->url . '/payway/pushback', true) . ';';
            $out = self::runPhp($prelude, str_replace("'http://127.0.0.1:4010'", var_export($mock->url, true), $testing));
            self::assertSame("APPROVED\nORDER-1\n", $out);
            $pushbacks = array_values(array_filter($receiver->pushbacks(), static fn (array $p): bool => str_contains($p['body'], '"ORDER-1"')));
            self::assertCount(1, $pushbacks, 'the pushback reached the handler');
        } finally {
            $mock->stop();
            $receiver->stop();
        }
    }
}
