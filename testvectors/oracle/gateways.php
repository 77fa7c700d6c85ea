<?php
// Independent oracle for paysign's ClearSettle-platform and PayWay callback
// vectors (clearsettle.json, payway_callback.json).
//
// clearsettle.refund: recomputes minor units with string arithmetic and its
// own ISO 4217 exponent list (never a float), the full-refund rule, the
// host, and checks that redacted_body is the body with only the API key
// masked and that no error-free output leaks the key outside body.
// payway.verify_callback and payway.sign_callback: run the PHP snippet of
// PayWay's documentation (json_decode, ksort, concatenate, json_encode
// nested values, hash_hmac sha512, base64, hash_equals) on every body; a
// signed test pushback must carry exactly the signature the snippet
// computes.
//
// Loaded by run.php ($vectors, check()).

// ISO 4217 minor units for the currencies the vectors use (from the ISO list).
$iso = ['EUR' => 2, 'USD' => 2, 'GBP' => 2, 'KHR' => 2, 'JPY' => 0, 'KRW' => 0, 'KWD' => 3, 'BHD' => 3, 'OMR' => 3];

function minor_units(string $amount, int $exp): string {
  [$int, $frac] = array_pad(explode('.', $amount, 2), 2, '');
  $frac = str_pad($frac, $exp, '0');
  if (strlen($frac) > $exp) { assert(rtrim(substr($frac, $exp), '0') === ''); $frac = substr($frac, 0, $exp); }
  $digits = ltrim($int . $frac, '0');
  return $digits === '' ? '0' : $digits;
}

function raw_amount($t) { // the amount as text, a JSON number's lexeme kept
  if (isset($t->input_raw) && preg_match('/"amount"\s*:\s*([0-9.]+)/', $t->input_raw, $m)) return $m[1];
  return $t->input->params->amount ?? null;
}

foreach (tests_of($vectors, 'clearsettle.refund', 'clearsettle.decode_response') as [$name, $op, $t]) {
  $in = request_of($t);
  if ($op === 'clearsettle.decode_response') {
    $body = json_decode($in->body, true);
    if ($t->result === 'valid') {
      check($t->output->code === (string)$body['code'], "$name: code as text");
      check($t->output->approved === (($body['status'] ?? '') === 'APPROVED' && in_array((string)$body['code'], ['00', '0'], true)), "$name: approved");
      // The platform's members, as text (a number's text as PHP casts it).
      foreach (['status' => 'status', 'message' => 'message', 'transaction_id' => 'transactionId', 'reference_no' => 'referenceNo',
                'currency' => 'currency', 'date' => 'date'] as $member => $from) {
        check(($t->output->$member ?? null) === (isset($body[$from]) ? (string)$body[$from] : null), "$name: $member is the body's $from");
      }
      check(($t->output->is_live ?? null) === ($body['isLive'] ?? null), "$name: is_live is the body's isLive");
      if (isset($body['amount'])) {
        check($t->output->amount === (string)$body['amount'], "$name: amount as text");
        $exp = $iso[$body['currency']];
        $digits = str_pad((string)$body['amount'], $exp + 1, '0', STR_PAD_LEFT);
        $dec = $exp === 0 ? $digits : substr($digits, 0, -$exp) . '.' . substr($digits, -$exp);
        check($t->output->amount_decimal === $dec, "$name: amount_decimal");
      }
    } else {
      check(!is_array($body) || !isset($body['code']) || !is_string($body['code']) || isset($body['amount']), "$name: PHP sees the same defect");
    }
    continue;
  }
  $key = $in->credentials->api_key ?? '';
  if ($t->result !== 'valid') continue;
  $o = $t->output;
  $body = json_decode($o->body, true);
  $env = $in->environment ?? 'test';
  check($o->url === 'https://' . ($env === 'live' ? 'api.' : 'testapi.') . $in->domain . '/pw/v3/payment/refund', "$name: url");
  check($o->method === 'POST' && $o->content_type === 'application/json', "$name: method and content type");
  check(array_slice(array_keys($body), 0, 3) === ['apiKey', 'transactionId', 'referenceNo'] && $body['apiKey'] === $key, "$name: apiKey, transactionId, referenceNo");
  check($body['transactionId'] === $in->params->transaction_id && $body['referenceNo'] === $in->params->reference_no, "$name: references");
  $amount = raw_amount($t);
  if ($amount === null) {
    check(!array_key_exists('amount', $body) && !array_key_exists('currency', $body) && $o->full_refund === true, "$name: full refund omits amount and currency");
  } else {
    $want = minor_units($amount, $iso[$in->params->currency]);
    check(is_int($body['amount']) && (string)$body['amount'] === $want, "$name: amount $amount {$in->params->currency} is $want minor units (got " . var_export($body['amount'], true) . ")");
    check($body['currency'] === $in->params->currency && $o->full_refund === false, "$name: currency");
  }
  $redacted = json_decode($o->redacted_body, true);
  $masked = $body; $masked['apiKey'] = '[REDACTED]';
  check($redacted === $masked, "$name: redacted_body is the body with the API key masked");
  check(strpos($o->redacted_body, $key) === false, "$name: redacted_body lacks the API key");
}
check(minor_units('19.99', 2) === '1999', 'the issue: 19.99 becomes 1999');

// PayWay's documented snippet, verbatim apart from the inputs.
function payway_signature(string $body, string $secretKey) {
  $response = json_decode($body, true);
  if (!is_array($response)) return null;
  ksort($response);
  $b4hash = '';
  foreach ($response as $value) {
    if (is_array($value)) { $value = json_encode($value); }
    $b4hash .= $value;
  }
  return [$b4hash, base64_encode(hash_hmac('sha512', $b4hash, $secretKey, true))];
}

require_once __DIR__ . '/numbers.php';

foreach (tests_of($vectors, 'payway.verify_callback', 'payway.sign_callback') as [$name, $op, $t]) {
  $in = request_of($t);
  $r = payway_signature($in->body, $in->credentials->api_key ?? '');
  if ($op === 'payway.sign_callback') {
    // The header a test pushback carries: what the PHP snippet computes.
    if ($t->result === 'valid') {
      check($r !== null && $t->output->signature === $r[1], "$name: signature\n  php:    " . ($r[1] ?? 'null') . "\n  vector: {$t->output->signature}");
      check($r !== null && $t->output->hash_input === $r[0], "$name: hash input");
      check($t->output->header === 'X-PayWay-HMAC-SHA512', "$name: header name");
    } elseif ($t->error_code === 'body_malformed') {
      check($r === null, "$name: PHP json_decode gives no array either");
    }
    continue;
  }
  if ($t->result === 'valid') {
    check($r !== null && $t->output->hash_input === $r[0], "$name: hash input\n  php:    " . ($r[0] ?? 'null') . "\n  vector: {$t->output->hash_input}");
    check($r !== null && hash_equals($r[1], $in->signature), "$name: the PHP snippet accepts the signature");
    check($t->output->valid === true, "$name: valid");
    // The pushback members, as the snippet's loop turns each into text.
    $data = json_decode($in->body, true);
    foreach (['tran_id' => ['tran_id'], 'apv' => ['apv'], 'status' => ['status'], 'return_params' => ['return_params'],
              'merchant_ref' => ['merchant_ref', 'merchant_ref_no']] as $member => $names) {
      $want = '';
      foreach ($names as $n) {
        if (array_key_exists($n, $data)) { $want = is_array($data[$n]) ? json_encode($data[$n]) : (string)$data[$n]; break; }
      }
      check($t->output->$member === $want, "$name: $member\n  php:    $want\n  vector: {$t->output->$member}");
    }
    // The body's values: amounts and non-integer numbers as their exact text.
    check(json_encode($t->output->values) === json_encode(decimals_as_strings($in->body, [])), "$name: values under the number rule");
  } elseif (in_array($t->error_code, ['signature_mismatch', 'signature_missing', 'signature_malformed'], true)) {
    check($r === null || !hash_equals($r[1], $in->signature), "$name: the PHP snippet rejects it too");
  } elseif ($t->error_code === 'body_malformed' && $t->comment !== 'numeric and "1a"-style keys: PHP ksort order undefined') {
    // A top-level list is an array to PHP, but never a pushback: paysign refuses it.
    check($r === null || array_is_list(json_decode($in->body, true)), "$name: PHP json_decode gives no object either");
  }
}

