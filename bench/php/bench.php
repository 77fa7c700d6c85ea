<?php
// PHP bench: paysign (bindings/php over build/libpaysign.so, FFI) against
// the code a PHP user writes instead, in one process and run.
//
// paysign's rows go through the helper object a PHP user holds: a PayWay
// (its credentials handle opened on the first sign, so every timed call
// sends {"handle": N}) for W1–W4, and for W5 (BBMSL, which has no helper
// class) PaySign::call with a Credentials handle. Two more rows, not in the
// table (results.json only): "paysign.inline" is the raw PaySign::call with
// the credentials inline in every request, as before handles; "paysign.ffi"
// is the bare FFI call (Library::invoke: paysign_call, FFI::string,
// paysign_free) of the same handle request, encoded once outside the loop
// and never decoded: what is left when PHP's JSON work is taken away.
//
//   php bench/php/bench.php run  WORKLOADS OUT SCALE REPS   timings (+ equal-work checks)
//   php bench/php/bench.php cold WORKLOADS                  require + first sign (prints JSON)
//
// Baselines as in PayWay's PHP samples (json_encode, 117-byte chunks,
// openssl_public_encrypt, base64 once; base64_encode(hash_hmac('sha512', $b4hash,
// $api_key, true))): "sample" passes the PEM string to openssl_public_encrypt
// / openssl_sign on every call, "best" parses it once with
// openssl_pkey_get_public / openssl_pkey_get_private. Each baseline's output
// is checked by paysign's payway.verify (and against paysign's own output)
// before timing.
declare(strict_types=1);

$t0 = hrtime(true);
[, $mode, $workloadsPath] = $argv;
$repo = dirname(__DIR__, 2);

if ($mode === 'cold') {
    require $repo . '/bindings/php/preload.php';
    $w = json_decode((string) file_get_contents($workloadsPath), true, 512, JSON_THROW_ON_ERROR)[0];
    (new \PaySign\PayWay($w['request']['credentials']['merchant_id'], $w['request']['credentials']['api_key'],
        $w['request']['credentials']['rsa_public_key'] ?? null))->sign($w['request']['operation'], $w['request']['params']);
    $t1 = hrtime(true);
    echo json_encode(['require_and_first_sign_ms' => ($t1 - $t0) / 1e6]), "\n";
    exit(0);
}

require $repo . '/bindings/php/preload.php';
use PaySign\Credentials;
use PaySign\Library;
use PaySign\PaySign;
use PaySign\PayWay;

$workloads = json_decode((string) file_get_contents($workloadsPath), true, 512, JSON_THROW_ON_ERROR);
[, , , $out, $scale, $reps] = $argv + [3 => '', 4 => '1', 5 => '5'];
$scale = (float) $scale;
$reps = (int) $reps;
$rsa1024Private = (string) file_get_contents($repo . '/internal/testkeys/rsa1024_TEST_ONLY_private.pem');

function baselines(array $workloads, string $mode): array
{
    $pubPEM = $workloads[1]['request']['credentials']['rsa_public_key'];
    $privPEM = $workloads[4]['request']['credentials']['private_key'];
    $pub = $mode === 'sample' ? $pubPEM : openssl_pkey_get_public($pubPEM);
    $priv = $mode === 'sample' ? $privPEM : openssl_pkey_get_private($privPEM);
    $hmac = fn (string $key, string $b4hash): string => base64_encode(hash_hmac('sha512', $b4hash, $key, true));
    $encrypt = function (string $source) use ($pub): string {
        $output = '';
        while ($source !== '') {
            $chunk = substr($source, 0, 117);
            $source = substr($source, 117);
            if (!openssl_public_encrypt($chunk, $encrypted, $pub)) {
                throw new RuntimeException('Encryption failed for a data chunk.');
            }
            $output .= $encrypted;
        }
        return base64_encode($output);
    };
    $signed = function (array $fields, string $apiKey, bool $json, array $extra = []) use ($hmac): array {
        $b4hash = implode('', $fields);
        $fields['hash'] = $hmac($apiKey, $b4hash);
        $r = ['fields' => $fields, 'hash_input' => $b4hash] + $extra;
        if ($json) {
            $r['body'] = json_encode($fields);
        }
        return $r;
    };
    return [
        'W1_check_transaction' => fn (array $r) => $signed(['req_time' => $r['request_time'], 'merchant_id' => $r['credentials']['merchant_id'],
            'tran_id' => $r['params']['tran_id']], $r['credentials']['api_key'], true),
        'W2_refund' => function (array $r) use ($signed, $encrypt) {
            $c = $r['credentials'];
            $p = $r['params'];
            $json = json_encode(['mc_id' => $c['merchant_id'], 'tran_id' => $p['tran_id'], 'refund_amount' => (float) $p['refund_amount']]);
            return $signed(['request_time' => $r['request_time'], 'merchant_id' => $c['merchant_id'], 'merchant_auth' => $encrypt($json)],
                $c['api_key'], true, ['merchant_auth_json' => $json]);
        },
        'W3_purchase' => function (array $r) use ($signed) {
            $c = $r['credentials'];
            $p = $r['params'];
            return $signed(['req_time' => $r['request_time'], 'merchant_id' => $c['merchant_id'], 'tran_id' => $p['tran_id'], 'amount' => $p['amount'],
                'items' => base64_encode(json_encode($p['items'])), 'return_url' => base64_encode($p['return_url']), 'cancel_url' => $p['cancel_url'],
                'continue_success_url' => $p['continue_success_url'], 'currency' => $p['currency']], $c['api_key'], false);
        },
        'W4_payment_link' => function (array $r) use ($signed, $encrypt) {
            $c = $r['credentials'];
            $p = $r['params'];
            $json = json_encode(['mc_id' => $c['merchant_id'], 'title' => $p['title'], 'amount' => (float) $p['amount'], 'currency' => $p['currency'],
                'description' => $p['description'], 'expired_date' => $p['expired_date'], 'return_url' => base64_encode($p['return_url']),
                'merchant_ref_no' => $p['merchant_ref_no']]);
            return $signed(['request_time' => $r['request_time'], 'merchant_id' => $c['merchant_id'], 'merchant_auth' => $encrypt($json)],
                $c['api_key'], false, ['merchant_auth_json' => $json]);
        },
        'W5_bbmsl_refund' => function (array $r) use ($priv) {
            $amount = (float) $r['params']['amount'];
            $request = json_encode(['merchantId' => (int) $r['credentials']['merchant_id'], 'orderId' => (int) $r['params']['order_id'],
                'amount' => floor($amount) == $amount ? (int) $amount : $amount]);
            openssl_sign($request, $signature, $priv, OPENSSL_ALGO_SHA256);
            $signature = base64_encode($signature);
            return ['request' => $request, 'signature' => $signature, 'body' => json_encode(['request' => $request, 'signature' => $signature])];
        },
    ];
}

function checkBaseline(string $impl, array $w, array $got, string $rsa1024Private): void
{
    $want = PaySign::call($w['op'], $w['request']);
    $fail = function (string $what) use ($impl, $w) {
        throw new RuntimeException("php $impl {$w['name']}: $what");
    };
    if ($w['op'] === 'bbmsl.sign') {
        if ($got['request'] !== $want['request'] || $got['signature'] !== $want['signature'] || $got['body'] !== $want['body']) {
            $fail('BBMSL request/signature/body differ from paysign');
        }
        return;
    }
    if (!$w['rsa'] && $got['hash_input'] !== $want['hash_input']) {
        $fail('hash input differs from paysign');
    }
    $v = PaySign::call('payway.verify', ['operation' => $w['request']['operation'], 'fields' => $got['fields'],
        'credentials' => ['api_key' => $w['request']['credentials']['api_key'], 'rsa_private_key' => $rsa1024Private]]);
    if ($w['rsa'] && $v['merchant_auth_json'] !== $want['merchant_auth_json']) {
        $fail('merchant_auth JSON differs from paysign');
    }
    if (array_keys($got['fields']) !== array_map(fn ($f) => $f[0], $want['fields'])) {
        $fail('field order differs');
    }
}

/** paysign's own rows must answer what the inline request answers (RSA output is randomized: compare the rest). */
function checkPaysign(string $impl, array $w, array $got): void
{
    $want = PaySign::call($w['op'], $w['request']);
    // headers: the multipart boundary is derived from the fields.
    foreach (['hash', 'hash_input', 'body', 'fields', 'headers'] as $randomized) {
        if ($w['rsa'] && $w['op'] === 'payway.sign') {
            unset($got[$randomized], $want[$randomized]);
        }
    }
    if ($got !== $want) {
        throw new RuntimeException("php $impl {$w['name']}: the answer differs from the inline request's");
    }
}

function timeN(callable $f, int $n): float
{
    $s = hrtime(true);
    for ($i = 0; $i < $n; $i++) {
        $f();
    }
    return (float) (hrtime(true) - $s);
}

function calibrate(callable $f, float $ns): int
{
    timeN($f, 1);
    for ($n = 1; ; $n *= 2) {
        $el = timeN($f, $n);
        if ($el >= $ns / 8 || $n >= 1 << 24) {
            return max(1, (int) round($n * $ns / max($el, 1.0)));
        }
    }
}

/** paysign as a user calls it: the helper object, holding a credentials handle. */
function helper(array $w): callable
{
    $r = $w['request'];
    $c = $r['credentials'];
    if ($w['op'] === 'payway.sign') {
        $payway = new PayWay($c['merchant_id'], $c['api_key'], $c['rsa_public_key'] ?? null);
        return fn () => $payway->sign($r['operation'], $r['params'], $r['request_time']);
    }
    $credentials = new Credentials($c);
    return fn () => PaySign::call($w['op'], ['operation' => $r['operation'], 'credentials' => $credentials->reference(), 'params' => $r['params']]);
}

/** The bare FFI call of the request the helper sends (encoded once, never decoded). */
function bareFfi(array $w): callable
{
    $r = $w['request'];
    $credentials = new Credentials($r['credentials']);
    $GLOBALS['keep'][] = $credentials; // the handle stays open
    unset($r['credentials']);
    $json = json_encode(['credentials' => $credentials->reference()] + $r, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    return function () use ($w, $json) {
        [$status] = Library::invoke($w['op'], $json);
        if ($status !== 0) {
            throw new RuntimeException("php paysign.ffi {$w['name']}: status $status");
        }
    };
}

$impls = ['paysign' => 'helper', 'paysign.inline' => 'inline', 'paysign.ffi' => 'ffi', 'sample' => baselines($workloads, 'sample'), 'best' => baselines($workloads, 'best')];
$jobs = [];
foreach ($workloads as $w) {
    foreach ($impls as $impl => $b) {
        $req = $w['request'];
        $f = match ($b) {
            'helper' => helper($w),
            'inline' => fn () => PaySign::call($w['op'], $req),
            'ffi' => bareFfi($w),
            default => fn () => $b[$w['name']]($req),
        };
        if (\is_array($b)) {
            checkBaseline($impl, $w, $f(), $rsa1024Private);
        } elseif ($b !== 'ffi') {
            checkPaysign($impl, $w, $f());
        }
        $jobs[] = ['res' => ['runtime' => 'php', 'workload' => $w['name'], 'impl' => $impl, 'iters' => calibrate($f, 2e8 * $scale), 'ns_per_op' => []], 'f' => $f];
    }
}
for ($r = 0; $r < $reps; $r++) {
    foreach ($jobs as &$j) {
        $j['res']['ns_per_op'][] = timeN($j['f'], $j['res']['iters']) / $j['res']['iters'];
    }
    unset($j);
    fwrite(STDERR, sprintf("php: round %d/%d\n", $r + 1, $reps));
}
@mkdir(dirname($out), 0777, true);
file_put_contents($out, json_encode(['runtime' => 'php', 'php' => PHP_VERSION, 'checks' => 'every baseline verified by payway.verify / equal to paysign',
    'results' => array_map(fn ($j) => $j['res'], $jobs)], JSON_PRETTY_PRINT));
