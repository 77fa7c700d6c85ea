package wire

// DecimalsAsStrings rewrites valid JSON text so that numbers cannot be
// rounded by any runtime: a number whose member path decimal reports
// (an amount) and every number that is not an integer of at most 15
// digits become a string holding its exact text (12.50 becomes "12.50",
// 1e3 becomes "1e3"); other integers stay numbers, being exact in a
// binary float (JavaScript's number, PHP's float). Paths are member names
// joined with ".", "[]" standing for every element of an array
// ("data.transaction_operations[].amount"). data must be valid JSON (as
// Parse accepts); decimal may be nil.
func DecimalsAsStrings(data []byte, decimal func(path []byte) bool) []byte {
	out := make([]byte, 0, len(data)+16)
	from := 0 // data[from:i] is still to be copied: runs go out whole, not byte by byte
	// path is the current member's path, built in place: each open object
	// or array keeps the length path had where it opened, to cut back to.
	type frame struct {
		object bool
		base   int
	}
	var stack []frame
	path := make([]byte, 0, 64)
	expectKey := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			// The closing quote: past runs without '"' or '\\' (Plain reads
			// eight bytes at a time), each escape skipped whole.
			j := i + 1
			escaped := false
			for {
				j += Plain(data[j:], false)
				if data[j] == '"' {
					break
				}
				escaped = true // a backslash (valid JSON has no control byte in a string)
				j += 2
			}
			if expectKey {
				top := stack[len(stack)-1]
				path = path[:top.base]
				if top.base > 0 {
					path = append(path, '.')
				}
				if escaped {
					name, _ := Parse(data[i : j+1]) // a valid JSON string
					path = append(path, name.(string)...)
				} else {
					path = append(path, data[i+1:j]...)
				}
				expectKey = false
			}
			i = j
		case c == '{':
			stack = append(stack, frame{object: true, base: len(path)})
			expectKey = true
		case c == '[':
			stack = append(stack, frame{base: len(path)})
			path = append(path, "[]"...)
		case c == '}' || c == ']':
			path = path[:stack[len(stack)-1].base]
			stack = stack[:len(stack)-1]
		case c == ',':
			expectKey = len(stack) > 0 && stack[len(stack)-1].object
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(data) && isNumberByte(data[j]) {
				j++
			}
			lexeme := data[i:j]
			if !exactInteger(lexeme) || (decimal != nil && decimal(path)) {
				out = append(append(append(append(out, data[from:i]...), '"'), lexeme...), '"')
				from = j
			}
			i = j - 1
		}
	}
	return append(out, data[from:]...)
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
