<?php

declare(strict_types=1);

namespace PaySign;

/**
 * The I/O half of PayWay::send(): one curl handle, kept by its PayWay so
 * that curl keeps the connection alive between sends, and one attempt of
 * the core's send loop over it (docs/envelope.md, payway.send_step).
 *
 * It decides nothing. It writes the method, URL, headers and body that
 * payway.sign made, reads at most policy.max_answer_bytes of answer within
 * one deadline (policy.timeout_ms covers connecting, sending and the whole
 * answer: an answer that drips a byte a second cannot outlast it), and
 * reports what happened as payway.send_step's outcome: not_sent, timed_out,
 * broken or answered.
 *
 * What curl does with a kept connection, and why the body is read from a
 * callback: before reusing a connection curl checks that the server has
 * not closed it (an idle close is then a new connection, not a failed
 * send). But if a reused connection dies after the request was written
 * and before any answer, curl would silently send the request again on a
 * new connection, rewinding a CURLOPT_POSTFIELDS body: a refund twice. The
 * body therefore comes from a read callback that cannot be rewound, so
 * curl stops with CURLE_SEND_FAIL_REWIND instead, reported as broken (the
 * request went out: confirm first).
 *
 * @internal Use PayWay::send().
 */
final class Transport
{
    /** curl's "necessary data rewind wasn't possible" (no PHP constant): the resend curl wanted to make and could not. */
    private const CURLE_SEND_FAIL_REWIND = 65;

    private ?\CurlHandle $handle = null;

    /**
     * Sends $signed once and says what happened.
     *
     * @param array{method: string, url: string, headers: array<string, string>, body: string, policy: array{timeout_ms: int, max_answer_bytes: int}} $signed
     *        the value of payway.sign with "output": "send"
     * @param bool $fresh on a new connection (the core's fresh_connection)
     * @param array<int, mixed> $curlOptions the caller's options, set before paysign's own
     * @return array{sent: string, connection_reused: bool, http_status?: int, content_type?: string, location?: string, url?: string, body_base64?: string, too_large?: bool, detail?: string}
     *         payway.send_step's outcome
     * @throws PaySignError malformed_request for curl options curl refuses
     */
    public function attempt(array $signed, bool $fresh, #[\SensitiveParameter] array $curlOptions): array
    {
        $handle = $this->handle ??= curl_init();
        curl_reset($handle); // this attempt's options only; the kept connection stays
        $request = $signed['body'];
        $sent = 0;
        $answer = '';
        $tooLarge = false;
        $headers = [];
        $max = $signed['policy']['max_answer_bytes'];
        $timeout = $signed['policy']['timeout_ms'];
        $host = strtolower(trim((string) parse_url($signed['url'], PHP_URL_HOST), '[]'));
        // Defaults the caller's curl_options may change (a proxy, a user agent) ...
        $defaults = [CURLOPT_USERAGENT => 'paysign-php/' . PaySign::VERSION];
        // ... and what they may not: the request's bytes, the deadline, no redirects, TLS checks, the answer limit.
        $own = [
            CURLOPT_URL => $signed['url'],
            CURLOPT_NOBODY => false,
            CURLOPT_UPLOAD => true, // the body from the read callback below, with a Content-Length
            CURLOPT_CUSTOMREQUEST => $signed['method'],
            CURLOPT_INFILESIZE => \strlen($request),
            CURLOPT_READFUNCTION => static function ($handle, $stream, int $length) use ($request, &$sent): string {
                $chunk = (string) substr($request, $sent, $length);
                $sent += \strlen($chunk);
                return $chunk;
            },
            CURLOPT_HTTPHEADER => [...array_map(static fn (string $name, string $value): string => "$name: $value",
                array_keys($signed['headers']), $signed['headers']), 'Expect:'], // no 100-continue round trip
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_SSL_VERIFYPEER => true,
            CURLOPT_SSL_VERIFYHOST => 2,
            CURLOPT_TIMEOUT_MS => $timeout, // 0: none
            CURLOPT_CONNECTTIMEOUT_MS => $timeout,
            CURLOPT_NOSIGNAL => true, // deadlines below a second work with the default resolver
            CURLOPT_FRESH_CONNECT => $fresh,
            CURLOPT_HEADER => false,
            CURLOPT_HEADERFUNCTION => static function ($handle, string $line) use (&$headers): int {
                if (str_starts_with($line, 'HTTP/')) {
                    $headers = []; // a new answer (after a 1xx)
                } elseif (($colon = strpos($line, ':')) !== false) {
                    $headers[strtolower(substr($line, 0, $colon))] ??= trim(substr($line, $colon + 1));
                }
                return \strlen($line);
            },
            CURLOPT_WRITEFUNCTION => static function ($handle, string $chunk) use (&$answer, &$tooLarge, $max): int {
                if (\strlen($answer) + \strlen($chunk) > $max) {
                    $tooLarge = true;
                    return 0; // stops reading
                }
                $answer .= $chunk;
                return \strlen($chunk);
            },
        ];
        if ($host === 'localhost' || $host === '::1' || str_starts_with($host, '127.')) {
            $own[CURLOPT_NOPROXY] = '*'; // as Go's clients: never through a proxy to a loopback host
        }
        try {
            $accepted = curl_setopt_array($handle, $defaults) && ($curlOptions === [] || @curl_setopt_array($handle, $curlOptions));
        } catch (\Throwable) { // ValueError, TypeError: not chained, its trace would hold the options
            $accepted = false;
        }
        if (!$accepted) {
            throw new PaySignError('malformed_request', 'paysign: curl_options holds an option curl refuses: give CURLOPT_* '
                . 'constants as keys with values of their type', 'options.curl_options');
        }
        curl_setopt_array($handle, $own);
        curl_exec($handle);
        $errno = curl_errno($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        // No new connection, yet a local end: curl reused the kept one.
        $reused = !$fresh && curl_getinfo($handle, CURLINFO_NUM_CONNECTS) === 0 && curl_getinfo($handle, CURLINFO_LOCAL_PORT) > 0;
        if ($tooLarge || ($errno === CURLE_OK && $status >= 100)) {
            // The Location as it came and the request's URL: the core resolves one against the other.
            return ['sent' => 'answered', 'connection_reused' => $reused, 'http_status' => $status,
                'content_type' => $headers['content-type'] ?? '', 'location' => $headers['location'] ?? '',
                'url' => $signed['url'], 'body_base64' => $tooLarge ? '' : base64_encode($answer), 'too_large' => $tooLarge];
        }
        // Written in full: every byte of the body left (the headers went before it), or curl had
        // already written it on a kept connection when it wanted to send it again.
        $written = $errno === self::CURLE_SEND_FAIL_REWIND
            || (curl_getinfo($handle, CURLINFO_REQUEST_SIZE) > 0 && curl_getinfo($handle, CURLINFO_SIZE_UPLOAD_T) >= \strlen($request));
        if (!$written) {
            return ['sent' => 'not_sent', 'connection_reused' => $reused, 'detail' => (string) curl_strerror($errno)];
        }
        if ($errno === CURLE_OPERATION_TIMEDOUT) {
            return ['sent' => 'timed_out', 'connection_reused' => $reused]; // the core words it: no complete answer within N s
        }
        // curl's short description of the error (never the URL or request data); the core clips it.
        return ['sent' => 'broken', 'connection_reused' => $reused,
            'detail' => $errno === self::CURLE_SEND_FAIL_REWIND ? 'closed without an answer' : (string) curl_strerror($errno)];
    }

    /** Closes the connection (a later attempt opens a new one). */
    public function close(): void
    {
        $this->handle = null; // curl_close() is a no-op since PHP 8: freeing the handle closes its connections
    }

    /** @throws PaySignError curl_missing when PHP's curl extension is not loaded */
    public static function requireCurl(): void
    {
        if (!\function_exists('curl_init')) {
            throw new PaySignError('curl_missing', 'paysign: PayWay::send() needs PHP\'s curl extension, which is not loaded '
                . '(Debian: apt-get install php8.2-curl; elsewhere extension=curl in php.ini). Signing does not need it: '
                . 'sign() returns the request to send with your own HTTP client');
        }
    }
}
