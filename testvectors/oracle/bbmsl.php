<?php
// Independent oracle for paysign's BBMSL vectors (bbmsl_sign.json,
// bbmsl_webhook.json), written the way BBMSL's own PHP plugins work.
//
// bbmsl.sign: rebuilds the inner request from the vector's input with PHP
// arrays and json_encode (ids as int, amount as float, as the plugin does),
// re-signs it with openssl_sign(OPENSSL_ALGO_SHA256) and requires paysign's
// signature byte for byte (PKCS #1 v1.5 is deterministic), verifies
// paysign's signature with openssl_verify, and checks the envelope.
// bbmsl.verify_webhook: rebuilds both canonical strings as plugins 1.0.23
// (sprintf('%s=%s') + sort) and 1.0.8 (ksort + http_build_query) do, from
// the values paysign reports (checked against json_decode of the body), and
// checks every signature with openssl_verify; rejected vectors must fail
// openssl_verify too.
//
// Loaded by run.php ($vectors, check()).
$privPem = file_get_contents(__DIR__ . "/../../internal/testkeys/rsa2048_TEST_ONLY_private.pem");
$pubPem = file_get_contents(__DIR__ . "/../../internal/testkeys/rsa2048_TEST_ONLY_public.pem");
$hosts = ['sandbox' => 'https://payapi.sit.bbmsl.com/', 'production' => 'https://payapi.prod.bbmsl.com/'];
// The seed's documented request string (003): paysign must reproduce it.
$seedRequest = '{"merchantId":3,"orderId":4922,"amount":10}';

// The plugin's payload: merchantId, refs, amount as a PHP float.
function inner_request($in) {
  $p = (array)$in->params;
  $a = ['merchantId' => (int)$in->credentials->merchant_id];
  if ($in->operation === 'create') {
    $a['amount'] = (float)$p['amount'];
    $a['merchantReference'] = $p['merchant_reference'];
    if (isset($p['callback_url'])) {
      $cb = [];
      foreach (['success', 'fail', 'cancel', 'notify'] as $k) if (isset($p['callback_url']->$k)) $cb[$k] = $p['callback_url']->$k;
      $a['callbackUrl'] = $cb;
    }
    if (isset($p['is_recurring'])) $a['isRecurring'] = $p['is_recurring'] ? 1 : 0;
    if (isset($p['line_items'])) {
      $a['lineItems'] = [];
      foreach ($p['line_items'] as $li) $a['lineItems'][] = ['quantity' => (int)$li->quantity, 'priceData' => ['unitAmount' => (float)$li->unit_amount, 'name' => $li->name]];
    }
    return json_encode($a);
  }
  if (isset($p['order_id'])) $a['orderId'] = (int)$p['order_id'];
  if (isset($p['merchant_reference'])) $a['merchantReference'] = (string)$p['merchant_reference'];
  if ($in->operation === 'refund') $a['amount'] = (float)$p['amount'];
  return json_encode($a);
}

foreach (tests_of($vectors, 'bbmsl.sign') as [$name, , $t]) {
  if ($t->result !== 'valid') continue;
  $in = request_of($t);
  $o = $t->output;
  check($o->operation === $in->operation, "$name: operation");
  $want = inner_request($in);
  check($o->request === $want, "$name: request\n  php:    $want\n  vector: {$o->request}");
  if (str_starts_with($name, 'bbmsl_sign.json #1 ')) check($o->request === $seedRequest, "$name: the seed's documented request string");
  check(openssl_sign($o->request, $sig, $privPem, OPENSSL_ALGO_SHA256) && base64_encode($sig) === $o->signature, "$name: openssl_sign gives the same signature bytes");
  check(strlen($o->signature) === 344, "$name: 344 base64 characters");
  check(openssl_verify($o->request, base64_decode($o->signature, true), $pubPem, OPENSSL_ALGO_SHA256) === 1, "$name: openssl_verify accepts paysign's signature");
  $body = json_decode($o->body, true);
  check($body === ['request' => $o->request, 'signature' => $o->signature], "$name: body is {request, signature}");
  check($o->body === json_encode(['request' => $o->request, 'signature' => $o->signature]), "$name: body is PHP's json_encode of the envelope");
  $env = $in->environment ?? 'sandbox';
  check($o->url === $hosts[$env] . 'hosted-checkout/' . $in->operation && $o->method === 'POST' && $o->content_type === 'application/json', "$name: url/method/content type");
}

function canonical_1023(array $fields) { // plugin 1.0.23
  $parts = [];
  foreach ($fields as $k => $v) $parts[] = sprintf('%s=%s', $k, $v);
  sort($parts, SORT_STRING);
  return implode('&', $parts);
}
function canonical_108(array $fields) { // plugin 1.0.8
  ksort($fields, SORT_STRING);
  return http_build_query($fields);
}

foreach (tests_of($vectors, 'bbmsl.verify_webhook') as [$name, , $t]) {
  $in = request_of($t);
  $variant = $in->variant ?? 'sorted_kv';
  $decoded = json_decode($in->body, true);
  if ($t->result === 'valid') {
    check($t->output->valid === true && $t->output->variant === $variant, "$name: valid, variant $variant");
    $values = (array)$t->output->values;
    $rest = $decoded; unset($rest['signature']);
    check(count($rest) === count($values), "$name: values are every member but signature");
    foreach ($rest as $k => $v) {
      $text = $values[$k] ?? null;
      if (is_string($v)) check($text === $v, "$name: $k as received");
      elseif (is_bool($v)) check($text === ($v ? 'true' : 'false'), "$name: $k as its lexeme");
      elseif ($v === null) check($text === 'null', "$name: $k as its lexeme");
      else check(is_numeric($text) && (float)$text == $v && preg_match('/' . preg_quote($text, '/') . '\s*[,}]/', $in->body) === 1, "$name: $k keeps its raw lexeme $text");
    }
    $canon = $variant === 'urlencoded' ? canonical_108($values) : canonical_1023($values);
    check($t->output->canonical === $canon, "$name: canonical ($variant)\n  php:    $canon\n  vector: {$t->output->canonical}");
    check(openssl_verify($canon, base64_decode($decoded['signature'], true), $pubPem, OPENSSL_ALGO_SHA256) === 1, "$name: openssl_verify accepts the webhook");
  } elseif ($t->error_code === 'signature_mismatch') {
    $values = [];
    foreach ($decoded as $k => $v) if ($k !== 'signature') $values[$k] = is_string($v) ? $v : json_encode($v);
    // Number lexemes: take them from the raw body text.
    foreach ($values as $k => $v) if (preg_match('/"' . preg_quote($k, '/') . '"\s*:\s*(-?[0-9][0-9.eE+-]*)/', $in->body, $m)) $values[$k] = $m[1];
    $canon = $variant === 'urlencoded' ? canonical_108($values) : canonical_1023($values);
    check(openssl_verify($canon, base64_decode($decoded['signature'], true), $pubPem, OPENSSL_ALGO_SHA256) !== 1, "$name: openssl_verify rejects it too");
  }
}

