package wire

// DecimalsAsStrings rewrites valid JSON text so that every number that is
// not an integer of at most 15 digits becomes a string holding its exact
// text: 12.50 becomes "12.50", 1e3 becomes "1e3", 12345678901234567
// becomes "12345678901234567". Integers of up to 15 digits are exact in a
// binary float (JavaScript's number, PHP's float) and stay numbers; any
// other number would be rounded by some runtime, so every runtime gets
// the text. data must be valid JSON (as Parse accepts).
func DecimalsAsStrings(data []byte) []byte {
	out := make([]byte, 0, len(data)+16)
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			out = append(out, c)
			switch c {
			case '\\':
				i++
				out = append(out, data[i])
			case '"':
				inString = false
			}
			continue
		}
		switch {
		case c == '"':
			inString = true
			out = append(out, c)
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(data) && isNumberByte(data[j]) {
				j++
			}
			lexeme := data[i:j]
			if exactInteger(lexeme) {
				out = append(out, lexeme...)
			} else {
				out = append(append(append(out, '"'), lexeme...), '"')
			}
			i = j - 1
		default:
			out = append(out, c)
		}
	}
	return out
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}

// exactInteger reports a JSON integer of at most 15 digits.
func exactInteger(lexeme []byte) bool {
	digits := lexeme
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 15 {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
