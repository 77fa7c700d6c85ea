// Package testkeys embeds paysign's TEST-ONLY RSA key pairs, the ones the
// shared test vectors use and the PayWay test double (package paywaytest)
// accepts by default. They are public: never use them for anything but
// tests.
package testkeys

import "embed"

// FS holds every *.pem file of this folder.
//
//go:embed *.pem
var FS embed.FS

// PEM returns the text of a key file, such as
// "rsa1024_TEST_ONLY_private.pem". It panics if there is no such file.
func PEM(name string) string {
	data, err := FS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(data)
}
