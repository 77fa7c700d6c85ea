<?php

// The router of Receiver's `php -S`: a merchant's pushback endpoint that
// records what it receives. POST /payway/pushback appends one JSON line
// (the raw body in base64, the X-PayWay-HMAC-SHA512 header, the content
// type) to $PAYSIGN_PUSHBACK_LOG and answers 200; any other request is
// recorded in requests.jsonl next to it (method, URI, headers, the raw body
// in base64: what a client put on the wire) and gets the answer
// Receiver::answerNext() left, else a 404 HTML page (what a gateway's proxy
// might answer).

declare(strict_types=1);

if (($_SERVER['REQUEST_METHOD'] ?? '') === 'POST' && parse_url($_SERVER['REQUEST_URI'] ?? '', PHP_URL_PATH) === '/payway/pushback') {
    file_put_contents((string) getenv('PAYSIGN_PUSHBACK_LOG'), json_encode([
        'body' => base64_encode((string) file_get_contents('php://input')),
        'signature' => $_SERVER['HTTP_X_PAYWAY_HMAC_SHA512'] ?? null,
        'content_type' => $_SERVER['CONTENT_TYPE'] ?? '',
        'query' => $_SERVER['QUERY_STRING'] ?? '',
    ]) . "\n", FILE_APPEND | LOCK_EX);
    header('Content-Type: text/plain');
    echo "OK\n";
    return true;
}
file_put_contents(dirname((string) getenv('PAYSIGN_PUSHBACK_LOG')) . '/requests.jsonl', json_encode([
    'method' => $_SERVER['REQUEST_METHOD'] ?? '',
    'uri' => $_SERVER['REQUEST_URI'] ?? '',
    'headers' => array_change_key_case(getallheaders(), CASE_LOWER),
    'body' => base64_encode((string) file_get_contents('php://input')),
]) . "\n", FILE_APPEND | LOCK_EX);
// A canned answer set by Receiver::answerNext() (status, content type, body size or text), used once.
$canned = dirname((string) getenv('PAYSIGN_PUSHBACK_LOG')) . '/answer.json';
if (is_file($canned)) {
    $answer = json_decode((string) file_get_contents($canned), true);
    unlink($canned);
    http_response_code($answer['status']);
    header('Content-Type: ' . $answer['content_type']);
    echo isset($answer['repeat']) ? str_repeat(base64_decode($answer['body']), $answer['repeat']) : base64_decode($answer['body']);
    return true;
}
http_response_code(404);
header('Content-Type: text/html');
echo "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>\n";
return true;
