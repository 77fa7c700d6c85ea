package abi

import (
	"cmp"
	"crypto/rsa"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/paysign/paysign/core"
	"github.com/paysign/paysign/core/internal/keycache"
	"github.com/paysign/paysign/core/internal/numtext"
	"github.com/paysign/paysign/core/internal/wire"
)

// The errors of handles, which exist only in the envelope.
var (
	errUnknownHandle  = errors.New("unknown credentials handle")
	errTooManyHandles = errors.New("too many credentials handles")
)

func isHandle(m wire.Member) bool { return m.Name == "handle" }

// Credentials are given with each request, or once: paysign.open_credentials
// parses the keys, keeps the API key inside the library and returns a
// handle; a request then carries "credentials": {"handle": N} and nothing
// is parsed again. The bindings' helper objects open one when they are
// made and close it when they are closed or collected.

func init() {
	register("paysign.open_credentials", "keep credentials inside the library (keys parsed once) and return a handle for \"credentials\": {\"handle\": N}", openCredentials)
	register("paysign.close_credentials", "forget the credentials behind a handle", closeCredentials)
}

// maxHandles bounds the credential sets one process keeps open: a binding
// that never closes its handles gets an error, not unbounded memory.
const maxHandles = 4096

// credentials are the credential members an op reads, whether given inline
// or through a handle. Keys are parsed when the set is opened (handles) or
// through the key cache (inline).
type credentials struct {
	merchantID, apiKey                string
	rsaPublicKey, rsaPrivateKey       string // PayWay
	privateKey, bbmslPublicKey        string // BBMSL
	parsedPublic, parsedBBMSLPublic   *rsa.PublicKey
	parsedPrivate, parsedBBMSLPrivate *rsa.PrivateKey
	fromHandle                        bool
}

// field returns the field of member name, if allowed has it.
func field[N string | []byte](c *credentials, name N, allowed []string) *string {
	if !slices.ContainsFunc(allowed, func(a string) bool { return a == string(name) }) {
		return nil
	}
	switch string(name) {
	case "merchant_id":
		return &c.merchantID
	case "api_key":
		return &c.apiKey
	case "rsa_public_key":
		return &c.rsaPublicKey
	case "rsa_private_key":
		return &c.rsaPrivateKey
	case "private_key":
		return &c.privateKey
	case "bbmsl_public_key":
		return &c.bbmslPublicKey
	}
	return nil
}

// decodeCredentials reads the credentials member at path: an object of the
// members in allowed, or {"handle": N} of an open set (whose members beyond
// allowed are ignored: one set serves every op of a gateway).
func decodeCredentials(v any, path string, allowed ...string) (*credentials, error) {
	obj, err := wire.AsObject(v, path)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(obj, isHandle) {
		if len(obj) != 1 {
			return nil, handleNotAlone(path)
		}
		return lookupHandle(obj[0].Value, path)
	}
	c := &credentials{}
	for _, m := range obj {
		dst := field(c, m.Name, allowed)
		if dst == nil {
			return nil, wire.Unknown(path, m.Name)
		}
		if err := str(dst, m.Value, path, m.Name); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func handleNotAlone(path string) error {
	return core.Fieldf(wire.Join(path, "handle"), core.ErrMalformedRequest, "a handle stands for the whole credentials object: give no other member")
}

// readCredentials is decodeCredentials for the member r is at, read
// without building its values: the same errors, in the same order (a name
// given twice, then a handle with other members, then the first member's
// error).
func readCredentials(r *wire.Reader, path string, allowed ...string) (*credentials, error) {
	c := &credentials{}
	var handle any
	var first error
	hasHandle, members := false, 0
	err := r.Object(path, func(name []byte) error {
		members++
		if string(name) == "handle" {
			hasHandle = true
			v, err := r.Value()
			handle = v
			return err
		}
		dst := field(c, name, allowed)
		if dst == nil {
			first = cmp.Or(first, wire.Unknown(path, string(name)))
			return nil
		}
		if err := readStr(r, dst, path, name); err != nil {
			first = cmp.Or(first, err)
		}
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case hasHandle && members != 1:
		return nil, handleNotAlone(path)
	case hasHandle:
		return lookupHandle(handle, path)
	case first != nil:
		return nil, first
	}
	return c, nil
}

// publicKey returns the parsed rsa_public_key (nil if not given).
func (c *credentials) publicKey() (*rsa.PublicKey, error) {
	return parsedPublic(c.parsedPublic, c.rsaPublicKey, "credentials.rsa_public_key")
}

// bbmslPublic returns the parsed bbmsl_public_key (nil if not given).
func (c *credentials) bbmslPublic() (*rsa.PublicKey, error) {
	return parsedPublic(c.parsedBBMSLPublic, c.bbmslPublicKey, "credentials.bbmsl_public_key")
}

// privateKeyPayWay returns the parsed rsa_private_key (nil if not given).
func (c *credentials) privateKeyPayWay() (*rsa.PrivateKey, error) {
	return parsedPrivate(c.parsedPrivate, c.rsaPrivateKey, "credentials.rsa_private_key")
}

// privateKeyBBMSL returns the parsed private_key (nil if not given).
func (c *credentials) privateKeyBBMSL() (*rsa.PrivateKey, error) {
	return parsedPrivate(c.parsedBBMSLPrivate, c.privateKey, "credentials.private_key")
}

func parsedPublic(parsed *rsa.PublicKey, text, field string) (*rsa.PublicKey, error) {
	if parsed != nil || text == "" {
		return parsed, nil
	}
	pub, err := keycache.PublicKey(text)
	if err != nil {
		return nil, &core.FieldError{Field: field, Err: err}
	}
	return pub, nil
}

func parsedPrivate(parsed *rsa.PrivateKey, text, field string) (*rsa.PrivateKey, error) {
	if parsed != nil || text == "" {
		return parsed, nil
	}
	priv, err := keycache.PrivateKey(text)
	if err != nil {
		return nil, &core.FieldError{Field: field, Err: err}
	}
	return priv, nil
}

var handles = struct {
	sync.RWMutex
	next uint64
	sets map[uint64]*credentials
}{sets: map[uint64]*credentials{}}

// paysign.open_credentials: {"credentials": {any of merchant_id, api_key,
// rsa_public_key, rsa_private_key, private_key, bbmsl_public_key}} →
// {"handle": N}. Every key given is parsed now, so a bad key fails here.
func openCredentials(request []byte, w *wire.Writer) error {
	var c *credentials
	err := decodeRequest(request, func(m wire.Member) error {
		if m.Name != "credentials" {
			return wire.Unknown("", m.Name)
		}
		var err error
		c, err = decodeCredentials(m.Value, m.Name, "merchant_id", "api_key", "rsa_public_key", "rsa_private_key", "private_key", "bbmsl_public_key")
		return err
	})
	if err != nil {
		return err
	}
	if c == nil || c.fromHandle {
		return core.Fieldf("credentials", core.ErrRequired, "give the credentials to keep")
	}
	if c.parsedPublic, err = c.publicKey(); err != nil {
		return err
	}
	if c.parsedBBMSLPublic, err = c.bbmslPublic(); err != nil {
		return err
	}
	if c.parsedPrivate, err = c.privateKeyPayWay(); err != nil {
		return err
	}
	if c.parsedBBMSLPrivate, err = c.privateKeyBBMSL(); err != nil {
		return err
	}
	c.fromHandle = true
	// Kept beyond this call: copies, not slices of the request's text.
	for _, s := range []*string{&c.merchantID, &c.apiKey, &c.rsaPublicKey, &c.rsaPrivateKey, &c.privateKey, &c.bbmslPublicKey} {
		*s = strings.Clone(*s)
	}
	handles.Lock()
	if len(handles.sets) >= maxHandles {
		handles.Unlock()
		return core.Fieldf("credentials", errTooManyHandles, "%d credential handles are open; close the ones no longer used", maxHandles)
	}
	handles.next++
	id := handles.next
	handles.sets[id] = c
	handles.Unlock()
	w.BeginObject().Key("handle").Int(int64(id)).EndObject()
	return nil
}

// paysign.close_credentials: {"handle": N} → {"closed": true}.
func closeCredentials(request []byte, w *wire.Writer) error {
	var id uint64
	found := false
	err := decodeRequest(request, func(m wire.Member) error {
		if m.Name != "handle" {
			return wire.Unknown("", m.Name)
		}
		n, ok := handleID(m.Value)
		if !ok {
			return badHandle(m.Name)
		}
		id, found = n, true
		return nil
	})
	if err != nil {
		return err
	}
	if !found {
		return core.Fieldf("handle", core.ErrRequired, "give the handle to close")
	}
	handles.Lock()
	_, open := handles.sets[id]
	delete(handles.sets, id)
	handles.Unlock()
	if !open {
		return core.Fieldf("handle", errUnknownHandle, "handle %d is not open (closed already, or from another process)", id)
	}
	w.BeginObject().Key("closed").Bool(true).EndObject()
	return nil
}

// lookupHandle returns the credentials behind v, the member "handle" of
// the object at parent (its path is made only for an error).
func lookupHandle(v any, parent string) (*credentials, error) {
	id, ok := handleID(v)
	if !ok {
		return nil, badHandle(wire.Join(parent, "handle"))
	}
	handles.RLock()
	c, ok := handles.sets[id]
	handles.RUnlock()
	if !ok {
		return nil, core.Fieldf(wire.Join(parent, "handle"), errUnknownHandle, "handle %d is not open (closed already, or from another process)", id)
	}
	return c, nil
}

// handleID reads a handle: a positive whole number.
func handleID(v any) (uint64, bool) {
	s, err := numtext.Of(v)
	if err == nil {
		if n, ok := numtext.Integer(s); ok && n > 0 {
			return uint64(n), true
		}
	}
	return 0, false
}

func badHandle(path string) error {
	return core.Fieldf(path, core.ErrMalformedRequest, "a handle is the positive whole number paysign.open_credentials returned")
}
