<?php

declare(strict_types=1);

namespace PaySign;

/**
 * Credentials kept inside the library behind a handle
 * (paysign.open_credentials, docs/envelope.md "Credentials handles"): the
 * keys are parsed once and the API key crosses into the library once,
 * instead of with every request.
 *
 *     $credentials = new Credentials(['merchant_id' => '3', 'private_key' => $pem]);
 *     $signed = PaySign::call('bbmsl.sign', ['operation' => 'refund', 'credentials' => $credentials->reference(), 'params' => [...]]);
 *     $credentials->close(); // or let it be collected
 *
 * PayWay holds one of these; use it directly for the other gateways.
 *
 * Lifecycle:
 * - constructing one loads nothing: the handle is opened on first use, so a
 *   Credentials may be built before pcntl_fork() or in a PHP-FPM preload;
 * - close() closes the handle (a second close() does nothing); using it
 *   afterwards throws PaySignError code "closed";
 * - the destructor closes it, never throwing; a handle still open when the
 *   request ends (a fatal error skips destructors) is closed by a shutdown
 *   function, and a use after that (a later shutdown function) opens a new
 *   one;
 * - a handle belongs to the process that opened it: in a pcntl_fork() child
 *   every use throws PaySignError code "forked" (the library itself does not
 *   survive fork), and close() or the destructor in the child leave the
 *   parent's handle alone.
 *
 * The credential values are kept out of var_dump(), print_r(), var_export()
 * (PHP >= 8.2: SensitiveParameterValue), stack traces and serialize().
 */
final class Credentials
{
    /** @var list<string> the members paysign.open_credentials takes */
    public const MEMBERS = ['merchant_id', 'api_key', 'rsa_public_key', 'rsa_private_key', 'private_key', 'bbmsl_public_key'];

    /** The credentials, wrapped in a SensitiveParameterValue on PHP >= 8.2. */
    private readonly mixed $secret;
    private ?int $handle = null;
    private bool $closed = false;
    /** @var list<string> */
    private readonly array $members;

    /**
     * @param array{merchant_id?: string, api_key?: string, rsa_public_key?: string, rsa_private_key?: string, private_key?: string, bbmsl_public_key?: string} $credentials
     *        the members of the envelope's "credentials" object; a key that does
     *        not parse fails on first use (invalid_key, naming the member)
     * @throws PaySignError malformed_request for an unknown member or a value that is not a string
     */
    public function __construct(#[\SensitiveParameter] array $credentials)
    {
        foreach ($credentials as $name => $value) {
            if (!\in_array($name, self::MEMBERS, true)) {
                throw new PaySignError('malformed_request', "paysign: credentials take no member \"$name\" (they take "
                    . implode(', ', self::MEMBERS) . ')', 'credentials.' . $name);
            }
            if (!\is_string($value)) {
                throw new PaySignError('malformed_request', "paysign: credentials.$name is a string, not " . get_debug_type($value), "credentials.$name");
            }
        }
        $this->members = array_keys($credentials);
        $this->secret = class_exists(\SensitiveParameterValue::class, false) ? new \SensitiveParameterValue($credentials) : $credentials;
    }

    /**
     * The handle, opened on first use.
     *
     * @throws PaySignError closed after close(); forked in a pcntl_fork() child
     *                      of the process that opened it; the core's errors for a
     *                      credential that does not parse (invalid_key, with its field)
     */
    public function handle(): int
    {
        if ($this->handle !== null) {
            return $this->handle;
        }
        if ($this->closed) {
            throw self::closedError();
        }
        return $this->handle = Library::openHandle('{"credentials":' . Json::encode((object) $this->credentials(), 'credentials', 2) . '}');
    }

    /**
     * {"handle": N} for a request's "credentials" member.
     *
     * @return array{handle: int}
     */
    public function reference(): array
    {
        return ['handle' => $this->handle()];
    }

    /**
     * Whether $handle, a handle this object returned, is no longer open in
     * this process (closed by the end-of-request sweep, or by a raw
     * paysign.close_credentials). The caller may then reopen() once.
     *
     * @internal
     */
    public function isStale(int $handle): bool
    {
        return !$this->closed && $this->handle === $handle && !Library::isHandleOpen($handle);
    }

    /**
     * Forgets a handle that was closed behind this object's back and opens a
     * new one.
     *
     * @internal
     */
    public function reopen(): int
    {
        $this->handle = null;
        return $this->handle();
    }

    /** Closes the handle; a second close() does nothing. Never loads the library. */
    public function close(): void
    {
        $this->closed = true;
        if ($this->handle !== null) {
            [$handle, $this->handle] = [$this->handle, null];
            Library::closeHandle($handle);
        }
    }

    /** Whether close() was called. */
    public function isClosed(): bool
    {
        return $this->closed;
    }

    public function __destruct()
    {
        try {
            $this->close();
        } catch (\Throwable) {
            // A destructor never throws.
        }
    }

    /** A clone opens its own handle (closing one must not close the other's). */
    public function __clone()
    {
        $this->handle = null;
    }

    /**
     * The credentials' values (for requests that cannot use the handle, such
     * as payway.verify with a private key given per call).
     *
     * @internal
     * @return array<string, string>
     */
    public function credentials(): array
    {
        return $this->secret instanceof \SensitiveParameterValue ? $this->secret->getValue() : $this->secret;
    }

    public static function closedError(): PaySignError
    {
        return new PaySignError('closed', 'paysign: these credentials were closed (close()); build a new object to sign again');
    }

    /** @return array{members: list<string>, handle: int|null, closed: bool} */
    public function __debugInfo(): array
    {
        return ['members' => $this->members, 'handle' => $this->handle, 'closed' => $this->closed];
    }

    /**
     * Credentials hold secrets, so they are not serializable (a session or a
     * cache would store them in clear), and a handle means nothing in another
     * process anyway.
     *
     * @return never
     */
    public function __serialize(): array
    {
        throw new PaySignError('misuse', 'paysign: credentials cannot be serialized; build them again from your secret store');
    }

    /**
     * @param array<mixed> $data
     * @return never
     */
    public function __unserialize(array $data): void
    {
        throw new PaySignError('misuse', 'paysign: credentials cannot be unserialized; build them again from your secret store');
    }
}
