package wire

import "strconv"

// A Writer appends JSON text without reflection. Members and elements are
// separated automatically; the caller opens and closes objects and arrays
// in order. Strings get the minimal escaping of RFC 8259 (no HTML or '/'
// escaping; non-ASCII stays UTF-8).
type Writer struct {
	buf   []byte
	open  []bool // per open container: has it a first element yet
	depth [16]bool
}

// NewWriter returns a Writer whose buffer starts with capacity size.
func NewWriter(size int) *Writer {
	w := &Writer{buf: make([]byte, 0, size)}
	w.open = w.depth[:0] // every answer's nesting fits: no allocation for it
	return w
}

// Grow makes room for n more bytes at once: a caller that knows about how
// much it will write saves the buffer's doublings and their copies.
func (w *Writer) Grow(n int) {
	if cap(w.buf)-len(w.buf) < n {
		w.buf = append(make([]byte, 0, len(w.buf)+n), w.buf...)
	}
}

// Bytes returns the text written so far.
func (w *Writer) Bytes() []byte { return w.buf }

func (w *Writer) sep() {
	if n := len(w.open); n > 0 {
		if w.open[n-1] {
			w.buf = append(w.buf, ',')
		}
		w.open[n-1] = true
	}
}

// Key writes a member name; the next value written is its value.
func (w *Writer) Key(name string) *Writer {
	w.sep()
	w.buf = AppendString(w.buf, name)
	w.buf = append(w.buf, ':')
	w.open[len(w.open)-1] = false // the value takes no separator
	return w
}

// BeginObject opens an object.
func (w *Writer) BeginObject() *Writer { return w.begin('{') }

// EndObject closes an object.
func (w *Writer) EndObject() *Writer { return w.end('}') }

// BeginArray opens an array.
func (w *Writer) BeginArray() *Writer { return w.begin('[') }

// EndArray closes an array.
func (w *Writer) EndArray() *Writer { return w.end(']') }

func (w *Writer) begin(c byte) *Writer {
	w.sep()
	w.buf = append(w.buf, c)
	w.open = append(w.open, false)
	return w
}

func (w *Writer) end(c byte) *Writer {
	w.open = w.open[:len(w.open)-1]
	w.buf = append(w.buf, c)
	if n := len(w.open); n > 0 {
		w.open[n-1] = true
	}
	return w
}

// String writes a string value.
func (w *Writer) String(s string) *Writer {
	w.sep()
	w.buf = AppendString(w.buf, s)
	return w
}

// Strings writes an array of strings.
func (w *Writer) Strings(list []string) *Writer {
	w.BeginArray()
	for _, s := range list {
		w.String(s)
	}
	return w.EndArray()
}

// Int writes an integer value.
func (w *Writer) Int(n int64) *Writer {
	w.sep()
	w.buf = strconv.AppendInt(w.buf, n, 10)
	return w
}

// Bool writes true or false.
func (w *Writer) Bool(b bool) *Writer {
	w.sep()
	w.buf = strconv.AppendBool(w.buf, b)
	return w
}

// Null writes null.
func (w *Writer) Null() *Writer {
	w.sep()
	w.buf = append(w.buf, "null"...)
	return w
}

// Raw writes JSON text the caller guarantees is one valid value.
func (w *Writer) Raw(json []byte) *Writer {
	w.sep()
	w.buf = append(w.buf, json...)
	return w
}

// StringMember writes "name":"value".
func (w *Writer) StringMember(name, value string) *Writer { return w.Key(name).String(value) }

// OptionalString writes "name":"value" unless value is empty.
func (w *Writer) OptionalString(name, value string) *Writer {
	if value == "" {
		return w
	}
	return w.Key(name).String(value)
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string with the minimal escaping of
// RFC 8259.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		n := i + Plain(s[i:], false)
		dst = append(dst, s[i:n]...)
		if n == len(s) {
			break
		}
		switch c := s[n]; c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i = n + 1
	}
	return append(dst, '"')
}
