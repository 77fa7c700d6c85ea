<?php

declare(strict_types=1);

namespace PaySign;

/**
 * Posts a request signed with "output": "send" through PHP's curl
 * extension, as Go's paywayhttp.NewRequest and Client.Do do: a
 * multipart/form-data body built from the signed fields in order
 * (purchase, subscription, create_payment_link), else the signed body
 * (a form for link_card, JSON otherwise) with its headers; redirects are
 * never followed (link_card answers 302), the answer is read up to 8 MiB.
 *
 * Failures are PaySignError, worded for what they mean to a payment:
 * - not_sent: nothing reached the server (no connection, DNS, TLS): PayWay
 *   did not receive the request;
 * - timeout: no complete answer within the timeout after the request went
 *   out: whether PayWay processed it is unknown;
 * - transport_failed: the connection broke after the request went out, or
 *   the answer was too large: unknown as well.
 *
 * @internal Use PayWay::send().
 */
final class Transport
{
    /** The largest answer read (Go's client reads as much; the hosted checkout page is the largest PayWay sends). */
    public const MAX_RESPONSE = 8 << 20;

    /**
     * @param array{operation: string, method: string, url: string, content_type: string, headers?: array<string, string>, fields: list<array{string, string}>, body?: string} $signed
     * @param array<int, mixed> $curlOptions the caller's extra options; the ones set here win
     * @return array{int, string, string} the HTTP status, the raw body and a redirect's
     *         target ("" when the answer is not a redirect)
     * @throws PaySignError curl_missing, not_sent, timeout, transport_failed
     */
    public static function post(array $signed, bool $query, float $timeout, #[\SensitiveParameter] array $curlOptions): array
    {
        self::requireCurl();
        $operation = $signed['operation'];
        $headers = ['Accept: application/json', 'Expect:']; // no "100-continue" round trip for larger bodies
        if ($signed['content_type'] === 'multipart/form-data') {
            [$body, $contentType] = self::multipart($signed['fields']);
            $headers[] = "Content-Type: $contentType";
        } else {
            $body = $signed['body'] ?? '';
            foreach ($signed['headers'] ?? ['Content-Type' => $signed['content_type']] as $name => $value) {
                $headers[] = "$name: $value";
            }
        }
        $received = '';
        $tooLarge = false;
        $handle = curl_init();
        try {
            $accepted = $curlOptions === [] || @curl_setopt_array($handle, $curlOptions);
        } catch (\Throwable) { // ValueError, TypeError: not chained, its trace would hold the options
            $accepted = false;
        }
        if (!$accepted) {
            curl_close($handle);
            throw new PaySignError('malformed_request', 'paysign: curl_options holds an option curl refuses: give CURLOPT_* '
                . 'constants as keys with values of their type', 'options.curl_options');
        }
        $host = (string) parse_url($signed['url'], PHP_URL_HOST);
        $options = [
            CURLOPT_URL => $signed['url'],
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $body,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_SSL_VERIFYPEER => true,
            CURLOPT_SSL_VERIFYHOST => 2,
            CURLOPT_TIMEOUT_MS => max(1, (int) ceil($timeout * 1000)),
            CURLOPT_NOSIGNAL => true, // timeouts below a second work with the default resolver
            CURLOPT_HEADER => false,
            CURLOPT_USERAGENT => 'paysign-php/' . PaySign::VERSION,
            CURLOPT_WRITEFUNCTION => static function ($handle, string $chunk) use (&$received, &$tooLarge): int {
                if (\strlen($received) + \strlen($chunk) > self::MAX_RESPONSE) {
                    $tooLarge = true;
                    return 0; // aborts the transfer
                }
                $received .= $chunk;
                return \strlen($chunk);
            },
        ];
        if ($signed['method'] !== 'POST') {
            $options[CURLOPT_CUSTOMREQUEST] = $signed['method'];
        }
        if (\in_array(strtolower(trim($host, '[]')), ['localhost', '::1'], true) || str_starts_with($host, '127.')) {
            $options[CURLOPT_NOPROXY] = '*'; // as Go's clients, never through a proxy to a loopback host
        }
        curl_setopt_array($handle, $options);
        $ok = curl_exec($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        $sent = (int) curl_getinfo($handle, CURLINFO_REQUEST_SIZE) > 0;
        $location = (string) curl_getinfo($handle, CURLINFO_REDIRECT_URL);
        $errno = curl_errno($handle);
        $error = curl_error($handle);
        curl_close($handle);
        if ($ok !== false && $errno === 0 && $status >= 100) {
            return [$status, $received, $status >= 300 && $status < 400 ? $location : ''];
        }
        $after = $query ? 'a query changes nothing, so sending it again is safe'
            : 'whether PayWay processed it is unknown: confirm with check_transaction before sending it again';
        if ($tooLarge) {
            throw new PaySignError('transport_failed', "paysign: payway $operation: HTTP $status: the answer is larger than "
                . (self::MAX_RESPONSE >> 20) . " MiB and was not read; $after");
        }
        if (!$sent) {
            throw new PaySignError('not_sent', "paysign: payway $operation: the request was not sent ($error): PayWay did not "
                . 'receive it, so sending it again is safe');
        }
        if ($errno === CURLE_OPERATION_TIMEDOUT) {
            throw new PaySignError('timeout', "paysign: payway $operation: no answer within " . self::seconds($timeout)
                . " ($error); $after");
        }
        throw new PaySignError('transport_failed', "paysign: payway $operation: the connection failed after the request "
            . "was sent ($error); $after");
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

    /**
     * A multipart/form-data body of the fields in order, as Go's
     * multipart.Writer writes it.
     *
     * @param list<array{string, string}> $fields
     * @return array{string, string} the body and its Content-Type
     */
    public static function multipart(array $fields): array
    {
        do {
            $boundary = bin2hex(random_bytes(30));
            $collides = false;
            foreach ($fields as [, $value]) {
                $collides = $collides || str_contains($value, $boundary);
            }
        } while ($collides);
        $body = '';
        foreach ($fields as [$name, $value]) {
            $body .= "--$boundary\r\nContent-Disposition: form-data; name=\"" . addcslashes($name, '"\\')
                . "\"\r\n\r\n$value\r\n";
        }
        return [$body . "--$boundary--\r\n", "multipart/form-data; boundary=$boundary"];
    }

    private static function seconds(float $timeout): string
    {
        return rtrim(rtrim(sprintf('%.3f', $timeout), '0'), '.') . ' s';
    }
}
