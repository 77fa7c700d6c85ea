<?php
// Independent oracle for paysign's payway.decode_response vectors
// (payway_response.json).
//
// It carries its own transcription of PayWay's documented codes, grouped by
// endpoint family and category (from PayWay's public pages: purchase, check
// transaction, close transaction, QR API, refund, pre-auth, payment links,
// payout, beneficiaries, Credentials on File; sandbox-only answers marked),
// finds the code in each body with json_decode as a PHP integration would,
// and recomputes ok, category, retryable, the payment status and the value.
// It also requires the "Table" vectors to cover exactly the codes listed
// here, so a code added to or dropped from the Go table without this
// transcription fails the build.
//
// Loaded by run.php after payway.php ($vectors, check(), $queries).

function range_codes(int $from, int $to): array { return array_map('strval', range($from, $to)); }

// family => category => codes (numeric codes without leading zeros).
$families = [
  'checkout' => [
    'success' => ['0'],
    'wrong_hash' => ['1'],
    'invalid_request' => ['2', '3', '7', '10', '13', '14', '15', '16', '17', '18', '19', '24', '25', '27', '28', '29', '35', '36', '38', '39',
                          '45', '46', '47', '48', '49', '50', '51', '52', '53', '58', '59', '69', '74', '76', '79', '80', '82'],
    'duplicate' => ['4', '40', '62', '63'],
    'not_found' => ['5', '75'],
    'not_permitted' => ['6', '12', '20', '21', '22', '23', '26', '30', '32', '37', '41', '42', '43', '65', '67', '71', '72', '77', '78', '81',
                        '86', '96', '102', '401'],
    'gateway_error' => ['8', '11', '34', '55', '56', '60', '61', '66', '403', '503'],
    'declined' => ['31', '33', '44', '54', '57', '64', '68', '70', '73', '83', '84', '85', '87', '200', '201'],
    'rate_limited' => ['429'],
  ],
  'merchant_portal' => [
    'success' => ['0'],
    'wrong_hash' => ['PTL02'],
    'invalid_request' => ['PTL04', 'PTL05', 'PTL06', 'PTL25', 'PTL61', 'PTL62', 'PTL99', 'PTL141', 'PTL142', 'PTL146', 'PTL147', 'PTL165', 'PTL166',
                          'PTL171', 'PTL186', 'PTL187', 'USD-NOT-ALLOW', 'KHR-LESS-100', 'KHR-CONTAIN-DECIMAL'],
    'not_found' => ['PTL36', 'PTL46', 'PTL132', 'PTL134', 'PTL137', 'PTL149', 'PTL150', '96'],
    'declined' => ['PTL37', 'PTL57', 'PTL59', 'PTL60', 'PTL170', 'PTL181'],
    'gateway_error' => ['PTL58', 'PTL151', 'PTL157'],
    'not_permitted' => ['PTL63', 'PTL153', 'PTL169', 'PTL175'],
    'duplicate' => ['PTL148', 'PTL164', 'PTL188'],
    'concurrent_request' => ['PTL168'],
  ],
  'credentials' => [
    'success' => ['0'], 'wrong_hash' => ['1'], 'invalid_request' => ['4', '105'], 'not_found' => ['9', '98'], 'not_permitted' => ['104'],
  ],
  'payout' => [
    'success' => ['0'], 'wrong_hash' => ['1'], 'duplicate' => ['4', '83'], 'gateway_error' => ['11'],
    'invalid_request' => ['24', '25', '36', '48', '80', '81', '82', '92', '400'],
    'not_permitted' => ['26', '37'],
    'declined' => array_merge(['44', '70', '79', '93', 'LAM01', 'LAM02'], range_codes(84, 91)),
  ],
  'payment_status' => ['success' => ['0', '4'], 'pending' => ['2'], 'declined' => ['3', '7']],
  'http' => [
    'invalid_request' => ['400', '405', '413', '422'], 'not_permitted' => ['401', '403'], 'not_found' => ['404'],
    'rate_limited' => ['429'], 'gateway_error' => ['500', '502', '503', '504'],
  ],
];
// What one endpoint says a code of its family means.
$overrides = [
  'checkout' => [
    '2' => [['close_transaction'], 'declined'],
    '5' => [['check_transaction', 'transaction_detail'], 'wrong_hash'],
    '6' => [['check_transaction', 'transaction_detail'], 'not_found'],
    '8' => [['check_transaction', 'transaction_detail'], 'not_permitted'],
    '403' => [['generate_qr', 'request_qr'], 'duplicate'],
  ],
];
$opFamilies = [
  'purchase' => ['checkout'], 'subscription' => ['checkout', 'credentials'], 'check_transaction' => ['checkout'],
  'transaction_detail' => ['checkout'], 'close_transaction' => ['checkout'], 'transaction_list' => ['checkout'],
  'exchange_rate' => ['checkout'], 'generate_qr' => ['checkout'], 'request_qr' => ['checkout'],
  'get_transactions_by_mc_ref' => ['checkout'],
  'refund' => ['merchant_portal'], 'create_payment_link' => ['merchant_portal'], 'payment_link_detail' => ['merchant_portal'],
  'void_payment_link' => ['merchant_portal'], 'pre_auth_completion' => ['merchant_portal'], 'pre_auth_cancellation' => ['merchant_portal'],
  'add_beneficiary' => ['merchant_portal'], 'update_beneficiary_status' => ['merchant_portal'],
  'payout' => ['payout'],
  'link_account' => ['credentials'], 'link_card' => ['credentials'], 'purchase_with_token' => ['credentials', 'checkout'],
  'renew_token' => ['credentials'], 'get_token_details' => ['credentials'], 'remove_token' => ['credentials'],
];
// Documented successes without a code: purchase's hosted checkout page (a
// 2xx HTML page) and link_card's 302 to the add-card page.
$otherSuccess = ['purchase' => 'page', 'subscription' => 'page', 'link_card' => 'redirect'];
// $queries (payway.php): the operations that only read, the only ones a
// gateway error may be retried on.

function norm(string $code): string {
  $code = strtoupper(trim($code));
  if ($code !== '' && ctype_digit($code)) { $code = ltrim($code, '0'); return $code === '' ? '0' : $code; }
  return $code;
}
function category_in(string $family, string $op, string $code): ?string {
  global $families, $overrides;
  if (isset($overrides[$family][$code]) && in_array($op, $overrides[$family][$code][0], true)) return $overrides[$family][$code][1];
  foreach ($families[$family] as $category => $codes) {
    if (in_array($code, $codes, true)) return $category;
  }
  return null;
}
function category_of(string $op, string $code): ?string {
  global $opFamilies;
  foreach (array_merge($opFamilies[$op], ['http']) as $family) {
    $c = category_in($family, $op, norm($code));
    if ($c !== null) return $c;
  }
  return null;
}

// The code and message, found as a PHP integration finds them.
function code_of(array $body): array {
  if (isset($body['status']) && is_array($body['status'])) return [(string)($body['status']['code'] ?? ''), $body['status']['message'] ?? ''];
  $code = $body['status'] ?? $body['code'] ?? '';
  return [(string)$code, $body['message'] ?? $body['description'] ?? ''];
}

// Amounts in answers, transcribed from PayWay's answer pages (the members
// the pages type number that hold money; payment links' total_amount_org,
// and detail's total_refund, are typed string there): always the exact
// text of the number. request_qr and purchase_with_token have no page:
// the QR API's and a payment's amount.
$txAmounts = ['original_amount', 'total_amount', 'discount_amount', 'refund_amount', 'payment_amount'];
$amounts = [
  'refund' => ['grand_total', 'total_refunded'],
  'check_transaction' => array_map(fn ($m) => "data.$m", $txAmounts),
  'transaction_detail' => array_merge(array_map(fn ($m) => "data.$m", $txAmounts), ['data.transaction_operations[].amount']),
  'transaction_list' => array_map(fn ($m) => "data[].$m", $txAmounts),
  'get_transactions_by_mc_ref' => array_map(fn ($m) => "data[].$m", $txAmounts),
  'generate_qr' => ['amount'],
  'request_qr' => ['amount'],
  'create_payment_link' => ['data.amount', 'data.total_refund', 'data.total_amount', 'payout[].amt'],
  'payment_link_detail' => ['data.amount', 'data.total_amount'],
  'pre_auth_completion' => ['grand_total'],
  'pre_auth_cancellation' => ['grand_total'],
  'payout' => ['transaction_amount', 'beneficiaries[].amount'],
  'purchase_with_token' => ['data.amount'],
];
require __DIR__ . '/numbers.php';

// A Location resolved against the request's URL, RFC 3986 section 5.2, written
// from the RFC (not from paysign's code): an absolute reference as it came.
function resolve_reference(string $base, string $ref): string {
  if ($base === '' || $ref === '' || preg_match('~^[A-Za-z][A-Za-z0-9+.-]*:~', $ref)) return $ref;
  if (!preg_match('~^([A-Za-z][A-Za-z0-9+.-]*):(//[^/?#]*)?([^?#]*)(\?[^#]*)?~', $base, $b)) return $ref;
  [, $scheme, $authority, $path, $query] = $b + ['', '', '', '', ''];
  if (str_starts_with($ref, '//')) return "$scheme:$ref";
  preg_match('~^([^?#]*)(\?[^#]*)?(#.*)?$~', $ref, $r);
  [, $rpath, $rquery, $rfragment] = $r + ['', '', '', ''];
  if ($rpath === '') {
    $path2 = $path;
    $query2 = $rquery !== '' ? $rquery : $query;
  } else {
    $merged = str_starts_with($rpath, '/') ? $rpath
      : (($authority !== '' && $path === '') ? '/' . $rpath : substr($path, 0, (int) strrpos($path, '/') + 1) . $rpath);
    $out = [];
    foreach (explode('/', $merged) as $i => $segment) { // remove_dot_segments, 5.2.4
      if ($segment === '.') { continue; }
      if ($segment === '..') { if (count($out) > 1) array_pop($out); continue; }
      $out[] = $segment;
    }
    $last = substr($merged, -3) === '/..' || substr($merged, -2) === '/.' || $merged === '..' || $merged === '.';
    $path2 = implode('/', $out) . ($last ? '/' : '');
    $query2 = $rquery;
  }
  return "$scheme:$authority$path2$query2$rfragment";
}

$covered = [];
foreach (tests_of($vectors, 'payway.decode_response') as [$name, , $t]) {
  $in = request_of($t);
  if ($t->result !== 'valid') continue;
  $o = $t->output;
  $op = $in->operation;
  $status = $in->http_status;
  $location = resolve_reference($in->url ?? '', $in->location ?? '');
  $decoded = json_decode($in->body, false);
  $object = is_object($decoded);
  $body = $object ? json_decode($in->body, true) : null;
  [$code, $message] = $object ? code_of($body) : ['', ''];
  $rawCode = $object ? (isset($body['status']) && is_array($body['status']) ? ($body['status']['code'] ?? null) : ($body['status'] ?? $body['code'] ?? null)) : null;
  if ($rawCode !== null && !is_string($rawCode) && !is_int($rawCode)) { // a code of another type: not PayWay's answer
    $object = false; $body = null; [$code, $message] = ['', ''];
  }
  if ($object) {
    check(json_encode($o->value) === json_encode(decimals_as_strings($in->body, $amounts[$op] ?? [])), "$name: value is the body, amounts and fractions as their exact text");
  } else {
    check($o->value === $in->body, "$name: value is the body text");
  }
  if ($status >= 300 && $status < 400) $code = ''; // a redirect is never PayWay's verdict (link_card's is its success)
  check($o->code === $code, "$name: code $code as sent (got {$o->code})");
  $kind = $otherSuccess[$op] ?? '';
  if ($status >= 300 && $status < 400) {
    $category = ($kind === 'redirect' && $location !== '') ? 'success' : 'outcome_unknown';
  } elseif ($code !== '') {
    $category = category_of($op, $code);
    if ($category === 'success' && $status >= 400) $category = category_in('http', $op, (string)$status);
    if ($category === null) $category = $status >= 500 ? 'gateway_error' : 'unknown';
  } elseif ($kind === 'page' && $status < 300 && !$object && trim($in->body) !== '') {
    $category = 'success';
  } elseif ($status === 429 || $status >= 500 || ($status >= 400 && $object)) {
    $category = category_in('http', $op, (string)$status) ?? ($status >= 500 ? 'gateway_error' : 'unknown');
  } else {
    $category = 'outcome_unknown';
  }
  check($o->category === $category, "$name: category $category (got {$o->category})");
  $query = in_array($op, $queries, true);
  $retryable = in_array($category, ['rate_limited', 'concurrent_request'], true) || (in_array($category, ['gateway_error', 'outcome_unknown'], true) && $query);
  check($o->retryable === $retryable, "$name: retryable " . var_export($retryable, true));
  check($o->ok === ($category === 'success' && $status < 400), "$name: ok");
  check($o->http_status === $status, "$name: http_status");
  if ($message !== '') check($o->message === $message, "$name: PayWay's own message is kept"); // else paysign's description (README)
  check(($o->meaning === '') === ($category === 'unknown' || ($category === 'success' && $code === '')), "$name: a meaning exactly for known codes and unknown outcomes");
  if ($category === 'outcome_unknown') check(str_contains($o->meaning, "HTTP $status") && str_contains($o->meaning, "not an answer of PayWay's"), "$name: the meaning says the answer is not PayWay's");
  check(($o->location ?? '') === (($status >= 300 && $status < 400) ? $location : ''), "$name: location of a 3xx");
  $psc = $body['data']['payment_status_code'] ?? null;
  if (in_array($op, ['check_transaction', 'transaction_detail'], true) && $psc !== null) {
    check($o->payment_status->code === (string)$psc, "$name: payment_status.code");
    check($o->payment_status->status === ($body['data']['payment_status'] ?? ''), "$name: payment_status.status");
    check($o->payment_status->category === (category_in('payment_status', $op, norm((string)$psc)) ?? 'unknown'), "$name: payment_status.category");
  } else {
    check(!isset($o->payment_status), "$name: no payment_status");
  }
  if (in_array('Table', $t->flags, true)) {
    $family = explode(' ', $t->comment)[1];
    $covered["$family " . ($family === 'http' ? (string)$status : ($family === 'payment_status' ? (string)$psc : norm($code)))] = true;
  }
}
// The table vectors cover exactly the codes transcribed here.
$listed = [];
foreach ($families as $family => $categories) {
  foreach ($categories as $codes) { foreach ($codes as $c) $listed["$family $c"] = true; }
}
ksort($listed); ksort($covered);
check(array_keys($listed) === array_keys($covered), "the Table vectors cover exactly the transcribed codes:\n  only here: "
  . implode(', ', array_keys(array_diff_key($listed, $covered))) . "\n  only in the vectors: " . implode(', ', array_keys(array_diff_key($covered, $listed))));

