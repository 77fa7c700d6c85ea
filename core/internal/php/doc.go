// Package php is the one place paysign imitates PHP. Gateways compute
// hashes and encrypt plaintexts that their PHP samples build with
// json_encode, ksort, (string) casts and urlencode, so paysign reproduces
// those functions byte for byte:
//
//   - [Encode]: json_encode with default flags of values paysign builds
//     ('/' escaped, non-ASCII as \uXXXX, number lexemes as given);
//   - [Decode], [Key], [Compare]: the array json_decode($s, true) builds
//     (canonical integer member names become int keys, a repeated name keeps
//     its first position and its last value) and PHP 8's ksort order;
//   - [String]: the (string) cast of a decoded scalar (floats at precision
//     14), and [EncodeDecoded]: json_encode of a decoded value (floats at
//     serialize_precision -1, lists detected);
//   - [FloatJSON]: json_encode((float)$amount) of a decimal amount;
//   - [URLEncode]: urlencode.
//
// The table tests' expected values were produced by PHP 8.2 itself
// (testdata/php_cases.php writes testdata/php82.json; `make test-oracle`
// regenerates it with the real interpreter and fails on any difference).
package php
