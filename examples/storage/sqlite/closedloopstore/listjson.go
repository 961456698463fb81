package closedloopstore

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// The list columns (responses, employees, root_causes, attempts, history)
// are JSON arrays that SQLite's json functions and any JSON reader can
// read:
//
//	["response-1", "response-2"]
//	[{"at": 1772442000123456789, "by": "bo", "note": "voicemail"}]
//	[{"at": 1772442000123456789, "actor": "system", "kind": "opened", "detail": "..."}]
//
// with instants as Unix nanoseconds (null for the zero time). Some string
// of a list that is not valid UTF-8 cannot be a JSON string; such a list
// is written as {"hex": [...]}, the same array with every string
// hex-encoded, so that every byte is kept.
//
// They are written and read here rather than with encoding/json, whose
// reflection made decoding a long history the largest cost of reading a
// case: each Get, Due and Cases decodes the whole history of every case.

// jsonWriter appends a list column.
type jsonWriter struct {
	b   []byte
	hex bool // every string hex-encoded
}

// newList starts a list column whose strings are those of strs.
func newList(strs ...[]string) *jsonWriter {
	w := &jsonWriter{b: make([]byte, 0, 64)}
	for _, ss := range strs {
		for _, s := range ss {
			if !utf8.ValidString(s) {
				w.hex = true
			}
		}
	}
	if w.hex {
		w.b = append(w.b, `{"hex":`...)
	}
	w.b = append(w.b, '[')
	return w
}

// end closes the list and returns it.
func (w *jsonWriter) end() string {
	w.b = append(w.b, ']')
	if w.hex {
		w.b = append(w.b, '}')
	}
	return string(w.b)
}

// sep writes the comma before every item but the first.
func (w *jsonWriter) sep() {
	if c := w.b[len(w.b)-1]; c != '[' && c != '{' {
		w.b = append(w.b, ',')
	}
}

// item writes a string item.
func (w *jsonWriter) item(s string) {
	w.sep()
	w.str(s)
}

// field writes "key":"s", or nothing if omitEmpty and s is empty.
func (w *jsonWriter) field(key, s string, omitEmpty bool) {
	if omitEmpty && s == "" {
		return
	}
	w.sep()
	w.b = strconv.AppendQuote(w.b, key) // keys are plain ASCII
	w.b = append(w.b, ':')
	w.str(s)
}

// at writes "at": the instant ns, or null.
func (w *jsonWriter) at(ns instant) {
	w.sep()
	w.b = append(w.b, `"at":`...)
	if ns == nil {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = strconv.AppendInt(w.b, *ns, 10)
}

// open and close an object item.
func (w *jsonWriter) open()  { w.sep(); w.b = append(w.b, '{') }
func (w *jsonWriter) close() { w.b = append(w.b, '}') }

// str writes s as a JSON string, hex-encoded if the list is.
func (w *jsonWriter) str(s string) {
	w.b = append(w.b, '"')
	if w.hex {
		w.b = hex.AppendEncode(w.b, []byte(s))
		w.b = append(w.b, '"')
		return
	}
	const digits = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			w.b = append(w.b, '\\', c)
		case c == '\n':
			w.b = append(w.b, '\\', 'n')
		case c == '\r':
			w.b = append(w.b, '\\', 'r')
		case c == '\t':
			w.b = append(w.b, '\\', 't')
		case c < 0x20:
			w.b = append(w.b, '\\', 'u', '0', '0', digits[c>>4], digits[c&0xf])
		default:
			w.b = append(w.b, c) // valid UTF-8, checked by newList
		}
	}
	w.b = append(w.b, '"')
}

// jsonReader reads a list column written by jsonWriter, or any JSON of the
// same shape.
type jsonReader struct {
	s   string
	i   int
	hex bool
	err error
}

var errSyntax = errors.New("malformed JSON")

func (r *jsonReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s at offset %d", errSyntax, what, r.i)
	}
}

func (r *jsonReader) ws() {
	for r.i < len(r.s) {
		switch r.s[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// eat skips white space and then c, if it is there.
func (r *jsonReader) eat(c byte) bool {
	r.ws()
	if r.err == nil && r.i < len(r.s) && r.s[r.i] == c {
		r.i++
		return true
	}
	return false
}

func (r *jsonReader) expect(c byte) {
	if !r.eat(c) {
		r.fail("want " + strconv.QuoteRune(rune(c)))
	}
}

// list reads a list column: item is called for each element of the array,
// which it must read. It reports an error for anything after the list.
func (r *jsonReader) list(item func()) {
	if r.eat('{') {
		if key := r.str(); key != "hex" {
			r.fail("want the key \"hex\"")
		}
		r.expect(':')
		r.hex = true
		r.array(item)
		r.expect('}')
	} else {
		r.array(item)
	}
	r.ws()
	if r.i != len(r.s) {
		r.fail("trailing data")
	}
}

func (r *jsonReader) array(item func()) {
	r.expect('[')
	if r.eat(']') {
		return
	}
	for r.err == nil {
		item()
		if r.eat(']') {
			return
		}
		r.expect(',')
	}
}

// object reads an object, calling field with each key; field must read the
// value.
func (r *jsonReader) object(field func(key string)) {
	r.expect('{')
	if r.eat('}') {
		return
	}
	for r.err == nil {
		key := r.str()
		r.expect(':')
		field(key)
		if r.eat('}') {
			return
		}
		r.expect(',')
	}
}

// at reads an instant: an integer or null.
func (r *jsonReader) at() instant {
	r.ws()
	if r.err != nil {
		return nil
	}
	if len(r.s)-r.i >= 4 && r.s[r.i:r.i+4] == "null" {
		r.i += 4
		return nil
	}
	start := r.i
	if r.i < len(r.s) && r.s[r.i] == '-' {
		r.i++
	}
	for r.i < len(r.s) && r.s[r.i] >= '0' && r.s[r.i] <= '9' {
		r.i++
	}
	ns, err := strconv.ParseInt(r.s[start:r.i], 10, 64)
	if err != nil {
		r.fail("want an integer or null")
		return nil
	}
	return &ns
}

// text reads a string value, hex-decoded if the list is hex-encoded.
func (r *jsonReader) text() string {
	s := r.str()
	if !r.hex || r.err != nil {
		return s
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		r.fail("want a hex-encoded string")
	}
	return string(b)
}

// str reads a JSON string.
func (r *jsonReader) str() string {
	r.expect('"')
	if r.err != nil {
		return ""
	}
	start := r.i
	for r.i < len(r.s) { // fast path: no escapes
		switch c := r.s[r.i]; {
		case c == '"':
			r.i++
			return r.s[start : r.i-1]
		case c == '\\':
			return r.escaped(start)
		case c < 0x20:
			r.fail("control character in a string")
			return ""
		}
		r.i++
	}
	r.fail("unterminated string")
	return ""
}

// escaped reads the rest of a string from its first backslash on; start is
// where its text began.
func (r *jsonReader) escaped(start int) string {
	b := []byte(r.s[start:r.i])
	for r.i < len(r.s) {
		c := r.s[r.i]
		switch {
		case c == '"':
			r.i++
			return string(b)
		case c < 0x20:
			r.fail("control character in a string")
			return ""
		case c != '\\':
			b = append(b, c)
			r.i++
			continue
		}
		if r.i+1 >= len(r.s) {
			break
		}
		e := r.s[r.i+1]
		r.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			c1 := r.hex4()
			if utf16.IsSurrogate(c1) && r.i+1 < len(r.s) && r.s[r.i] == '\\' && r.s[r.i+1] == 'u' {
				r.i += 2
				c1 = utf16.DecodeRune(c1, r.hex4())
			}
			b = utf8.AppendRune(b, c1)
		default:
			r.fail("unknown escape")
			return ""
		}
	}
	r.fail("unterminated string")
	return ""
}

func (r *jsonReader) hex4() rune {
	if r.i+4 > len(r.s) {
		r.fail("short \\u escape")
		return utf8.RuneError
	}
	n, err := strconv.ParseUint(r.s[r.i:r.i+4], 16, 32)
	if err != nil {
		r.fail("bad \\u escape")
		return utf8.RuneError
	}
	r.i += 4
	return rune(n)
}
