package wazerotest

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/testvectors"
	"github.com/paysign/paysign/wasm/wazerohost"
)

// goCrypto is a working host implementation of the paysign_host
// primitives in Go (crypto/hmac, crypto/rsa), counting its calls.
type goCrypto struct {
	caps                           uint32
	random                         io.Reader // the host's random source for encryption (see EncryptPKCS1v15); crypto/rand if nil
	hmacs, encryptions, signatures atomic.Int64
	// optional overrides
	hmacKey    []byte // if set, MAC under this key instead (to prove the host's result is used)
	encryptErr error  // if set, every encryption fails with it
}

func (g *goCrypto) Capabilities() uint32 { return g.caps }

func (g *goCrypto) HMACSHA512(key, message []byte) ([]byte, error) {
	g.hmacs.Add(1)
	if g.hmacKey != nil {
		key = g.hmacKey
	}
	mac := hmac.New(sha512.New, key)
	mac.Write(message)
	return mac.Sum(nil), nil
}

func (g *goCrypto) EncryptPKCS1v15(der, block []byte) ([]byte, error) {
	g.encryptions.Add(1)
	if g.encryptErr != nil {
		return nil, g.encryptErr
	}
	pub, err := x509.ParsePKCS1PublicKey(der)
	if err != nil {
		return nil, err
	}
	// Go 1.26's rsa.EncryptPKCS1v15 ignores its reader and always uses
	// crypto/rand, so this host models its own random source by drawing
	// from it first: when that fails, the host fails, as OpenSSL's would.
	if g.random != nil {
		if _, err := io.ReadFull(g.random, make([]byte, 32)); err != nil {
			return nil, err
		}
	}
	//lint:ignore SA1019 PayWay requires PKCS #1 v1.5 encryption.
	return rsa.EncryptPKCS1v15(rand.Reader, pub, block)
}

func (g *goCrypto) SignPKCS1v15SHA256(der, message []byte) ([]byte, error) {
	g.signatures.Add(1)
	priv, err := x509.ParsePKCS1PrivateKey(der)
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(message)
	return rsa.SignPKCS1v15(nil, priv, crypto.SHA256, digest[:])
}

// failingCrypto claims what caps says and fails the test if called.
type failingCrypto struct {
	t    testing.TB
	caps uint32
}

func (f failingCrypto) Capabilities() uint32 { return f.caps }
func (f failingCrypto) HMACSHA512(_, _ []byte) ([]byte, error) {
	f.t.Error("hmac_sha512 called")
	return nil, wazerohost.ErrUnavailable
}
func (f failingCrypto) EncryptPKCS1v15(_, _ []byte) ([]byte, error) {
	f.t.Error("rsa_encrypt_pkcs1 called")
	return nil, wazerohost.ErrUnavailable
}
func (f failingCrypto) SignPKCS1v15SHA256(_, _ []byte) ([]byte, error) {
	f.t.Error("rsa_sign_pkcs1_sha256 called")
	return nil, wazerohost.ErrUnavailable
}

func bbmslRequest(t testing.TB) []byte {
	t.Helper()
	request, err := json.Marshal(map[string]any{
		"operation":   "refund",
		"credentials": map[string]string{"merchant_id": "3", "private_key": testvectors.Key("rsa2048_TEST_ONLY_private.pem")},
		"params":      map[string]string{"order_id": "4922", "amount": "10.00"},
	})
	require.NoError(t, err)
	return request
}

func merchantAuthOf(t testing.TB, env envelope) string {
	t.Helper()
	require.True(t, env.OK, env.String())
	var v struct {
		Fields [][2]string `json:"fields"`
	}
	require.NoError(t, json.Unmarshal(env.Value, &v))
	for _, f := range v.Fields {
		if f[0] == "merchant_auth" {
			return f[1]
		}
	}
	require.Fail(t, "no merchant_auth", "%s", env.Value)
	return ""
}

// TestVectorsHostCrypto runs every vector with the primitives done by a
// working host, and proves the host did them.
func TestVectorsHostCrypto(t *testing.T) {
	host := &goCrypto{caps: wazerohost.CapAll}
	in := newHostInstance(t, host)
	testvectors.Run(t, func(op string, request []byte) ([]byte, error) {
		return in.Call(op, request), nil
	})
	t.Logf("host calls: %d HMAC, %d encryptions, %d signatures", host.hmacs.Load(), host.encryptions.Load(), host.signatures.Load())
	assert.Positive(t, host.hmacs.Load(), "HMAC by the host")
	assert.Positive(t, host.encryptions.Load(), "encryption by the host")
	assert.Positive(t, host.signatures.Load(), "signing by the host")
}

// TestHostCryptoResultIsUsed: the HMAC of a message of at least
// HostHMACMinimum bytes comes from the host's answer, not from Go (a host
// that MACs under another key changes it); a shorter one is Go's, the host
// not asked; and the signature of a BBMSL request equals Go's.
func TestHostCryptoResultIsUsed(t *testing.T) {
	request := checkTransactionRequest(t, "T1001")
	env := decodeEnvelope(t, newInstance(t).Call("payway.sign", request))
	want := hashOf(t, env)
	other := []byte("another key")
	host := &goCrypto{caps: wazerohost.CapAll, hmacKey: other}
	in := newHostInstance(t, host)
	assert.Equal(t, want, hashOf(t, decodeEnvelope(t, in.Call("payway.sign", request))), "a short hash input stays in Go")
	assert.Zero(t, host.hmacs.Load())

	var signed struct {
		Signature string `json:"signature"`
		HashInput string `json:"hash_input"`
	}
	long := longPushbackRequest(t)
	goEnv := decodeEnvelope(t, newInstance(t).Call("payway.sign_callback", long))
	require.True(t, goEnv.OK, goEnv.String())
	require.NoError(t, json.Unmarshal(goEnv.Value, &signed))
	require.GreaterOrEqual(t, len(signed.HashInput), 1024)
	goSignature := signed.Signature
	hostEnv := decodeEnvelope(t, in.Call("payway.sign_callback", long))
	require.True(t, hostEnv.OK, hostEnv.String())
	require.NoError(t, json.Unmarshal(hostEnv.Value, &signed))
	assert.EqualValues(t, 1, host.hmacs.Load(), "a long message goes to the host")
	assert.NotEqual(t, goSignature, signed.Signature)
	mac := hmac.New(sha512.New, other)
	mac.Write([]byte(signed.HashInput))
	assert.Equal(t, base64.StdEncoding.EncodeToString(mac.Sum(nil)), signed.Signature)
	honest := &goCrypto{caps: wazerohost.CapAll}
	require.NoError(t, json.Unmarshal(decodeEnvelope(t, newHostInstance(t, honest).Call("payway.sign_callback", long)).Value, &signed))
	assert.Equal(t, goSignature, signed.Signature, "the host's HMAC is Go's")

	goSigned := decodeEnvelope(t, newInstance(t).Call("bbmsl.sign", bbmslRequest(t)))
	signer := &goCrypto{caps: wazerohost.CapSignPKCS1SHA256}
	hostSigned := decodeEnvelope(t, newHostInstance(t, signer).Call("bbmsl.sign", bbmslRequest(t)))
	require.True(t, goSigned.OK && hostSigned.OK, "%s / %s", goSigned, hostSigned)
	assert.JSONEq(t, string(goSigned.Value), string(hostSigned.Value))
	assert.EqualValues(t, 1, signer.signatures.Load())
}

// TestHostCapabilities: a primitive whose capability bit is clear is never
// called, and a host that answers "not available" for one call gets the Go
// path for it; either way the results verify.
func TestHostCapabilities(t *testing.T) {
	refund := refundRequest(t, "TEST_ONLY_api_key", "T1001")
	verify := func(in *instance, env envelope) {
		t.Helper()
		var v struct {
			Fields [][2]string `json:"fields"`
		}
		require.NoError(t, json.Unmarshal(env.Value, &v))
		request, err := json.Marshal(map[string]any{"operation": "refund", "fields": v.Fields,
			"credentials": map[string]string{"api_key": "TEST_ONLY_api_key", "rsa_private_key": testvectors.Key("rsa1024_TEST_ONLY_private.pem")}})
		require.NoError(t, err)
		verified := decodeEnvelope(t, in.Call("payway.verify", request))
		require.True(t, verified.OK, verified.String())
	}
	t.Run("none", func(t *testing.T) {
		in := newHostInstance(t, failingCrypto{t: t, caps: 0})
		env := decodeEnvelope(t, in.Call("payway.sign", refund))
		verify(in, env)
		require.True(t, decodeEnvelope(t, in.Call("bbmsl.sign", bbmslRequest(t))).OK)
	})
	t.Run("HMAC only", func(t *testing.T) {
		host := &goCrypto{caps: wazerohost.CapHMACSHA512}
		in := newHostInstance(t, host)
		verify(in, decodeEnvelope(t, in.Call("payway.sign", refund)))
		require.True(t, decodeEnvelope(t, in.Call("payway.sign_callback", longPushbackRequest(t))).OK)
		assert.EqualValues(t, 1, host.hmacs.Load(), "the long pushback's HMAC, not the refund's short hash input")
		assert.Zero(t, host.encryptions.Load()+host.signatures.Load())
	})
	t.Run("unavailable for this call", func(t *testing.T) {
		host := &goCrypto{caps: wazerohost.CapAll, encryptErr: wazerohost.ErrUnavailable}
		in := newHostInstance(t, host)
		verify(in, decodeEnvelope(t, in.Call("payway.sign", refund)))
		assert.EqualValues(t, 1, host.encryptions.Load(), "asked, then done in Go")
	})
}

// TestHostRandomSourceBroken: when the host's encryption fails (its random
// source), the module returns an error envelope, never a ciphertext, and
// does not fall back to its own random source; the instance keeps working.
func TestHostRandomSourceBroken(t *testing.T) {
	host := &goCrypto{caps: wazerohost.CapAll}
	in := newHostInstance(t, host)
	request := refundRequest(t, "TEST_ONLY_api_key", "T1001")
	first := merchantAuthOf(t, decodeEnvelope(t, in.Call("payway.sign", request)))
	assert.NotEqual(t, first, merchantAuthOf(t, decodeEnvelope(t, in.Call("payway.sign", request))), "randomized")

	host.random = &brokenReader{broken: true}
	raw := in.Call("payway.sign", request)
	env := decodeEnvelope(t, raw)
	require.False(t, env.OK, "signed with a broken host random source: %s", env.String())
	assert.Equal(t, "internal", env.Error.Code)
	assert.Equal(t, "credentials.rsa_public_key", env.Error.Field)
	assert.Contains(t, env.Error.Message, "host")
	assert.NotContains(t, string(raw), "merchant_auth", "no ciphertext anywhere in the answer")
	t.Logf("error envelope: %s", env.String())

	check := decodeEnvelope(t, in.Call("payway.sign", checkTransactionRequest(t, "T1001")))
	require.True(t, check.OK, "instance still answers: %s", check.String())
	host.random = nil
	merchantAuthOf(t, decodeEnvelope(t, in.Call("payway.sign", request)))
}

// longPushbackRequest is a payway.sign_callback request whose hash input is
// over primitive.HostHMACMinimum (1 KiB): a long return_params.
func longPushbackRequest(t *testing.T) []byte {
	body, err := json.Marshal(map[string]string{"tran_id": "T1", "apv": "123456", "status": "0", "return_params": strings.Repeat("r", 1100)})
	require.NoError(t, err)
	request, err := json.Marshal(map[string]any{"credentials": map[string]string{"api_key": "TEST_ONLY_api_key"}, "body": string(body)})
	require.NoError(t, err)
	return request
}
