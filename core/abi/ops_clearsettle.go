package abi

import "github.com/paysign/paysign/core/clearsettle"

func init() {
	register("clearsettle.refund", "build a ClearSettle-platform /pw/v3 refund (API key in body, minor units, redacted body)", clearsettle.RefundJSON)
	register("clearsettle.decode_response", "decode a ClearSettle-platform response (code as string or number)", clearsettle.DecodeResponseJSON)
}
