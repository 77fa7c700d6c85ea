package core_test

import (
	"crypto/rsa"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/testvectors"
)

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		in      string
		scale   int
		want    string
		wantErr error
	}{
		{"1.5", 2, "1.50", nil},
		{"1.50", 2, "1.50", nil},
		{"100", 2, "100.00", nil},
		{"100.00", 0, "100", nil},
		{"0.01", 2, "0.01", nil},
		{"1.505", 2, "", core.ErrInvalidAmount},
		{"100.5", 0, "", core.ErrInvalidAmount},
		{"-1", 2, "", core.ErrInvalidAmount},
		{"+1", 2, "", core.ErrInvalidAmount},
		{"1e2", 2, "", core.ErrInvalidAmount},
		{".5", 2, "", core.ErrInvalidAmount},
		{"5.", 2, "", core.ErrInvalidAmount},
		{"01.5", 2, "", core.ErrInvalidAmount},
		{" 1", 2, "", core.ErrInvalidAmount},
		{"1,000", 2, "", core.ErrInvalidAmount},
		{"", 2, "", core.ErrInvalidAmount},
		{"1234567890123456", 2, "", core.ErrInvalidAmount},
	} {
		d, err := core.ParseDecimal(tc.in)
		if err == nil {
			d, err = d.Scale(tc.scale)
		}
		if tc.wantErr != nil {
			assert.ErrorIs(t, err, tc.wantErr, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, d.String(), tc.in)
	}
}

func TestMinorUnits(t *testing.T) {
	for in, want := range map[string]string{"19.99": "1999", "0.05": "5", "100": "10000", "0": "0", "7.1": "710"} {
		d, err := core.ParseDecimal(in)
		require.NoError(t, err)
		got, err := d.MinorUnits(2)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
	d, _ := core.ParseDecimal("1500")
	got, err := d.MinorUnits(0) // JPY, KHR
	require.NoError(t, err)
	assert.Equal(t, "1500", got)
	d, _ = core.ParseDecimal("1.001")
	_, err = d.MinorUnits(2)
	assert.ErrorIs(t, err, core.ErrInvalidAmount)
}

func TestDecimalLess(t *testing.T) {
	parse := func(s string) core.Decimal { d, err := core.ParseDecimal(s); require.NoError(t, err); return d }
	assert.True(t, parse("99").Less(parse("100")))
	assert.True(t, parse("99.99").Less(parse("100")))
	assert.False(t, parse("100.00").Less(parse("100")))
	assert.True(t, parse("0.009").Less(parse("0.01")))
}

func TestParseKeys(t *testing.T) {
	pem := testvectors.Key("rsa1024_TEST_ONLY_public.pem")
	lines := strings.Split(strings.TrimSpace(pem), "\n")
	bare := strings.Join(lines[1:len(lines)-1], "")
	want, err := core.ParsePublicKey(pem)
	require.NoError(t, err)
	assert.Equal(t, 1024, want.N.BitLen())
	for name, text := range map[string]string{
		"PKCS #1 PEM":          testvectors.Key("rsa1024_TEST_ONLY_public_pkcs1.pem"),
		"bare base64 DER":      bare,
		"literal \\n":          strings.ReplaceAll(pem, "\n", `\n`),
		"CRLF":                 strings.ReplaceAll(pem, "\n", "\r\n"),
		"one line with spaces": strings.ReplaceAll(pem, "\n", " "),
		"surrounding blank":    "\n\n  " + pem + "  \n",
	} {
		got, err := core.ParsePublicKey(text)
		if assert.NoError(t, err, name) {
			assert.True(t, want.Equal(got), name)
		}
	}
	for _, name := range []string{"rsa1024_TEST_ONLY_private.pem", "rsa1024_TEST_ONLY_private_pkcs1.pem", "rsa2048_TEST_ONLY_private.pem"} {
		priv, err := core.ParsePrivateKey(testvectors.Key(name))
		require.NoError(t, err, name)
		require.NoError(t, priv.Validate())
	}
	privPEM := testvectors.Key("rsa1024_TEST_ONLY_private.pem")
	privLines := strings.Split(strings.TrimSpace(privPEM), "\n")
	priv, err := core.ParsePrivateKey(strings.Join(privLines[1:len(privLines)-1], ""))
	require.NoError(t, err, "bare PKCS #8 DER")
	assert.True(t, want.Equal(&priv.PublicKey))
}

func TestParseKeyErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, msg string
		public          bool
	}{
		{"private where public belongs", testvectors.Key("rsa1024_TEST_ONLY_private.pem"), "this is a private key", true},
		{"bare private DER where public belongs", bareOf(testvectors.Key("rsa1024_TEST_ONLY_private_pkcs1.pem")), "this is a private key", true},
		{"public where private belongs", testvectors.Key("rsa1024_TEST_ONLY_public.pem"), "this is a public key", false},
		{"512-bit key", testvectors.Key("rsa512_TEST_ONLY_public.pem"), "too small", true},
		{"EC key", testvectors.Key("ec256_TEST_ONLY_public.pem"), "not an RSA key", true},
		{"EC private key", testvectors.Key("ec256_TEST_ONLY_private.pem"), "not an RSA key", false},
		{"empty", "  ", "empty key", true},
		{"garbage", "hello world", "neither PEM nor base64", true},
		{"certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "unsupported PEM type", true},
		{"encrypted PEM", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nMIIB\n-----END RSA PRIVATE KEY-----", "encrypted", false},
		{"truncated DER", truncate(testvectors.Key("rsa1024_TEST_ONLY_public.pem")), "", true},
	} {
		var err error
		var key any
		if tc.public {
			key, err = core.ParsePublicKey(tc.text)
			assert.Nil(t, key.(*rsa.PublicKey), "%s: a key with the error", tc.name)
		} else {
			key, err = core.ParsePrivateKey(tc.text)
			assert.Nil(t, key.(*rsa.PrivateKey), "%s: a key with the error", tc.name)
		}
		require.ErrorIs(t, err, core.ErrInvalidKey, tc.name)
		assert.Contains(t, err.Error(), tc.msg, tc.name)
		assert.NotContains(t, err.Error(), "MII", "%s: key material in the message", tc.name)
	}
}

func bareOf(pem string) string {
	lines := strings.Split(strings.TrimSpace(pem), "\n")
	return strings.Join(lines[1:len(lines)-1], "")
}

func truncate(pem string) string {
	der, _ := base64.StdEncoding.DecodeString(bareOf(pem))
	return base64.StdEncoding.EncodeToString(der[:len(der)-10])
}
