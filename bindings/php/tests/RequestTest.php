<?php

declare(strict_types=1);

namespace PaySign\Tests;

use PaySign\PaySign;
use PaySign\PaySignError;
use PaySign\PayWay;
use PHPUnit\Framework\TestCase;

enum TestCurrency: string
{
    case USD = 'USD';
}

enum TestUnitEnum
{
    case One;
}

/**
 * What a request may hold, checked before anything is sent (issues 10.4,
 * 11.5, 11.10): one float policy, only PaySignError at the boundary, JSON
 * text as a request, member order as given. Expected hashes are computed
 * here with hash_hmac, independently of paysign.
 */
final class RequestTest extends TestCase
{
    use CatchesErrors;

    private const API_KEY = 'TEST_ONLY_request_test_api_key';
    private const TIME = '20261121093403';

    private static function payway(): PayWay
    {
        return new PayWay('ec000002', self::API_KEY);
    }

    private static function hmac(string $input, string $key = self::API_KEY): string
    {
        return base64_encode(hash_hmac('sha512', $input, $key, true));
    }

    /** @return iterable<string, array{array<string, mixed>, string}> params with a float somewhere => the field named */
    public static function floats(): iterable
    {
        yield 'top level' => [['tran_id' => 'T1', 'refund_amount' => 1.5], 'params.refund_amount'];
        yield 'whole float 1.0' => [['tran_id' => 'T1', 'refund_amount' => 1.0], 'params.refund_amount'];
        yield 'zero float' => [['tran_id' => 'T1', 'refund_amount' => 0.0], 'params.refund_amount'];
        yield 'INF' => [['tran_id' => 'T1', 'refund_amount' => INF], 'params.refund_amount'];
        yield 'NAN' => [['tran_id' => 'T1', 'refund_amount' => NAN], 'params.refund_amount'];
        yield 'in an item' => [['tran_id' => 'T1', 'amount' => '1.50', 'items' => [['name' => 'A', 'quantity' => 1, 'price' => '1.00'], ['name' => 'B', 'quantity' => 1, 'price' => 0.5]]], 'params.items.1.price'];
        yield 'deep in custom_fields' => [['tran_id' => 'T1', 'amount' => '1.50', 'custom_fields' => ['a' => ['b' => ['c' => [1, 2, 3.25]]]]], 'params.custom_fields.a.b.c.2'];
        yield 'in a stdClass' => [['tran_id' => 'T1', 'amount' => '1.50', 'custom_fields' => (object) ['rate' => 0.1]], 'params.custom_fields.rate'];
    }

    /**
     * @dataProvider floats
     * @param array<string, mixed> $params
     */
    public function testFloatAnywhereInParamsIsRefused(array $params, string $field): void
    {
        $e = self::errorOf(static fn () => self::payway()->sign(isset($params['refund_amount']) ? 'refund' : 'purchase', $params));
        self::assertSame(['float_not_allowed', $field], [$e->getErrorCode(), $e->getField()]);
        self::assertStringContainsString("decimal string such as '1.50'", $e->getMessage());
    }

    public function testFloatAnywhereInARawRequestIsRefused(): void
    {
        $e = self::errorOf(static fn () => PaySign::call('payway.sign', ['operation' => 'refund', 'credentials' => ['api_key' => 'k'], 'params' => ['tran_id' => 'T1'], 'x' => [[['y' => 2.5]]]]));
        self::assertSame(['float_not_allowed', 'x.0.0.y'], [$e->getErrorCode(), $e->getField()]);
        $e = self::errorOf(static fn () => PaySign::call('paysign.version', ['n' => 1.0]));
        self::assertSame('float_not_allowed', $e->getErrorCode());
    }

    /** The float is caught in PHP: in a fresh process the library is not even loaded afterwards. */
    public function testFloatNeverReachesTheLibrary(): void
    {
        $script = 'require ' . var_export(__DIR__ . '/bootstrap.php', true) . ';'
            . '$p = new PaySign\PayWay("ec000002", "k");'
            . 'try { $p->sign("refund", ["tran_id" => "T1", "refund_amount" => 1.5]); echo "signed"; }'
            . 'catch (PaySign\PaySignError $e) { echo $e->getErrorCode(), " loaded=", var_export(PaySign\Library::isLoaded(), true); }';
        $out = shell_exec(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($script));
        self::assertSame('float_not_allowed loaded=false', $out);
    }

    public function testIntsAndStringsAreAccepted(): void
    {
        $signed = self::payway()->sign('purchase', ['tran_id' => 'T1', 'amount' => 10, 'currency' => 'USD',
            'items' => [['name' => 'A', 'quantity' => 2, 'price' => '2.50']], 'lifetime' => 30], self::TIME);
        $fields = array_column($signed['fields'], 1, 0);
        self::assertSame('10.00', $fields['amount']);
        self::assertSame(base64_encode('[{"name":"A","quantity":2,"price":"2.50"}]'), $fields['items']);
        self::assertSame(self::hmac($signed['hash_input']), $signed['hash']);
        self::assertSame(self::TIME . 'ec000002T110.00' . $fields['items'], substr($signed['hash_input'], 0, 29 + \strlen($fields['items'])));
    }

    public function testBackedEnumsAndStdClassAreAccepted(): void
    {
        $signed = self::payway()->sign('purchase', ['tran_id' => 'T1', 'amount' => '1.00', 'currency' => TestCurrency::USD,
            'custom_fields' => (object) ['b' => 'x', 'a' => 'y']], self::TIME);
        $fields = array_column($signed['fields'], 1, 0);
        self::assertSame('USD', $fields['currency']);
        self::assertSame(base64_encode('{"b":"x","a":"y"}'), $fields['custom_fields']);
    }

    /** @return iterable<string, array{callable(): mixed, string, ?string}> */
    public static function unsendable(): iterable
    {
        $payway = static fn (array $params): array => self::payway()->sign('purchase', ['tran_id' => 'T1', 'amount' => '1.00'] + $params);
        yield 'invalid UTF-8 value' => [static fn () => $payway(['firstname' => "Jos\xe9"]), 'malformed_request', 'params.firstname'];
        yield 'invalid UTF-8 key' => [static fn () => $payway(['custom_fields' => ["k\xff" => 'v']]), 'malformed_request', 'params.custom_fields'];
        yield 'invalid UTF-8 operation' => [static fn () => self::payway()->sign("refund\xff", []), 'malformed_request', 'operation'];
        yield 'invalid UTF-8 in a raw request' => [static fn () => PaySign::call('payway.sign', ['operation' => "\xc3"]), 'malformed_request', 'operation'];
        yield 'too deep' => [static function () use ($payway) {
            $deep = 'x';
            for ($i = 0; $i < 600; $i++) {
                $deep = [$deep];
            }
            return $payway(['custom_fields' => ['d' => $deep]]);
        }, 'malformed_request', null];
        yield 'recursive array' => [static function () use ($payway) {
            $a = ['x' => 1];
            $a['self'] = &$a;
            return $payway(['custom_fields' => $a]);
        }, 'malformed_request', null];
        yield 'recursive object' => [static function () use ($payway) {
            $o = new \stdClass();
            $o->self = $o;
            return $payway(['custom_fields' => $o]);
        }, 'malformed_request', null];
        yield 'resource' => [static fn () => $payway(['custom_fields' => ['f' => STDERR]]), 'malformed_request', 'params.custom_fields.f'];
        yield 'closed resource' => [static function () use ($payway) {
            $f = fopen('php://memory', 'r');
            fclose($f);
            return $payway(['custom_fields' => ['f' => $f]]);
        }, 'malformed_request', 'params.custom_fields.f'];
        yield 'closure' => [static fn () => $payway(['return_url' => static fn () => 'https://x']), 'malformed_request', 'params.return_url'];
        yield 'object' => [static fn () => $payway(['custom_fields' => ['when' => new \DateTimeImmutable()]]), 'malformed_request', 'params.custom_fields.when'];
        yield 'ArrayObject' => [static fn () => $payway(['items' => new \ArrayObject([])]), 'malformed_request', 'params.items'];
        yield 'unit enum' => [static fn () => $payway(['currency' => TestUnitEnum::One]), 'malformed_request', 'params.currency'];
        yield 'op of type int' => [static fn () => PaySign::call(42, []), 'malformed_request', null];
        yield 'op null' => [static fn () => PaySign::call(null, []), 'malformed_request', null];
        yield 'op array' => [static fn () => PaySign::call(['payway.sign'], []), 'malformed_request', null];
        yield 'op with NUL' => [static fn () => PaySign::call("payway.sign\0x", []), 'misuse', null];
        yield 'request of type int' => [static fn () => PaySign::call('paysign.version', 42), 'malformed_request', null];
        yield 'request an object' => [static fn () => PaySign::call('paysign.version', new \ArrayObject()), 'malformed_request', null];
        yield 'request a closure' => [static fn () => PaySign::call('paysign.version', static fn () => []), 'malformed_request', null];
        yield 'request text not JSON' => [static fn () => PaySign::call('paysign.version', '{"a":'), 'malformed_request', null];
        yield 'request text a list' => [static fn () => PaySign::call('payway.sign', '[1]'), 'malformed_request', null];
    }

    /**
     * @dataProvider unsendable
     * @param callable(): mixed $fn
     */
    public function testEveryProblemIsAPaySignError(callable $fn, string $code, ?string $field): void
    {
        $e = self::errorOf($fn);
        self::assertSame($code, $e->getErrorCode(), $e->getMessage());
        if ($field !== null) {
            self::assertSame($field, $e->getField(), $e->getMessage());
        }
        self::assertNull($e->getPrevious(), 'no raw exception (with its arguments) is chained');
    }

    public function testNoErrorMessageHoldsTheApiKey(): void
    {
        $marker = 'TEST_ONLY_SECRET_MARKER_' . bin2hex(random_bytes(8));
        $errors = [
            self::errorOf(static fn () => (new PayWay('ec000002', "$marker\xff"))->sign('check_transaction', ['tran_id' => 'T1'])),
            self::errorOf(static fn () => PaySign::call('payway.sign', ['credentials' => ['api_key' => "\xfe$marker"]])),
            self::errorOf(static fn () => PaySign::call('payway.sign', ['credentials' => ['api_key' => $marker], 'x' => 1.5])),
            self::errorOf(static fn () => PaySign::call('payway.sign', ['credentials' => ['api_key' => $marker], 'x' => fopen('php://memory', 'r')])),
            self::errorOf(static fn () => PaySign::call('payway.sign', '{"credentials":{"api_key":"' . $marker . '"},"x":')),
        ];
        foreach ($errors as $e) {
            self::assertContains($e->getErrorCode(), ['malformed_request', 'float_not_allowed']);
            self::assertFalse(str_contains((string) $e, $marker), 'an error holds the API key (not shown)');
        }
        self::assertSame('credentials.api_key', $errors[0]->getField());
    }

    public function testRequestAsJsonText(): void
    {
        $request = ['operation' => 'check_transaction', 'credentials' => ['merchant_id' => 'ec000002', 'api_key' => self::API_KEY],
            'params' => ['tran_id' => 'T1'], 'request_time' => self::TIME];
        $fromArray = PaySign::call('payway.sign', $request);
        $fromText = PaySign::call('payway.sign', json_encode($request, JSON_THROW_ON_ERROR));
        self::assertSame($fromArray, $fromText);
        self::assertSame(self::hmac(self::TIME . 'ec000002T1'), $fromText['hash']);
        // JSON text may carry numbers with a fraction: the core reads them as exact decimals, never through a float.
        $refund = PaySign::call('payway.sign', '{"operation":"refund","credentials":{"merchant_id":"ec000002","api_key":"k","rsa_public_key":'
            . json_encode((string) file_get_contents(dirname(__DIR__, 3) . '/internal/testkeys/rsa1024_TEST_ONLY_public.pem'))
            . '},"params":{"tran_id":"T1","refund_amount":1.50}}');
        self::assertSame('{"mc_id":"ec000002","tran_id":"T1","refund_amount":1.5}', $refund['merchant_auth_json']);
        self::assertSame(1, PaySign::call('paysign.version', '')['abi_version'], 'empty text is {}');
        self::assertSame(1, PaySign::call('paysign.version', (object) [])['abi_version']);
    }

    /**
     * Issue 10.4: the member order a PHP caller writes is the order sent. The
     * parameters below, written as a PHP user writes them (items and
     * custom_fields first), must give exactly the fields of the MemberOrder
     * vector of testvectors/payway_sign.json.
     */
    public function testMemberOrderMatchesTheVector(): void
    {
        $document = json_decode((string) file_get_contents(VectorRunner::directory() . '/payway_sign.json'), true, 512, JSON_THROW_ON_ERROR);
        $vectors = array_values(array_filter($document['tests'], static fn (array $t): bool => \in_array('MemberOrder', $t['flags'] ?? [], true)));
        self::assertCount(1, $vectors);
        $vector = $vectors[0];
        $payway = new PayWay($vector['input']['credentials']['merchant_id'], $vector['input']['credentials']['api_key']);
        $signed = $payway->sign('purchase', [
            'items' => [
                ['name' => 'Iced latte', 'quantity' => 2, 'price' => '2.50'],
                ['name' => 'Num pang', 'quantity' => 1, 'price' => '2.00'],
            ],
            'custom_fields' => ['order_ref' => 'ORD-1010', 'channel' => 'web', 'customer' => ['tier' => 'gold', 'id' => 'C-77']],
            'return_deeplink' => ['ios_scheme' => 'shopapp://payway/return', 'android_scheme' => 'shopapp://payway/return'],
            'tran_id' => 'T1010',
            'amount' => '7.00',
            'currency' => 'USD',
        ], $vector['input']['request_time']);
        self::assertSame($vector['output']['fields'], $signed['fields']);
        self::assertSame($vector['output']['hash_input'], $signed['hash_input']);
        // And independently of the vector: PHP's own json_encode of the same arrays, base64, hash_hmac.
        $fields = array_column($signed['fields'], 1, 0);
        self::assertSame(base64_encode((string) json_encode([
            ['name' => 'Iced latte', 'quantity' => 2, 'price' => '2.50'], ['name' => 'Num pang', 'quantity' => 1, 'price' => '2.00']])), $fields['items']);
        self::assertSame(base64_encode((string) json_encode(['order_ref' => 'ORD-1010', 'channel' => 'web',
            'customer' => ['tier' => 'gold', 'id' => 'C-77']])), $fields['custom_fields']);
        self::assertSame(self::hmac($signed['hash_input'], $vector['input']['credentials']['api_key']), $fields['hash']);
    }

    /** Constructing, cloning, closing and destroying PayWay and Credentials objects never loads the library (pcntl_fork, FPM preload). */
    public function testLibraryIsNotLoadedByAnythingButACall(): void
    {
        $script = 'require ' . var_export(__DIR__ . '/bootstrap.php', true) . ';'
            . '$p = new PaySign\PayWay("ec000002", "k"); $c = new PaySign\Credentials(["api_key" => "k"]); $q = clone $p;'
            . '$p->close(); unset($c, $q);'
            . 'echo var_export(PaySign\Library::isLoaded(), true);';
        self::assertSame('false', shell_exec(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($script)));
    }
}
