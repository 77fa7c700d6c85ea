<?php
// W6 in PHP: PayWay's own documented check of a pushback signature
// (json_decode, ksort, concatenation, base64 hash_hmac sha512), the
// baseline of payway.verify_callback. Reads the body bench/go wrote and the
// signature paysign made of it (BODY.signature).
//
//   php bench/php/callback.php BODY OUT.json SCALE REPS
declare(strict_types=1);

[, $bodyPath, $out, $scale, $reps] = $argv;
$body = file_get_contents($bodyPath);
$key = 'TEST_ONLY_bench_callback_key';

// The snippet, as PayWay documents it.
$verify = static function (string $raw, string $received) use ($key): bool {
    $response = json_decode($raw, true);
    ksort($response);
    $b4hash = '';
    foreach ($response as $value) {
        if (is_array($value)) {
            $value = json_encode($value);
        }
        $b4hash .= $value;
    }
    $signature = base64_encode(hash_hmac('sha512', $b4hash, $key, true));
    return hash_equals($signature, $received);
};

// paysign's signature must pass PayWay's snippet (equal work), then timing.
$signature = trim((string) file_get_contents("$bodyPath.signature"));
if (!$verify($body, $signature)) {
    fwrite(STDERR, "callback.php: PayWay's snippet rejects paysign's signature of the body\n");
    exit(1);
}
$iters = 1;
for (;;) { // about one second × scale per repetition
    $t = hrtime(true);
    for ($i = 0; $i < $iters; $i++) {
        $verify($body, $signature);
    }
    $ns = hrtime(true) - $t;
    if ($ns >= 0.25e9 * (float) $scale || $iters >= 1 << 20) {
        $iters = max(1, (int) round($iters * 1e9 * (float) $scale / max($ns, 1)));
        break;
    }
    $iters *= 2;
}
$perOp = [];
for ($r = 0; $r < (int) $reps; $r++) {
    $t = hrtime(true);
    for ($i = 0; $i < $iters; $i++) {
        $verify($body, $signature);
    }
    $perOp[] = (hrtime(true) - $t) / $iters;
}
// Reported as the baseline of the Go rows of W6 (same workload, other runtime).
file_put_contents($out, json_encode(['runtime' => 'php', 'results' => [
    ['runtime' => 'go', 'workload' => 'W6_callback_30k_keys', 'impl' => 'php.snippet', 'iters' => $iters, 'ns_per_op' => $perOp],
]], JSON_PRETTY_PRINT));
