package abi

import "github.com/paysign/paysign/core/bbmsl"

func init() {
	register("bbmsl.sign", "sign a BBMSL PayAPI request (RSA PKCS #1 v1.5 SHA-256 over the exact request string)", bbmsl.SignJSON)
	register("bbmsl.verify_webhook", "verify a BBMSL webhook with the configured environment's BBMSL public key", bbmsl.VerifyWebhookJSON)
}
