package wire

// Plain returns the length of the longest prefix of s that JSON writes as
// it is: no control character, '"' or '\\' — and, with php set, also no '/'
// and no byte of a non-ASCII character, which PHP's json_encode escapes.
// It reads eight bytes at a time: the string scans of the parser and the
// writers are the largest part of a call's cost.
func Plain[T string | []byte](s T, php bool) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8]
		x := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		// A byte below 0x20, or one equal to '"' or '\\' (x ^ c has a zero
		// byte): the classic "has less than" and "has zero byte" tests.
		bad := (x - ones*0x20) &^ x
		bad |= (x ^ ones*'"' - ones) &^ (x ^ ones*'"')
		bad |= (x ^ ones*'\\' - ones) &^ (x ^ ones*'\\')
		if php {
			bad |= (x ^ ones*'/' - ones) &^ (x ^ ones*'/')
			bad |= x // any byte from 0x80
		}
		if bad&highs != 0 {
			break
		}
	}
	// The rest, and every string shorter than eight bytes (most names and
	// values): one table look-up per byte.
	table := &plainJSON
	if php {
		table = &plainPHP
	}
	for ; i < len(s); i++ {
		if !table[s[i]] {
			return i
		}
	}
	return i
}

// plainJSON and plainPHP tell which bytes Plain lets through.
var plainJSON, plainPHP = func() (json, php [256]bool) {
	for c := range 256 {
		json[c] = c >= 0x20 && c != '"' && c != '\\'
		php[c] = json[c] && c != '/' && c < 0x80
	}
	return json, php
}()
