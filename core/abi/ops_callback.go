package abi

import "github.com/paysign/paysign/core/payway"

func init() {
	register("payway.verify_callback", "verify the X-PayWay-HMAC-SHA512 header of a PayWay pushback (check_transaction stays the source of truth)", payway.VerifyCallbackJSON)
}
