<?php
// Writes php82.json: what PHP itself answers for every behaviour package
// php imitates. The inputs are defined here; the outputs are PHP's own.
// `make test-oracle` runs this with the real interpreter and fails if the
// committed php82.json differs; php_test.go checks the Go side against it.
//
//   php core/internal/php/testdata/php_cases.php > core/internal/php/testdata/php82.json

if (PHP_MAJOR_VERSION !== 8 || PHP_MINOR_VERSION !== 2) {
    fwrite(STDERR, "php_cases.php: expected PHP 8.2, got " . PHP_VERSION . "\n");
    exit(1);
}

// json_encode with default flags of decoded strings, lists and objects
// whose keys are not integers (so decoding changes nothing but numbers).
$encode = [
    '"a/b"', '"\u00e9"', '"\ud83d\ude00"', '"\u0001\t\"\\\\"', '"<&>\u007f"', '"\u1780"', '"\b\f\n\r"',
    '"Caf\u00e9 / Kafe"', '"https://shop.example.com/p?a=1&b=2"', '""',
    '["a",1,true,false,null,[],["x"]]',
    '{"mc_id":"ec000002","title":"Caf\u00e9 \/ Kafe","n":1}',
    '{"name":"Latte","quantity":1,"price":"2.50"}',
    '{"z":{"y":[1,{"x":"w"}]},"a":""}',
];

// (string) of a decoded JSON number: floats at precision 14.
$strings = [
    '0', '-0', '1', '-1', '1.0', '1.5', '1.50', '0.1', '0.30000000000000004', '100', '100.0', '1e2', '1E2', '1e-5', '0.0001',
    '0.00001', '123456789012345', '12345678901234.5', '123456789012345.6', '1e14', '1e15', '786035176637695',
    '786035176637695.5', '786035176637696', '7.8603517663770E+14', '9223372036854775807', '9223372036854775808',
    '-9223372036854775808', '-9223372036854775809', '1.7976931348623157e308', '1e400', '-1e400', '5e-324',
    '0.1234567890123456789', '99999999999999.5', '999999999999995', '0.5', '2.5', '1.25', '1.125', '3.14159265358979',
    'true', 'false', 'null', '"07"', '"text"',
];

// json_encode of a decoded value: floats at serialize_precision -1, arrays
// with keys 0..n-1 in order written as lists.
$decoded = [
    '{"a":1.0,"b":1.50,"c":0.1,"d":1e2,"e":1e20,"f":1e-7,"g":123456789012345678}',
    '{"0":"x","1":"y"}', '{"1":"x","0":"y"}', '{"0":"x","2":"y"}', '{}', '[]', '{"a":{}}', '[{"0":1}]',
    '{"a":"x","a":"y"}', '{"7":1,"07":2}', '{"x":[1.5,2.0,-0.0]}', '{"k":"\u00e9\/"}', '{"n":9223372036854775808}',
];

// ksort (SORT_REGULAR) of the array json_decode(..., true) builds.
$ksort = [
    '{"tran_id":1,"apv":2,"status":3,"return_params":4,"merchant_ref":5}',
    '{"b":1,"a":2,"B":3,"_":4,"A":5,"0":6}',
    '{"10":1,"9":2,"1.5":3,"-1":4,"1e1":5," 2":6,"3 ":7,"0x1":8,"":9}',
    '{"9223372036854775807":1,"9223372036854775808":2,"9223372036854775809":3,"1e19":4,"-9223372036854775809":5,"-9223372036854775808":6}',
    '{"18446744073709551616":1,"18446744073709551615":2,"9223372036854775808.0":3,"9.3e18":4}',
    '{"1e400":1,"2e400":2,"-1e400":3,"5":4}',
    '{"x":1,"y":2,"07":3,"7":4,"7.0":5}',
    '{"a":1,"a":2,"b":3}',
    '{"z":1,"a":{"d":1,"c":2},"m":[3,1]}',
];

// json_encode((float)$amount): amounts inside encrypted objects.
$floats = ['1.50', '1.5', '10.00', '10', '0.01', '100', '100.10', '0.1', '1234567.89', '99999999999.99', '0.10', '5.00', '2.505', '12345678901234567.89'];

// urlencode.
$urlencode = ['abc', 'a b', 'a+b', 'ä', '~', '-._', 'https://x.example/p?a=1&b=2', "\x00\x7f", '😀', '*@'];

$out = ['php_version' => PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION];
foreach ($encode as $in) {
    $out['encode'][] = ['in' => $in, 'out' => json_encode(json_decode($in, true, 512, JSON_THROW_ON_ERROR))];
}
foreach ($strings as $in) {
    $out['string'][] = ['in' => $in, 'out' => (string) json_decode($in, true, 512, JSON_THROW_ON_ERROR)];
}
foreach ($decoded as $in) {
    $json = json_encode(json_decode($in, true, 512, JSON_THROW_ON_ERROR));
    $out['encode_decoded'][] = ['in' => $in, 'out' => $json === false ? null : $json];
}
foreach ($ksort as $in) {
    $a = json_decode($in, true, 512, JSON_THROW_ON_ERROR);
    ksort($a);
    $out['ksort'][] = ['in' => $in, 'out' => array_map('strval', array_keys($a))];
}
foreach ($floats as $in) {
    $out['float_json'][] = ['in' => $in, 'out' => json_encode((float) $in)];
}
foreach ($urlencode as $in) {
    $out['urlencode'][] = ['in' => base64_encode($in), 'out' => urlencode($in)];
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
