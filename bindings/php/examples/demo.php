<?php

// Signs every request of testvectors/demo/requests.json through the PHP
// binding and writes {"runtime": "php", "results": {name: value}}.
// Usage: php demo.php REQUESTS_JSON OUTPUT_JSON
// Prints one line per request (hash and URL only, never credentials).

declare(strict_types=1);

require dirname(__DIR__) . '/preload.php';

use PaySign\PaySign;

[, $requestsPath, $outputPath] = $argv;
$requests = json_decode((string) file_get_contents($requestsPath), true, 512, JSON_THROW_ON_ERROR)['requests'];
$results = [];
foreach ($requests as $request) {
    $value = PaySign::call($request['op'], $request['request']);
    $results[$request['name']] = $value;
    printf("php     %-10s hash=%s…  %s\n", $request['name'], substr((string) ($value['hash'] ?? ''), 0, 24), $value['url'] ?? '');
}
@mkdir(dirname($outputPath), 0777, true);
file_put_contents($outputPath, json_encode(['runtime' => 'php', 'results' => $results],
    JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR) . "\n");
