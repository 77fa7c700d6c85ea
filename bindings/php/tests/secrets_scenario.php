<?php

// Run by HardeningTest in a fresh process (under zend.exception_ignore_args=0
// and =1): failing requests whose API key is $PAYSIGN_TEST_API_KEY, with every
// way PHP code shows an error or an object written to stdout, then an
// uncaught PaySignError (PHP's own fatal-error output). The test checks that
// neither the key nor private-key material appears; it never prints them.

declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use PaySign\PaySign;
use PaySign\PaySignError;
use PaySign\PayWay;

$apiKey = (string) getenv('PAYSIGN_TEST_API_KEY');
$keys = dirname(__DIR__, 3) . '/internal/testkeys';
$public = (string) file_get_contents("$keys/rsa1024_TEST_ONLY_public.pem");
$private = (string) file_get_contents("$keys/rsa1024_TEST_ONLY_private.pem");
$credentials = ['merchant_id' => 'ec000002', 'api_key' => $apiKey];
$client = new PayWay('ec000002', $apiKey, $public);
// An address nothing listens on, for send()'s not_sent.
$socket = stream_socket_server('tcp://127.0.0.1:0');
$nobody = (string) stream_socket_get_name($socket, false);
fclose($socket);
$signed = $client->sign('refund', ['tran_id' => 'T1', 'refund_amount' => '1.50']);
// The test's own helper hides its argument like the binding does.
$signWith = static fn (#[\SensitiveParameter] string $key) => PaySign::call('payway.sign', [
    'operation' => 'refund',
    'credentials' => $credentials + ['rsa_public_key' => $key],
    'params' => ['tran_id' => 'T1', 'refund_amount' => '1.50'],
]);

$scenarios = [
    'private_key_as_public' => static fn () => $signWith($private),
    'garbage_public_key' => static fn () => $signWith("-----BEGIN PUBLIC KEY-----\n$apiKey\n-----END PUBLIC KEY-----\n"),
    'key_as_bare_key' => static fn () => $signWith($apiKey),
    'missing_tran_id' => static fn () => $client->sign('refund', ['refund_amount' => '1.50']),
    'bad_amount' => static fn () => $client->sign('refund', ['tran_id' => 'T1', 'refund_amount' => '1.5.0']),
    'unknown_member_value' => static fn () => PaySign::call('payway.sign', ['operation' => 'refund', 'credentials' => $credentials, 'unexpected' => $apiKey]),
    'hash_mismatch' => static fn () => (new PayWay('ec000002', $apiKey . 'x'))->verify('refund', $signed['fields'], $private),
    'public_key_as_private' => static fn () => $client->verify('refund', $signed['fields'], $public),
    'garbage_private_key' => static fn () => $client->verify('refund', $signed['fields'], "-----BEGIN PRIVATE KEY-----\n$apiKey\n-----END PRIVATE KEY-----\n"),
    'panic' => static fn () => PaySign::call('test.panic', ['api_key' => $apiKey, 'rsa_private_key' => $private]),
    'unencodable' => static fn () => PaySign::call('payway.sign', ['credentials' => $credentials, 'x' => "\xff$apiKey"]),
    'float' => static fn () => PaySign::call('payway.sign', ['credentials' => $credentials, 'x' => NAN]),
    'float_in_params' => static fn () => $client->sign('refund', ['tran_id' => 'T1', 'refund_amount' => 1.5]),
    'object_in_params' => static fn () => $client->sign('refund', ['tran_id' => 'T1', 'refund_amount' => new \ArrayObject(['1.50'])]),
    'credentials_not_utf8' => static fn () => (new PayWay('ec000002', "\xff$apiKey"))->sign('check_transaction', ['tran_id' => 'T1']),
    'serialize' => static fn () => serialize($client),
    'send_not_sent' => static fn () => (new PayWay('ec000002', $apiKey, $public, baseUrl: "http://$nobody"))
        ->send('refund', ['tran_id' => 'T1', 'refund_amount' => '1.50']),
    'send_curl_options' => static fn () => $client->send('refund', ['tran_id' => 'T1', 'refund_amount' => '1.50'],
        ['curl_options' => [CURLOPT_PROXYUSERPWD => "user:$apiKey", -42 => $apiKey]]),
    'callback_mismatch' => static fn () => $client->verifyCallback('{"tran_id":"T1","status":"0"}', base64_encode(random_bytes(64))),
];
$codes = [];
foreach ($scenarios as $name => $scenario) {
    try {
        $scenario();
        $codes[$name] = 'ok';
    } catch (PaySignError $e) {
        $codes[$name] = $e->getErrorCode();
        echo $e->getMessage(), "\n", $e, "\n", $e->getTraceAsString(), "\n", print_r($e->getTrace(), true), "\n";
        var_dump($e);
        error_log('paysign failed: ' . $e); // a logger's view; goes to stderr
    }
}
$closed = new PayWay('ec000002', $apiKey, $public);
$closed->sign('check_transaction', ['tran_id' => 'T1']);
$closed->close();
try {
    $closed->sign('check_transaction', ['tran_id' => 'T1']);
} catch (PaySignError $e) {
    $codes['closed'] = $e->getErrorCode();
    echo $e, "\n";
    var_dump($e);
}
print_r($client);
var_dump($client);
var_export($client);
print_r((array) $client);
var_dump((array) $client);
echo json_encode($client), "\n", json_encode($codes), "\n";
$client->verify('refund', [['hash', 'x']], $private); // uncaught: PHP prints it
