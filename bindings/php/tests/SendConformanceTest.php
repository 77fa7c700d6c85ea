<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PaySignError;
use PaySign\PayWay;
use PaySign\PayWayError;
use PHPUnit\Framework\TestCase;

/**
 * The send conformance vectors (testvectors/send/payway_send.json) through
 * PayWay::send(), against the scripted server: for each scenario one
 * PayWay object sends the operation `sends` times with the scenario's
 * policy, and every send's outcome (done, refused or failed; the code; the
 * category or what to do next) and the server's counts afterwards
 * (requests read, connections accepted, redirects followed) must be the
 * expected ones: the same as Go's paywayhttp, the CLI, Node and Python.
 */
final class SendConformanceTest extends TestCase
{
    private static ?ScriptServer $server = null;
    private static ?object $file = null;

    public static function setUpBeforeClass(): void
    {
        if (!\extension_loaded('curl')) {
            self::fail('PayWay::send() needs ext-curl: make test-php installs php8.2-curl');
        }
        self::$server = ScriptServer::start();
    }

    public static function tearDownAfterClass(): void
    {
        self::$server?->stop();
        self::$server = null;
    }

    private static function file(): object
    {
        return self::$file ??= SendVectors::load();
    }

    /** @return array<string, array{object}> "#<id> <comment>" => [test] */
    public static function scenarios(): array
    {
        $cases = [];
        foreach (self::file()->tests as $test) {
            $cases["#$test->id $test->comment"] = [$test];
        }
        return $cases;
    }

    /** Every scenario of the file runs: none is skipped, and the count is the file's own. */
    public function testEveryScenarioRuns(): void
    {
        self::assertCount(self::file()->number_of_tests, self::scenarios());
    }

    /** @dataProvider scenarios */
    public function testScenario(object $test): void
    {
        $file = self::file();
        $server = self::$server ?? throw new \LogicException('no server');
        $server->load($test->script);
        $credentials = $file->credentials;
        $url = $test->target === 'closed_url' ? $server->closedUrl : $server->url;
        $payway = new PayWay($credentials->merchant_id, $credentials->api_key, $credentials->rsa_public_key,
            baseUrl: $url,
            timeout: $test->policy->timeout_ms / 1000, queryRetries: $test->policy->query_retries,
            retryBackoff: $test->policy->retry_backoff_ms / 1000);
        /** @var array<string, mixed> $params */
        $params = json_decode(json_encode($file->params->{$test->operation}, JSON_THROW_ON_ERROR), true, 512, JSON_THROW_ON_ERROR);
        $want = array_filter(['outcome' => $test->expect->outcome, 'code' => $test->expect->code,
            'location' => isset($test->expect->location) ? str_replace('{url}', $url, $test->expect->location) : null,
            'category' => $test->expect->category ?? null, 'next' => $test->expect->next ?? null], static fn ($v) => $v !== null);
        for ($i = 1; $i <= $test->sends; $i++) {
            if ($i > 1) {
                usleep($test->pause_ms * 1000);
            }
            [$got, $text] = self::outcome(static fn () => $payway->send($test->operation, $params));
            self::assertSame($want, $got, "send $i: $text");
            self::assertFalse(str_contains($text, $credentials->api_key), 'a message holds the API key (not shown)');
        }
        self::assertSame(['connections' => $test->expect->connections, 'requests' => $test->expect->requests,
            'redirected' => $test->expect->redirected], $server->counts(), "the server's counts");
    }

    /**
     * What one send came to, as the vectors write it, and its message.
     *
     * @return array{array<string, string>, string}
     */
    private static function outcome(callable $send): array
    {
        try {
            $response = $send();
            $done = ['outcome' => 'done', 'code' => $response['code']];
            if (($response['location'] ?? '') !== '') {
                $done['location'] = $response['location'];
            }
            return [$done, json_encode($response) ?: ''];
        } catch (PayWayError $e) {
            return [['outcome' => 'refused', 'code' => $e->getErrorCode(), 'category' => $e->getCategory()], $e->getMessage()];
        } catch (PaySignError $e) {
            return [['outcome' => 'failed', 'code' => $e->getErrorCode(), 'next' => (string) $e->getNext()], $e->getMessage()];
        }
    }
}
