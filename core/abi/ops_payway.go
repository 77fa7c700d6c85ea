package abi

import "github.com/paysign/paysign/core/payway"

func init() {
	register("payway.sign", "sign a PayWay request", payway.SignJSON)
	register("payway.verify", "verify a received PayWay request as the gateway would (test doubles)", payway.VerifyJSON)
	register("payway.hash", "the hash PayWay expects over given fields (Wrong Hash diagnosis)", payway.HashJSON)
	register("payway.catalog", "the PayWay operation catalogue as data", payway.CatalogJSON)
}
