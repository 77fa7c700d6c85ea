// Host crypto for paysign.wasm: the "paysign_host" imports (documented in
// the package doc of wasm/main.go). Through them the module lets the host
// do three primitives natively: HMAC-SHA512, RSAES-PKCS1-v1_5 encryption of
// one block and RSASSA-PKCS1-v1_5 SHA-256 signing. Everything around them
// (what is MACed, encrypted or signed) stays in the module's Go code.
//
// In Node the primitives come from node:crypto, with parsed keys cached as
// KeyObjects. Elsewhere (browsers: WebCrypto is asynchronous and has no
// PKCS #1 v1.5 encryption) the imports answer "not available" and the
// module does everything in portable Go, with identical results.

const OK = 0;
const UNAVAILABLE = 1;
const FAILED = 2;

const CAP_HMAC_SHA512 = 1;
const CAP_RSA_ENCRYPT = 2;
const CAP_RSA_SIGN = 4;

export const hostStatus = Object.freeze({ OK, UNAVAILABLE, FAILED });

/**
 * Returns the paysign_host import object.
 *
 * @param {() => WebAssembly.Memory} memory  the instance's memory (known only after instantiation)
 * @param {HostCryptoProvider|null} provider  null: every primitive "not available"
 *
 * A provider has `capabilities` (a mask of the bits above) and
 * `hmacSha512(key, message)`, `rsaEncryptPkcs1(publicKeyDer, block)`,
 * `rsaSignSha256(privateKeyDer, message)`, each given Uint8Arrays that
 * alias the module's memory (valid during the call only) and returning the
 * result bytes, or null for "not available for this call" (the module
 * then computes it in Go). A throw means "failed": for encryption the
 * module returns an error envelope and no ciphertext.
 */
export function hostCryptoImports(memory, provider) {
  if (!provider) {
    const unavailable = () => UNAVAILABLE;
    return { paysign_host: { capabilities: () => 0, hmac_sha512: unavailable, rsa_encrypt_pkcs1: unavailable, rsa_sign_pkcs1_sha256: unavailable } };
  }
  provider.calls ??= newCallCounts();
  const view = (ptr, len) => new Uint8Array(memory().buffer, ptr >>> 0, len >>> 0); // throws RangeError if out of bounds
  const run = (name, outPtr, outLen, compute) => {
    let out;
    try {
      out = compute();
      if (out === null || out === undefined) return UNAVAILABLE;
      if (out.length !== outLen) return FAILED;
      view(outPtr, outLen).set(out);
    } catch {
      return FAILED; // the error may quote key material: it is not passed on
    }
    provider.calls[name]++;
    return OK;
  };
  return {
    paysign_host: {
      capabilities: () => provider.capabilities,
      hmac_sha512: (keyPtr, keyLen, msgPtr, msgLen, outPtr) =>
        run('hmac_sha512', outPtr, 64, () => provider.hmacSha512(view(keyPtr, keyLen), view(msgPtr, msgLen))),
      rsa_encrypt_pkcs1: (keyPtr, keyLen, msgPtr, msgLen, outPtr, outLen) =>
        run('rsa_encrypt_pkcs1', outPtr, outLen >>> 0, () => provider.rsaEncryptPkcs1(view(keyPtr, keyLen), view(msgPtr, msgLen))),
      rsa_sign_pkcs1_sha256: (keyPtr, keyLen, msgPtr, msgLen, outPtr, outLen) =>
        run('rsa_sign_pkcs1_sha256', outPtr, outLen >>> 0, () => provider.rsaSignSha256(view(keyPtr, keyLen), view(msgPtr, msgLen))),
    },
  };
}

/** A fresh call counter per provider: how often the host did each primitive. */
function newCallCounts() {
  return { hmac_sha512: 0, rsa_encrypt_pkcs1: 0, rsa_sign_pkcs1_sha256: 0 };
}

// Parsed keys, shared by every instance of this thread that uses the same
// crypto module, keyed by the DER bytes the module passes (as a latin1
// string). Bounded: when full, the oldest entry goes. A key the crypto
// module cannot parse is remembered as null (the module then does that key
// in Go).
const KEY_CACHE_SIZE = 16;
const keyCaches = new WeakMap(); // crypto module -> { publicKeys, privateKeys }

function cachedKey(cache, der, create) {
  const id = latin1(der);
  let key = cache.get(id);
  if (key === undefined) {
    try {
      key = create(der.slice()); // a copy: der aliases the module's memory
    } catch {
      key = null;
    }
    if (cache.size >= KEY_CACHE_SIZE) cache.delete(cache.keys().next().value);
    cache.set(id, key);
  }
  return key;
}

// latin1 is the bytes as a string of char codes 0-255: a Map key. Buffer's
// native latin1 decoding where there is one (Node), else JS.
const latin1 = typeof Buffer === 'function'
  ? (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  : (bytes) => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    return s;
  };

/**
 * The node:crypto provider: createHmac, publicEncrypt with
 * RSA_PKCS1_PADDING (OpenSSL's CSPRNG pads), sign('sha256') with PKCS #1
 * v1.5, keys parsed once into KeyObjects.
 * @param {typeof import('node:crypto')} nodeCrypto
 */
export function nodeCryptoProvider(nodeCrypto) {
  const { createHmac, createPublicKey, createPrivateKey, publicEncrypt, sign, constants } = nodeCrypto;
  const padding = constants.RSA_PKCS1_PADDING;
  if (!keyCaches.has(nodeCrypto)) keyCaches.set(nodeCrypto, { publicKeys: new Map(), privateKeys: new Map() });
  const { publicKeys, privateKeys } = keyCaches.get(nodeCrypto);
  return {
    name: 'node:crypto',
    capabilities: CAP_HMAC_SHA512 | CAP_RSA_ENCRYPT | CAP_RSA_SIGN,
    calls: newCallCounts(),
    hmacSha512: (key, message) => createHmac('sha512', key).update(message).digest(),
    rsaEncryptPkcs1(der, block) {
      const key = cachedKey(publicKeys, der, (d) => createPublicKey({ key: d, format: 'der', type: 'pkcs1' }));
      return key && publicEncrypt({ key, padding }, block);
    },
    rsaSignSha256(der, message) {
      const key = cachedKey(privateKeys, der, (d) => createPrivateKey({ key: d, format: 'der', type: 'pkcs1' }));
      return key && sign('sha256', message, key);
    },
  };
}
