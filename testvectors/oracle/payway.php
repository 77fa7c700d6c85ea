<?php
// Independent oracle for paysign's PayWay vectors.
//
// It does what PayWay's own PHP samples do, with its own copy of every hash
// order (transcribed from PayWay's public documentation pages, not from the Go
// catalogue): build $b4hash by concatenating values, base64_encode(json_encode())
// the JSON fields, hash_hmac('sha512', $b4hash, $api_key, true), and
// openssl_private_decrypt() merchant_auth block by block. A vector whose
// expected value paysign produced but PHP does not reproduce fails here.
//
// Usage: php payway.php <testvectors dir>

const B64 = 'b64';        // base64_encode($url)
const B64JSON = 'b64json'; // base64_encode(json_encode($value))
const JSON = 'json';       // json_encode($value) sent as a string

// operation => [hash order, encodings, merchant_auth members after mc_id (or 'beneficiaries'), hex?]
$ops = [
  'purchase' => [['req_time','merchant_id','tran_id','amount','items','shipping','firstname','lastname','email','phone','type','payment_option','return_url','cancel_url','continue_success_url','return_deeplink','currency','custom_fields','return_params','payout','lifetime','additional_params','google_pay_token','skip_success_page'],
    ['items'=>B64JSON,'return_url'=>B64,'return_deeplink'=>B64JSON,'custom_fields'=>B64JSON,'payout'=>B64JSON,'additional_params'=>B64JSON]],
  'subscription' => [['req_time','merchant_id','tran_id','amount','items','ctid','shipping','firstname','lastname','email','phone','type','payment_option','return_url','cancel_url','continue_success_url','return_deeplink','currency','custom_fields','return_params','payout','lifetime','additional_params','skip_success_page','token_flag','frequency'],
    ['items'=>B64JSON,'return_url'=>B64,'return_deeplink'=>B64JSON,'custom_fields'=>B64JSON,'payout'=>B64JSON,'additional_params'=>B64JSON]],
  'check_transaction' => [['req_time','merchant_id','tran_id'], []],
  'transaction_detail' => [['req_time','merchant_id','tran_id'], []],
  'close_transaction' => [['req_time','merchant_id','tran_id'], []],
  'transaction_list' => [['req_time','merchant_id','from_date','to_date','from_amount','to_amount','status','page','pagination'], []],
  'exchange_rate' => [['req_time','merchant_id'], []],
  'refund' => [['request_time','merchant_id','merchant_auth'], [], ['tran_id','refund_amount']],
  'generate_qr' => [['req_time','merchant_id','tran_id','amount','items','first_name','last_name','email','phone','purchase_type','payment_option','callback_url','return_deeplink','currency','custom_fields','return_params','payout','lifetime','qr_image_template'],
    ['items'=>B64JSON,'callback_url'=>B64,'return_deeplink'=>B64JSON,'custom_fields'=>B64JSON,'payout'=>B64JSON]],
  'request_qr' => [['req_time','merchant_id','tran_id','amount','purchase_type','payment_option','callback_url','currency','lifetime'], ['callback_url'=>B64]],
  'get_transactions_by_mc_ref' => [['req_time','merchant_id','merchant_ref'], []],
  'create_payment_link' => [['request_time','merchant_id','merchant_auth'], ['return_url'=>B64,'payout'=>JSON],
    ['title','amount','currency','description','payment_limit','expired_date','return_url','merchant_ref_no','payout']],
  'payment_link_detail' => [['request_time','merchant_id','merchant_auth'], [], ['id']],
  'void_payment_link' => [['request_time','merchant_id','merchant_auth'], [], ['id']],
  'pre_auth_completion' => [['merchant_auth','request_time','merchant_id'], [], ['tran_id','complete_amount','payout']],
  'pre_auth_cancellation' => [['merchant_id','merchant_auth','request_time'], [], ['tran_id']],
  'payout' => [['merchant_id','tran_id','beneficiaries','amount','custom_fields','currency'], ['custom_fields'=>JSON], 'beneficiaries', true],
  'add_beneficiary' => [['request_time','merchant_auth'], [], ['payee']],
  'update_beneficiary_status' => [['request_time','merchant_auth'], [], ['payee','status']],
  'link_account' => [['merchant_id','request_time','ctid','return_deeplink','callback_url','request_id','token_flag','currency'], ['return_deeplink'=>B64JSON,'callback_url'=>B64]],
  'link_card' => [['merchant_id','request_time','ctid','callback_url','request_id','token_flag','frequency','amount','currency','continue_success_url'], ['callback_url'=>B64,'continue_success_url'=>B64]],
  'purchase_with_token' => [['request_time','merchant_id','tran_id','amount','currency','items','ctid','pwt','first_name','last_name','email','phone','purchase_type','callback_url','custom_fields','return_params','payout','token_flag','shipping_fee'],
    ['items'=>B64JSON,'callback_url'=>B64,'custom_fields'=>B64JSON,'payout'=>B64JSON]],
  'renew_token' => [['ctid','request_time','pwt','merchant_id','request_id'], []],
  'get_token_details' => [['merchant_id','request_time','request_id'], []],
  'remove_token' => [['merchant_id','ctid','request_time','pwt'], []],
];
$amountFields = ['amount','shipping','shipping_fee','from_amount','to_amount','refund_amount','complete_amount'];

// Where each operation is POSTed and its body type, transcribed from PayWay's
// documentation pages (the master table), not from the Go catalogue.
const HOSTS = ['sandbox' => 'https://checkout-sandbox.payway.com.kh', 'production' => 'https://checkout.payway.com.kh'];
const MULTIPART = 'multipart/form-data'; const FORM = 'application/x-www-form-urlencoded'; const JSONCT = 'application/json';
$endpoints = [
  'purchase' => ['/api/payment-gateway/v1/payments/purchase', MULTIPART],
  'subscription' => ['/api/payment-gateway/v1/payments/purchase', MULTIPART],
  'check_transaction' => ['/api/payment-gateway/v1/payments/check-transaction-2', JSONCT],
  'transaction_detail' => ['/api/payment-gateway/v1/payments/transaction-detail', JSONCT],
  'close_transaction' => ['/api/payment-gateway/v1/payments/close-transaction', JSONCT],
  'transaction_list' => ['/api/payment-gateway/v1/payments/transaction-list-2', JSONCT],
  'exchange_rate' => ['/api/payment-gateway/v1/exchange-rate', JSONCT],
  'refund' => ['/api/merchant-portal/merchant-access/online-transaction/refund', JSONCT],
  'generate_qr' => ['/api/payment-gateway/v1/payments/generate-qr', JSONCT],
  'request_qr' => ['/api/payment-gateway/v1/payments/request-qr', JSONCT],
  'get_transactions_by_mc_ref' => ['/api/payment-gateway/v1/payments/get-transactions-by-mc-ref', JSONCT],
  'create_payment_link' => ['/api/merchant-portal/merchant-access/payment-link/create', MULTIPART],
  'payment_link_detail' => ['/api/merchant-portal/merchant-access/payment-link/detail', JSONCT],
  'void_payment_link' => ['/api/merchant-portal/merchant-access/payment-link/void', JSONCT],
  'pre_auth_completion' => ['/api/merchant-portal/merchant-access/online-transaction/pre-auth-completion', JSONCT],
  'pre_auth_cancellation' => ['/api/merchant-portal/merchant-access/online-transaction/pre-auth-cancellation', JSONCT],
  'payout' => ['/api/payment-gateway/v2/direct-payment/merchant/payout', JSONCT],
  'add_beneficiary' => ['/api/merchant-portal/merchant-access/whitelist-account/add-whitelist-payout', JSONCT],
  'update_beneficiary_status' => ['/api/merchant-portal/merchant-access/whitelist-account/update-whitelist-status', JSONCT],
  'link_account' => ['/api/payment-credential/v3/aof/link-account', JSONCT],
  'link_card' => ['/api/payment-credential/v3/cof/link-card', FORM],
  'purchase_with_token' => ['/api/payment-gateway/v3/purchase/payment-credential', JSONCT],
  'renew_token' => ['/api/payment-credential/v3/token-management/renew-expired-account-token', JSONCT],
  'get_token_details' => ['/api/payment-credential/v3/token-management/get-token-details', JSONCT],
  'remove_token' => ['/api/payment-credential/v3/token-management/remove-token', JSONCT],
];

// Inside an encrypted object an amount is a PHP float, as in json_encode([... 'refund_amount' => (float)$amount]):
// the form public sandbox runs accepted. Payout lists carry theirs in 'amt' or 'amount'.
function float_amounts(array $list) {
  return array_map(function ($e) {
    $e = (array)$e;
    foreach (['amt', 'amount'] as $k) if (isset($e[$k])) $e[$k] = (float)$e[$k];
    return $e;
  }, $list);
}

$passed = 0; $failed = 0;
function check(bool $ok, string $what) {
  global $passed, $failed;
  if ($ok) { $passed++; } else { $failed++; fwrite(STDOUT, "FAIL: $what\n"); }
}

// PayWay's amount text: USD with two decimals, KHR whole, otherwise as given.
function amount_text($v, $currency) {
  $s = is_string($v) ? $v : (is_int($v) ? (string)$v : sprintf('%.2f', $v));
  if ($currency === 'USD') { [$i, $f] = array_pad(explode('.', $s, 2), 2, ''); return $i . '.' . str_pad(substr($f, 0, 2), 2, '0'); }
  if ($currency === 'KHR') { return explode('.', $s, 2)[0]; }
  return $s;
}

// The text PayWay receives for one param, as the PHP samples produce it.
function field_text(string $name, $value, array $enc, $currency) {
  global $amountFields;
  if ($value === null || $value === '') return null;
  switch ($enc[$name] ?? '') {
    case B64: return base64_encode($value);
    case B64JSON: return base64_encode(json_encode($value));
    case JSON: return json_encode($value);
  }
  if (in_array($name, $amountFields, true)) return amount_text($value, $currency);
  return is_int($value) ? (string)$value : $value;
}

function request_of($t) {
  if (isset($t->input_raw)) return json_decode($t->input_raw, false);
  return $t->input;
}

// Rebuilds [$b4hash, $texts, $authJson] for a payway.sign input.
function rebuild($in, array $ops) {
  [$order, $enc] = $ops[$in->operation];
  $members = $ops[$in->operation][2] ?? null;
  $params = (array)($in->params ?? []);
  $currency = $params['currency'] ?? null;
  $texts = ['merchant_id' => $in->credentials->merchant_id];
  foreach (['req_time', 'request_time'] as $tf) if (in_array($tf, $order, true)) $texts[$tf] = $in->request_time;
  $auth = null;
  if (is_array($members)) {
    $auth = ['mc_id' => $in->credentials->merchant_id];
    foreach ($members as $m) {
      if (!isset($params[$m]) || $params[$m] === '') continue;
      $v = $params[$m];
      if (($enc[$m] ?? '') === B64) $v = base64_encode($v);
      elseif (($enc[$m] ?? '') === JSON) $v = json_encode(float_amounts($v));
      elseif (in_array($m, $GLOBALS['amountFields'], true)) $v = (float)amount_text($v, $currency);
      elseif ($m === 'payout') $v = float_amounts($v);
      $auth[$m] = $v;
      unset($params[$m]);
    }
  } elseif ($members === 'beneficiaries') {
    $auth = float_amounts($params['beneficiaries']);
    unset($params['beneficiaries']);
  }
  foreach ($params as $name => $value) {
    $t = field_text($name, $value, $enc, $currency);
    if ($t !== null) $texts[$name] = $t;
  }
  return [$order, $texts, $auth === null ? null : json_encode($auth)];
}

function b4hash(array $order, array $texts) {
  $b4hash = '';
  foreach ($order as $f) $b4hash .= $texts[$f] ?? '';
  return $b4hash;
}

function sign_hash(string $b4hash, string $key, bool $hex) {
  return $hex ? hash_hmac('sha512', $b4hash, $key) : base64_encode(hash_hmac('sha512', $b4hash, $key, true));
}

function decrypt_chunks(string $b64, string $pem) {
  $key = openssl_pkey_get_private($pem);
  $k = openssl_pkey_get_details($key)['bits'] / 8;
  $ct = base64_decode($b64, true);
  if ($ct === false || strlen($ct) === 0 || strlen($ct) % $k !== 0) return false;
  $out = '';
  foreach (str_split($ct, $k) as $block) {
    if (!openssl_private_decrypt($block, $plain, $key, OPENSSL_PKCS1_PADDING)) return false;
    $out .= $plain;
  }
  return $out;
}

$dir = $argv[1] ?? __DIR__ . '/..';
$sign = json_decode(file_get_contents("$dir/payway_sign.json"), false);
foreach ($sign->tests as $t) {
  if ($t->result !== 'valid') continue;
  $name = "payway_sign.json #{$t->id} {$t->comment}";
  $in = request_of($t);
  [$path, $contentType] = $endpoints[$in->operation];
  $host = isset($in->base_url) ? rtrim($in->base_url, '/') : HOSTS[$in->environment ?? 'sandbox'];
  check($t->output->url === $host . $path, "$name: url\n  php:    $host$path\n  vector: {$t->output->url}");
  check($t->output->method === 'POST' && $t->output->content_type === $contentType, "$name: POST $contentType");
  [$order, $texts, $authJson] = rebuild($in, $ops);
  if ($authJson !== null) {
    $got = $t->output->merchant_auth_json ?? $t->output->beneficiaries_json;
    check($got === $authJson, "$name: encrypted JSON\n  php:     $authJson\n  vector:  $got");
    $thenJson = $t->then->output->merchant_auth_json ?? $t->then->output->beneficiaries_json;
    check($thenJson === $authJson, "$name: then.output decrypted JSON");
    continue; // the hash covers a random ciphertext: payway_verify.json has the fixed ones
  }
  $b4hash = b4hash($order, $texts);
  $sent = [];
  foreach ($t->output->fields as [$f, $v]) $sent[$f] = $v;
  if (($in->output ?? '') === 'send') { // only what is sent: the hash is the last field
    check(!isset($t->output->hash_input) && !isset($t->output->hash_fields), "$name: output send leaves out the hash input");
    check(($sent['hash'] ?? '') === sign_hash($b4hash, $in->credentials->api_key, false), "$name: hash field");
  } else {
    check($t->output->hash_input === $b4hash, "$name: hash input\n  php:    $b4hash\n  vector: {$t->output->hash_input}");
    check($t->output->hash === sign_hash($b4hash, $in->credentials->api_key, false), "$name: hash");
  }
  foreach ($texts as $f => $v) check(($sent[$f] ?? null) === $v, "$name: field $f sent as " . var_export($sent[$f] ?? null, true) . ", hashed as " . var_export($v, true));
  if (isset($t->output->body) && $t->output->content_type === 'application/json') {
    $body = json_decode($t->output->body, true);
    check(is_array($body) && count(array_filter($body, 'is_string')) === count($body), "$name: every JSON body value is a string (no number or float)");
    check($body === $sent, "$name: body holds exactly the fields");
  }
}

$verify = json_decode(file_get_contents("$dir/payway_verify.json"), false);
foreach ($verify->tests as $t) {
  $name = "payway_verify.json #{$t->id} {$t->comment}";
  $in = $t->input;
  [$order, , , $hex] = $ops[$in->operation] + [null, null, null, false];
  $fields = (array)$in->fields;
  $expected = sign_hash(b4hash($order, $fields), $in->credentials->api_key, (bool)$hex);
  if (($t->op ?? '') === 'payway.hash') {
    check($t->output->hash_input === b4hash($order, $fields), "$name: hash input");
    check($t->output->hash === $expected && $expected === $fields['hash'], "$name: PHP hash_hmac gives the same hash, the one the fields carry");
    continue;
  }
  $hashOK = isset($fields['hash']) && hash_equals($expected, $fields['hash']);
  if ($t->result === 'valid') {
    check($hashOK, "$name: PHP hash_hmac accepts the received hash");
    $encField = isset($ops[$in->operation][2]) ? ($ops[$in->operation][2] === 'beneficiaries' ? 'beneficiaries' : 'merchant_auth') : null;
    if ($encField !== null) {
      $plain = decrypt_chunks($fields[$encField], $in->credentials->rsa_private_key);
      $want = $t->output->merchant_auth_json ?? $t->output->beneficiaries_json;
      check($plain === $want, "$name: openssl_private_decrypt gives the expected JSON");
    }
  } elseif ($t->error_code === 'PTL02') {
    check(!$hashOK, "$name: PHP also rejects the hash");
  } elseif ($t->error_code === 'decryption_failed') {
    check(decrypt_chunks($fields['merchant_auth'], $in->credentials->rsa_private_key) === false, "$name: openssl also fails to decrypt");
  }
}

echo "payway oracle (PHP " . PHP_VERSION . "): $passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
