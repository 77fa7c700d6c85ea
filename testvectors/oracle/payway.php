<?php
// Independent oracle for paysign's PayWay vectors: every payway.sign,
// payway.verify, payway.hash and payway.catalog vector of every file, and
// payway_e2e.json. Loaded by run.php ($vectors, $dir, check()).
//
// It does what PayWay's own PHP samples do, with its own copy of every hash
// order, endpoint, encoding and documented limit (transcribed from PayWay's
// public documentation pages, not from the Go catalogue): build $b4hash by
// concatenating values, base64_encode(json_encode()) the JSON fields,
// hash_hmac('sha512', $b4hash, $api_key, true), and openssl_private_decrypt()
// merchant_auth block by block. A vector whose expected value paysign
// produced but PHP does not reproduce fails here; so does a catalogue that
// disagrees with the transcription without a stated reason, and a limit
// without its two edge vectors.

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


// What each output member of payway.sign must be, beyond the hash: the
// documented reads (safe to repeat), and the fields sent but not hashed
// (purchase page: view_type, payment_gate), in that order after the hashed
// ones.
$queries = ['check_transaction', 'transaction_detail', 'transaction_list', 'exchange_rate', 'get_transactions_by_mc_ref',
            'payment_link_detail', 'get_token_details'];
$unhashed = ['purchase' => ['view_type', 'payment_gate'], 'subscription' => ['view_type', 'payment_gate']];

// Limits PayWay documents, transcribed by hand from its pages (research
// notes payway.md §1.5 and §2): op => field => [kind => value]; an integer
// alone is a max_length. Kinds: max_length (characters of the value as
// sent: after base64, or the JSON text), max_items, min and max (integers),
// format (tran_id: letters, digits, '-'; alnum5-24; list_date
// YYYY-MM-DD HH:mm:ss).
$purchasePage = [ // §2.1; subscription posts to the same endpoint
  'merchant_id' => 30, 'tran_id' => ['max_length' => 20, 'format' => 'tran_id'], 'items' => 500, 'firstname' => 100,
  'lastname' => 100, 'email' => 50, 'phone' => 20, 'return_params' => 500, 'payout' => ['max_items' => 10],
  'lifetime' => ['min' => 3, 'max' => 43200], // "Min: 3 mins, Max: 30 days"
];
$documented = [
  'purchase' => $purchasePage,
  'subscription' => ['firstname' => 20, 'lastname' => 20] + $purchasePage, // the subscription page: names ≤ 20
  'generate_qr' => ['merchant_id' => 30, 'tran_id' => 20, 'first_name' => 20, 'last_name' => 20, 'email' => 50, 'phone' => 20, // §2.2
    'items' => ['max_length' => 500, 'max_items' => 10], 'callback_url' => 255, 'return_deeplink' => 255, 'custom_fields' => 255,
    'payout' => 255, 'lifetime' => ['min' => 3, 'max' => 172800], 'qr_image_template' => 20], // QR page: 120 days (the spec: 30)
  'request_qr' => ['merchant_id' => 30],
  'transaction_list' => ['from_date' => ['format' => 'list_date'], 'to_date' => ['format' => 'list_date'], 'pagination' => ['max' => 1000]], // §2.3
  'get_transactions_by_mc_ref' => ['merchant_ref' => 20],
  'refund' => ['merchant_id' => 20], // §2.4
  'create_payment_link' => ['title' => 250, 'description' => 250, 'merchant_ref_no' => 50], // §2.5
  'payout' => ['merchant_id' => 255, 'tran_id' => 20, 'custom_fields' => 255, 'beneficiaries' => ['max_items' => 10, 'max_length' => 1000]], // §2.7
  'update_beneficiary_status' => ['status' => ['min' => 0, 'max' => 1]], // "status: 0|1"
  'link_account' => ['merchant_id' => 20, 'ctid' => ['format' => 'alnum5-24'], 'request_id' => ['format' => 'alnum5-24']], // §2.8
  'purchase_with_token' => ['first_name' => 20, 'last_name' => 20], // "first_name etc. ≤ 20"
];
// Documented limits paysign applies otherwise on purpose: key => [paysign's value or null (not applied), why].
$differs = [
  'subscription firstname max_length' => [100, 'the subscription page says 20, the current purchase page 100; a subscription posts to the purchase endpoint'],
  'subscription lastname max_length' => [100, 'the subscription page says 20, the current purchase page 100; a subscription posts to the purchase endpoint'],
  'payout beneficiaries max_length' => [null, 'the 1000 characters are of ciphertext: paysign bounds every encrypted field at 8192 bytes instead (docs/envelope.md, Limits); 10 entries of the documented shape stay far below 1000'],
];
// Limits paysign applies that PayWay does not document: "op field kind" => [value, why].
$why = [
  'mid' => 'no maximum documented for this operation: paysign uses its family\'s',
  'tran' => 'the tran_id of a purchase, QR or payout, documented there as at most 20 letters, digits and \'-\'',
  'tran_format' => 'the sandbox refuses a tran_id with other characters than letters, digits and \'-\' (research notes §2.1)',
  'token' => 'Link account documents ctid and request_id as 5 to 24 letters and digits; the other Credentials on File operations take the same ids',
  'payout10' => 'purchase documents at most 10 payout entries (code 25); paysign applies it to every payout list',
  'purchase' => 'the same field as purchase\'s, documented there',
  'own' => 'not documented: paysign\'s bound, so that a value PayWay would cut or refuse never gets signed',
  'email' => 'PayWay answers code 19, invalid email address, without saying what it checks: paysign asks for one \'@\' and no space',
];
$own = [];
$ownOf = function (array $ops, string $field, array $limits, string $reason) use (&$own, $why) {
  foreach ($ops as $op) foreach ($limits as $kind => $v) $own["$op $field $kind"] = [$v, $why[$reason]];
};
$ownOf(['check_transaction', 'transaction_detail', 'close_transaction', 'transaction_list', 'exchange_rate', 'get_transactions_by_mc_ref',
        'create_payment_link', 'payment_link_detail', 'void_payment_link', 'add_beneficiary', 'update_beneficiary_status'], 'merchant_id', ['max_length' => 30], 'mid');
$ownOf(['pre_auth_completion', 'pre_auth_cancellation', 'link_card', 'purchase_with_token', 'renew_token', 'get_token_details', 'remove_token'], 'merchant_id', ['max_length' => 20], 'mid');
$ownOf(['check_transaction', 'transaction_detail', 'close_transaction', 'refund', 'request_qr', 'pre_auth_completion', 'pre_auth_cancellation', 'purchase_with_token'],
       'tran_id', ['max_length' => 20, 'format' => 'tran_id'], 'tran');
$ownOf(['generate_qr', 'payout'], 'tran_id', ['format' => 'tran_id'], 'tran_format');
$ownOf(['subscription', 'link_card', 'purchase_with_token', 'renew_token', 'remove_token'], 'ctid', ['format' => 'alnum5-24'], 'token');
$ownOf(['link_card', 'renew_token', 'get_token_details'], 'request_id', ['format' => 'alnum5-24'], 'token');
$ownOf(['generate_qr', 'create_payment_link', 'pre_auth_completion', 'purchase_with_token'], 'payout', ['max_items' => 10], 'payout10');
$ownOf(['purchase_with_token'], 'items', ['max_length' => 500], 'purchase');
$ownOf(['purchase_with_token'], 'email', ['max_length' => 50], 'purchase');
$ownOf(['purchase_with_token'], 'phone', ['max_length' => 20], 'purchase');
$ownOf(['generate_qr', 'purchase_with_token'], 'return_params', ['max_length' => 500], 'purchase');
$ownOf(['request_qr'], 'lifetime', ['min' => 3, 'max' => 43200], 'purchase');
$ownOf(['purchase_with_token', 'renew_token', 'remove_token'], 'pwt', ['max_length' => 255], 'own');
$ownOf(['payment_link_detail', 'void_payment_link'], 'id', ['max_length' => 100], 'own');
$ownOf(['add_beneficiary', 'update_beneficiary_status'], 'payee', ['max_length' => 100], 'own');
$ownOf(['transaction_list'], 'status', ['max_length' => 100], 'own');
$ownOf(['transaction_list'], 'page', ['min' => 1, 'max' => 1000000], 'own');
$ownOf(['transaction_list'], 'pagination', ['min' => 1], 'own');
$ownOf(['create_payment_link'], 'payment_limit', ['min' => 1, 'max' => 1000000], 'own');
$ownOf(['create_payment_link'], 'expired_date', ['min' => 1, 'max' => 2147483647], 'own');
$ownOf(['purchase', 'subscription', 'generate_qr', 'purchase_with_token'], 'email', ['format' => 'email'], 'email');
$ownOf(['link_card'], 'token_flag', ['max_length' => 20], 'own');
$ownOf(['link_card'], 'frequency', ['max_length' => 10], 'own');
// A limit another one makes unreachable has no valid vector: "op field kind" => why.
$unreachable = ['generate_qr payout max_items' => '255 characters of base64 hold at most 5 entries {account, amount}'];

// Amounts: USD at least 0.01 and KHR at least 100 (§1.5: the QR, payout and
// payment-link pages; purchase codes 45 and 47). Without a currency paysign
// asks for more than zero. Shipping fees and list filters may be 0, and no
// maximum is documented (an old page says decimal(10, 2)): paysign takes at
// most 15 integer digits, and inside an encrypted object, where the amount
// is a PHP float (docs/decisions.md), at most 15 significant digits, the
// most a float carries exactly.
$zeroAmounts = ['shipping', 'shipping_fee', 'from_amount', 'to_amount'];
function amount_edges(string $currency, bool $zero, bool $encrypted): array {
  $min = $zero ? [$currency === 'KHR' ? '0' : '0.00', '-0.01', 'PTL186'] : ($currency === 'KHR' ? ['100', '99', 'PTL187'] : ['0.01', '0.00', 'PTL187']);
  $max = $currency === 'KHR' ? ['999999999999999', '1000000000000000']
       : ($encrypted ? ['9999999999999.99', '99999999999999.99'] : ['999999999999999.99', '1000000000000000.00']);
  return ['amount_min' => $min, 'amount_max' => [$max[0], $max[1], 'PTL186']];
}
check(json_encode((float)'9999999999999.99') === '9999999999999.99' && json_encode((float)'99999999999999.99') !== '99999999999999.99',
      'PHP: a float carries 15 significant digits exactly, not 16');

function fields_map($fields): array {
  if (is_array($fields)) { $m = []; foreach ($fields as $pair) if (is_array($pair) && count($pair) === 2) $m[$pair[0]] = $pair[1]; return $m; }
  return (array)$fields;
}

function time_field(array $order) {
  foreach (['req_time', 'request_time'] as $tf) if (in_array($tf, $order, true)) return $tf;
  return null;
}

// The fields PayWay receives, in the order paysign sends them: the time
// field and merchant_id, the hashed fields in hash order, the fields sent
// but not hashed, and the hash.
function send_order(string $op, array $texts): array {
  global $ops, $unhashed;
  $order = $ops[$op][0];
  $names = array_values(array_filter([time_field($order), 'merchant_id']));
  foreach ($order as $f) if (isset($texts[$f]) && !in_array($f, $names, true)) $names[] = $f;
  foreach ($unhashed[$op] ?? [] as $f) if (isset($texts[$f])) $names[] = $f;
  return $names;
}

// The multipart/form-data body of RFC 7578 as paysign promises it
// (docs/envelope.md): one part per field, in order, with a boundary derived
// from the fields by SHA-256 so that every runtime sends the same bytes.
function multipart(array $fields): array {
  $seed = '';
  foreach ($fields as [$k, $v]) $seed .= "$k\0$v\0";
  $boundary = 'paysign-' . substr(hash('sha256', $seed), 0, 24);
  $body = '';
  foreach ($fields as [$k, $v]) $body .= "--$boundary\r\nContent-Disposition: form-data; name=\"" . addcslashes($k, '"\\') . "\"\r\n\r\n$v\r\n";
  return [$body . "--$boundary--\r\n", "multipart/form-data; boundary=$boundary"];
}

function key_bytes(string $pem): int {
  $key = openssl_pkey_get_public($pem) ?: openssl_pkey_get_private($pem);
  if ($key === false) { // bare base64 DER, or a PEM with literal \n
    $text = str_replace('\n', "\n", $pem);
    if (!str_contains($text, '-----')) $text = "-----BEGIN PUBLIC KEY-----\n" . chunk_split($text, 64, "\n") . "-----END PUBLIC KEY-----\n";
    $key = openssl_pkey_get_public($text);
    if ($key === false) $key = openssl_pkey_get_public(str_replace('RSA PUBLIC KEY', 'PUBLIC KEY', $text));
  }
  return $key === false ? 0 : intdiv(openssl_pkey_get_details($key)['bits'], 8);
}

// --- The catalogue (payway.catalog) against the transcriptions.
$catalogTests = array_filter(tests_of($vectors, 'payway.catalog'), fn($x) => $x[2]->result === 'valid');
check(count($catalogTests) > 0, 'a payway.catalog vector');
$catalog = null;
foreach ($catalogTests as [$name, , $t]) {
  check((array)$t->output->environments == HOSTS, "$name: environments are PayWay's hosts");
  $catalog = $t->output->operations;
}
$catalogOps = [];
$catalogLimits = []; // "op field kind" => value
foreach ($catalog ?? [] as $c) {
  $catalogOps[$c->name] = $c;
  $name = "payway.catalog {$c->name}";
  [$order, $enc] = $ops[$c->name] ?? [null, []];
  check($order !== null, "$name: an operation PayWay documents");
  if ($order === null) continue;
  check($c->hash_fields === $order, "$name: hash order\n  php:     " . implode(' ', $order) . "\n  catalog: " . implode(' ', $c->hash_fields));
  check([$c->path, $c->content_type] === $endpoints[$c->name] && $c->method === 'POST', "$name: path, method and content type");
  check($c->time_field === (time_field($order) ?? ''), "$name: time field");
  check($c->hash_encoding === (($ops[$c->name][3] ?? false) ? 'hex' : 'base64'), "$name: hash encoding");
  $members = $ops[$c->name][2] ?? null;
  check($c->encrypted_field === ($members === null ? '' : ($members === 'beneficiaries' ? 'beneficiaries' : 'merchant_auth')), "$name: encrypted field");
  check(($c->query ?? false) === in_array($c->name, $queries, true), "$name: query (only reads, may be repeated)");
  $catalogLimits["{$c->name} merchant_id max_length"] = $c->merchant_id_max_length;
  $params = [];
  foreach ($c->params as $p) {
    $params[] = $p->name;
    $want = ['base64' => [B64, B64JSON], 'json_string' => [JSON], '' => ['']][$p->encoding ?? ''];
    check(in_array($enc[$p->name] ?? '', $want, true), "$name: {$p->name} encoding " . ($p->encoding ?? 'none'));
    check(($p->type === 'amount') === in_array($p->name, $amountFields, true), "$name: {$p->name} is an amount exactly when PHP thinks so");
    if ($p->type === 'amount') check(($p->allow_zero ?? false) === in_array($p->name, $zeroAmounts, true), "$name: {$p->name} may be zero");
    $in = is_array($members) && in_array($p->name, $members, true) ? 'merchant_auth' : ($members === 'beneficiaries' && $p->name === 'beneficiaries' ? 'beneficiaries' : 'body');
    check($p->in === $in, "$name: {$p->name} travels in $in");
    foreach (['max_length', 'max_items', 'format'] as $kind) if (!empty($p->$kind)) $catalogLimits["{$c->name} {$p->name} $kind"] = $p->$kind;
    if ($p->type === 'integer') { $catalogLimits["{$c->name} {$p->name} min"] = $p->min ?? 0; $catalogLimits["{$c->name} {$p->name} max"] = $p->max; }
  }
  $hashed = array_diff($order, ['req_time', 'request_time', 'merchant_id', 'merchant_auth', 'hash']);
  check(array_diff($hashed, $params) === [] || $members === 'beneficiaries', "$name: every hashed field is a parameter");
}
check(array_keys($catalogOps) == array_keys($ops), 'the catalogue has exactly the transcribed operations');

// Documented, differing on purpose, or paysign's own: every catalogue
// limit is one of the three, with its value.
$expectedLimits = [];
foreach ($documented as $op => $fields) foreach ($fields as $field => $limits) {
  foreach (is_int($limits) ? ['max_length' => $limits] : $limits as $kind => $v) $expectedLimits["$op $field $kind"] = $v;
}
$notes = [];
foreach ($expectedLimits as $key => $docValue) {
  $value = $catalogLimits[$key] ?? null;
  if (isset($differs[$key])) {
    [$ours, $reason] = $differs[$key];
    check($value === $ours, "limit $key: paysign's " . var_export($ours, true) . " (docs: $docValue), catalogue " . var_export($value, true));
    $notes[] = "$key: the docs say $docValue, paysign " . ($ours === null ? 'does not apply it' : "applies $ours") . ": $reason";
    continue;
  }
  check($value === $docValue, "limit $key: documented $docValue, catalogue " . var_export($value, true));
}
foreach ($catalogLimits as $key => $value) {
  if (isset($expectedLimits[$key])) continue;
  check(isset($own[$key]) && $own[$key][0] === $value, "limit $key = " . var_export($value, true) . " is neither documented nor among paysign's own limits with that value");
}
foreach ($own as $key => [$value]) check(($catalogLimits[$key] ?? null) === $value, "paysign's own limit $key = $value is not in the catalogue");
foreach ($notes as $n) echo "  note: $n\n";

// --- payway.sign: every valid vector recomputed; the edges indexed.
$edges = []; // "op field kind" => ['at' => bool, 'past' => bool]
$base64Seen = [];
function mark(string $key, string $side) { global $edges; $edges[$key][$side] = true; }

// The text of a param as PayWay receives it, and how much one step adds.
function sent_text(string $op, string $field, $value, $currency): array {
  global $ops;
  $enc = $ops[$op][1];
  $members = $ops[$op][2] ?? null;
  if (is_array($members) && in_array($field, $members, true) && !isset($enc[$field])) return [is_string($value) ? $value : json_encode($value), 1];
  $text = field_text($field, $value, $enc, $currency);
  return [$text ?? '', in_array($enc[$field] ?? '', [B64, B64JSON], true) ? 4 : 1];
}

// index_edges marks the limits a vector sits at (valid) or just past
// (invalid, naming the field with the limit's code).
function index_edges(string $op, $in, bool $valid, ?string $errorField, ?string $code) {
  global $catalogLimits, $amountFields, $zeroAmounts, $ops;
  $params = (array)($in->params ?? []);
  $currency = $params['currency'] ?? '';
  $side = $valid ? 'at' : 'past';
  $mid = $in->credentials->merchant_id ?? '';
  if (isset($catalogLimits["$op merchant_id max_length"]) && ($valid || ($errorField === 'credentials.merchant_id' && $code === 'PTL05'))) {
    $n = mb_strlen($mid);
    if ($n === $catalogLimits["$op merchant_id max_length"] + ($valid ? 0 : 1)) mark("$op merchant_id max_length", $side);
  }
  foreach ($params as $field => $value) {
    if (!$valid && $errorField !== "params.$field") continue;
    foreach (['max_length', 'max_items', 'min', 'max', 'format'] as $kind) {
      if (!$valid && $code !== 'PTL05') break;
      $limit = $catalogLimits["$op $field $kind"] ?? null;
      if ($limit === null) continue;
      $key = "$op $field $kind";
      switch ($kind) {
        case 'max_length':
          [$text, $step] = sent_text($op, $field, $value, $currency);
          $n = mb_strlen($text);
          if ($valid ? ($n <= $limit && $n > $limit - $step) : ($n > $limit && $n <= $limit + $step)) mark($key, $side);
          break;
        case 'max_items':
          if (is_array($value) && count($value) === $limit + ($valid ? 0 : 1)) mark($key, $side);
          break;
        case 'min': case 'max':
          if (is_int($value) && $value === $limit + ($valid ? 0 : ($kind === 'min' ? -1 : 1))) mark($key, $side);
          break;
        case 'format':
          if (!is_string($value)) break;
          if ($limit === 'tran_id') {
            $bad = preg_match_all('/[^A-Za-z0-9-]/', $value);
            if ($valid ? ($bad === 0 && str_contains($value, '-')) : $bad === 1) mark($key, $side);
          } elseif ($limit === 'alnum5-24') {
            $n = strlen($value); $bad = preg_match_all('/[^A-Za-z0-9]/', $value);
            if ($bad === 0 && $n === ($valid ? 5 : 4)) mark("$key min5", $side);
            if ($bad === 0 && $n === ($valid ? 24 : 25)) mark("$key max24", $side);
            if ($n >= 5 && $n <= 24 && $bad === ($valid ? 0 : 1) && ($valid ? preg_match('/[A-Za-z]/', $value) && preg_match('/[0-9]/', $value) : true)) mark("$key chars", $side);
          } elseif ($limit === 'list_date') {
            $ok = preg_match('/^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/', $value, $m) === 1;
            if ($valid ? ($ok && checkdate((int)$m[2], (int)$m[3], (int)$m[1]) && "$m[4]:$m[5]:$m[6]" === '23:59:59') : ($ok && $m[4] === '24')) mark($key, $side);
          } elseif ($limit === 'email') {
            if (substr_count($value, '@') === ($valid ? 1 : 2)) mark($key, $side);
          }
      }
    }
    if (in_array($field, $amountFields, true) && is_string($value)) {
      $members = $ops[$op][2] ?? null;
      $encrypted = is_array($members) && in_array($field, $members, true);
      foreach (amount_edges($currency, in_array($field, $zeroAmounts, true), $encrypted) as $kind => [$at, $past, $pastCode]) {
        if ($valid ? $value === $at : ($value === $past && $code === $pastCode)) mark("$op $field $kind $currency", $side);
      }
    }
  }
}

foreach (tests_of($vectors, 'payway.sign') as [$name, , $t]) {
  $in = request_of($t);
  if (!is_object($in) || !isset($ops[$in->operation ?? ''])) continue;
  $op = $in->operation;
  index_edges($op, $in, $t->result === 'valid', $t->error_field ?? null, $t->error_code ?? null);
  if ($t->result !== 'valid') continue;
  $o = $t->output;
  [$path, $contentType] = $endpoints[$op];
  $host = isset($in->base_url) ? rtrim($in->base_url, '/') : HOSTS[$in->environment ?? 'sandbox'];
  check($o->operation === $op, "$name: operation");
  check($o->url === $host . $path, "$name: url\n  php:    $host$path\n  vector: {$o->url}");
  check($o->method === 'POST' && $o->content_type === $contentType, "$name: POST $contentType");
  [$order, $texts, $authJson] = rebuild($in, $ops);
  if (isset($o->hash_fields)) check($o->hash_fields === $order, "$name: hash_fields are the documented order");
  if (in_array('Base64Alphabet', $t->flags, true)) {
    foreach ($ops[$op][1] as $field => $e) {
      if ($e === JSON) continue;
      $text = $texts[$field] ?? (isset($in->params->$field) ? base64_encode($in->params->$field) : ''); // merchant_auth's return_url
      check(str_contains($text, '+') && str_contains($text, '/'), "$name: $field's base64 text holds '+' and '/': $text");
      $base64Seen[$op][$field] = true;
    }
  }
  if ($authJson !== null) {
    $got = $o->merchant_auth_json ?? $o->beneficiaries_json;
    check($got === $authJson, "$name: encrypted JSON\n  php:     $authJson\n  vector:  $got");
    // The ciphertext: as many blocks of the key's size as PKCS #1 v1.5
    // (key bytes − 11 of plaintext each) needs, and in the hash input in
    // its place in the documented order.
    $k = key_bytes($in->credentials->rsa_public_key);
    $blocks = intdiv(strlen($authJson) + $k - 12, $k - 11);
    $enc = $t->encrypted ?? null;
    check($enc !== null && $enc->field === ($ops[$op][2] === 'beneficiaries' ? 'beneficiaries' : 'merchant_auth'), "$name: encrypted names the encrypted field");
    check(($enc->base64_length ?? 0) === 4 * intdiv($blocks * $k + 2, 3), "$name: $blocks RSA block(s) of $k bytes: " . 4 * intdiv($blocks * $k + 2, 3) . " base64 characters (vector: " . ($enc->base64_length ?? 'none') . ")");
    $marker = "\x01ciphertext\x01";
    $around = explode($marker, b4hash($order, [$enc->field ?? 'merchant_auth' => $marker] + $texts), 2);
    if (($in->output ?? '') !== 'send') check(($enc->hash_input ?? null) === $around, "$name: hash input around the ciphertext\n  php:    " . json_encode($around) . "\n  vector: " . json_encode($enc->hash_input ?? null));
    // Multipart headers carry a boundary derived from the ciphertext: those vectors leave them out.
    if (isset($o->headers)) check((array)$o->headers === ['Content-Type' => $contentType, 'Accept' => 'application/json'], "$name: headers");
    // The round trip: payway.verify of what was sent gives the plaintext back.
    $v = $t->then->output;
    check($t->then->op === 'payway.verify' && $v->operation === $op && $v->merchant_id === $in->credentials->merchant_id, "$name: then: operation and merchant_id");
    check(($v->request_time ?? null) === (time_field($order) ? $in->request_time : null), "$name: then: request_time");
    check(($v->merchant_auth_json ?? $v->beneficiaries_json) === $authJson, "$name: then.output decrypted JSON");
    check(json_encode($v->merchant_auth ?? $v->beneficiaries) === $authJson, "$name: then: the decrypted value is that JSON decoded");
    continue;
  }
  $b4hash = b4hash($order, $texts);
  $sent = fields_map($o->fields);
  $hash = sign_hash($b4hash, $in->credentials->api_key, (bool)($ops[$op][3] ?? false));
  if (($in->output ?? '') === 'send') { // only what is sent: the hash is the last field
    check(!isset($o->hash_input) && !isset($o->hash_fields), "$name: output send leaves out the hash input");
    $p = $o->policy;
    check($p->attempts === (in_array($op, $queries, true) ? 1 + $p->query_retries : 1), "$name: policy: a request that may move money is sent once, a read 1 + query_retries times");
  } else {
    check($o->hash_input === $b4hash, "$name: hash input\n  php:    $b4hash\n  vector: {$o->hash_input}");
    check($o->hash === $hash, "$name: hash");
  }
  $names = send_order($op, $texts);
  check(array_column($o->fields, 0) === array_merge($names, ['hash']), "$name: fields sent, in order\n  php:    " . implode(' ', $names) . " hash\n  vector: " . implode(' ', array_column($o->fields, 0)));
  check(($sent['hash'] ?? null) === $hash, "$name: hash field");
  foreach ($texts as $f => $v) check(($sent[$f] ?? null) === $v, "$name: field $f sent as " . var_export($sent[$f] ?? null, true) . ", hashed as " . var_export($v, true));
  $headers = (array)$o->headers;
  if ($contentType === MULTIPART) {
    [$body, $ct] = multipart($o->fields);
  } elseif ($contentType === FORM) {
    [$body, $ct] = [http_build_query($sent), FORM];
  } else {
    [$body, $ct] = [json_encode((object)$sent), JSONCT];
  }
  check($headers === ['Content-Type' => $ct, 'Accept' => 'application/json'], "$name: headers\n  php:    $ct\n  vector: " . json_encode($headers));
  check($o->body === $body, "$name: body as PHP encodes the fields ($contentType)");
  if ($contentType === JSONCT) check(count(array_filter(json_decode($o->body, true), 'is_string')) === count($sent), "$name: every JSON body value is a string (no number or float)");
}
foreach ($ops as $op => [, $enc]) foreach ($enc as $field => $e) {
  if ($e !== JSON) check(isset($base64Seen[$op][$field]), "$op.$field: a Base64Alphabet vector whose base64 text holds '+' and '/'");
}

// Every limit of the catalogue (checked above against the transcriptions)
// has a valid vector at it and an invalid one just past it.
foreach ($catalogLimits as $key => $value) {
  if (isset($differs[$key]) && $differs[$key][0] === null) continue;
  $keys = ($value === 'alnum5-24') ? ["$key min5", "$key max24", "$key chars"] : [$key];
  foreach ($keys as $k) {
    if (!isset($unreachable[$k])) check($edges[$k]['at'] ?? false, "limit $k = $value: no valid vector at the limit");
    check($edges[$k]['past'] ?? false, "limit $k = $value: no invalid vector just past it naming the field");
  }
}
foreach ($catalogOps as $op => $c) foreach ($c->params as $p) {
  if ($p->type !== 'amount') continue;
  $has = fn($n) => count(array_filter($c->params, fn($q) => $q->name === $n)) > 0;
  foreach ($has('currency') ? ['USD', 'KHR'] : [''] as $currency) foreach (['amount_min', 'amount_max'] as $kind) {
    $k = "$op {$p->name} $kind $currency";
    check(($edges[$k]['at'] ?? false) && ($edges[$k]['past'] ?? false), "amount $k: a valid vector at the limit and an invalid one past it");
  }
}

// --- payway.verify and payway.hash: PayWay's side, with PHP's hash_hmac
// and openssl_private_decrypt.
$chunkBlocks = [116 => 1, 117 => 1, 118 => 2, 234 => 2, 235 => 3]; // 117-byte blocks of a 1024-bit key
$chunkSeen = [];
foreach (tests_of($vectors, 'payway.verify', 'payway.hash') as [$name, $opName, $t]) {
  $in = request_of($t);
  if (!is_object($in) || !isset($ops[$in->operation ?? '']) || !isset($in->fields)) continue;
  [$order, , , $hex] = $ops[$in->operation] + [null, null, null, false];
  $fields = fields_map($in->fields);
  $expected = sign_hash(b4hash($order, $fields), $in->credentials->api_key ?? '', (bool)$hex);
  if ($opName === 'payway.hash') {
    if ($t->result !== 'valid') continue;
    check($t->output->operation === $in->operation && $t->output->hash_fields === $order, "$name: operation and hash_fields, the documented order");
    check($t->output->hash_input === b4hash($order, $fields), "$name: hash input");
    check($t->output->hash === $expected && $expected === ($fields['hash'] ?? null), "$name: PHP hash_hmac gives the same hash, the one the fields carry");
    continue;
  }
  $hashOK = isset($fields['hash']) && hash_equals($expected, $fields['hash']);
  if ($t->result === 'valid') {
    $o = $t->output;
    check($hashOK, "$name: PHP hash_hmac accepts the received hash");
    check($o->operation === $in->operation && $o->merchant_id === $fields['merchant_id'], "$name: operation and merchant_id as received");
    $tf = time_field($order);
    check(($o->request_time ?? null) === ($tf === null ? null : $fields[$tf]), "$name: request_time is the received time field");
    $members = $ops[$in->operation][2] ?? null;
    if ($members !== null) {
      $encField = $members === 'beneficiaries' ? 'beneficiaries' : 'merchant_auth';
      $plain = decrypt_chunks($fields[$encField], $in->credentials->rsa_private_key);
      $want = $o->merchant_auth_json ?? $o->beneficiaries_json;
      check($plain === $want, "$name: openssl_private_decrypt gives the expected JSON");
      check(json_encode($o->merchant_auth ?? $o->beneficiaries) === $plain, "$name: the decrypted value is that JSON decoded");
      if (in_array('ChunkBoundary', $t->flags, true)) {
        $n = strlen((string)$plain);
        $blocks = intdiv(strlen(base64_decode($fields[$encField])), 128);
        check(isset($chunkBlocks[$n]) && $blocks === $chunkBlocks[$n], "$name: merchant_auth JSON of $n bytes is " . ($chunkBlocks[$n] ?? '?') . " RSA block(s), openssl decrypted $blocks");
        $chunkSeen[$n] = true;
      }
    }
  } elseif ($t->error_code === 'PTL02') {
    check(!$hashOK, "$name: PHP also rejects the hash");
  } elseif ($t->error_code === 'decryption_failed') {
    check(decrypt_chunks($fields['merchant_auth'], $in->credentials->rsa_private_key) === false, "$name: openssl also fails to decrypt");
  }
}
check(array_keys($chunkSeen) == array_keys($chunkBlocks), 'fixed ciphertexts of merchant_auth JSON of ' . implode(', ', array_keys($chunkBlocks)) . ' bytes');

// --- payway_e2e.json: the hash an end-to-end test expects the mock to
// receive, recomputed from the inputs.
$e2e = json_decode((string)file_get_contents("$dir/e2e/payway_e2e.json"), false);
check(($e2e->schema ?? null) === 'paysign-e2e-v1' && $e2e->number_of_tests === count($e2e->tests), 'payway_e2e.json: schema and number_of_tests');
$e2eOps = [];
foreach ($e2e->tests ?? [] as $c) {
  $name = "payway_e2e.json #{$c->id} {$c->comment}";
  check(!isset($ops[$c->operation][2]), "$name: no encrypted field, so the hash is fixed");
  [$order, $texts] = rebuild($c, $ops);
  check($c->expected_hash === sign_hash(b4hash($order, $texts), $c->credentials->api_key, false), "$name: expected_hash is PHP's hash_hmac over the documented order");
  $e2eOps[$c->operation] = ($e2eOps[$c->operation] ?? false) || ($c->operation !== 'purchase' || ($c->params->firstname ?? '') !== ($c->params->lastname ?? ''));
}
foreach (['purchase', 'check_transaction', 'generate_qr'] as $op) check($e2eOps[$op] ?? false, "payway_e2e.json has a $op" . ($op === 'purchase' ? ' with different firstname and lastname' : ''));
