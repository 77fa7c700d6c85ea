package abi

import (
	"github.com/paysign/paysign/core/internal/wire"
	"github.com/paysign/paysign/core/payway"
)

func init() {
	register("payway.diagnose", "the \"Wrong Hash\" doctor: what was sent compared with what PayWay expects, the first difference explained", paywayDiagnose)
}

// payway.diagnose
//
//	{"text": pasted request, "operation"?, "credentials": {"api_key"}, "their_hash_input"?}
func paywayDiagnose(request []byte, w *wire.Writer) error {
	c := &payway.Checkup{}
	err := decodeRequest(request, func(m wire.Member) error {
		switch m.Name {
		case "text":
			return str(&c.Text, m.Value, "", m.Name)
		case "operation":
			return str(&c.Operation, m.Value, "", m.Name)
		case "their_hash_input":
			return str(&c.TheirHashInput, m.Value, "", m.Name)
		case "credentials":
			creds, err := decodeCredentials(m.Value, m.Name, "api_key")
			if err != nil {
				return err
			}
			c.APIKey = creds.apiKey
			return nil
		}
		return wire.Unknown("", m.Name)
	})
	if err != nil {
		return err
	}
	d, err := payway.Diagnose(c)
	if err != nil {
		return err
	}
	w.BeginObject().StringMember("operation", d.Operation).StringMember("operation_from", d.OperationFrom).
		StringMember("verdict", d.Verdict).StringMember("format", d.Format).Key("matches").Bool(d.Matches).
		Key("first_difference").Int(int64(d.FirstDifference))
	w.Key("sent")
	writeFields(w, d.Sent)
	w.Key("expected")
	writeHashSide(w, &d.Expected)
	w.Key("theirs")
	writeHashSide(w, &d.Theirs)
	w.Key("findings").BeginArray()
	for _, f := range d.Findings {
		w.BeginObject().StringMember("kind", f.Kind).StringMember("title", f.Title).StringMember("detail", f.Detail).
			StringMember("field", f.Field).EndObject()
	}
	w.EndArray().EndObject()
	return nil
}

func writeFields(w *wire.Writer, fields []payway.Field) {
	w.BeginArray()
	for _, f := range fields {
		w.BeginArray().String(f.Name).String(f.Value).EndArray()
	}
	w.EndArray()
}

func writeHashSide(w *wire.Writer, h *payway.HashSide) {
	w.BeginObject().StringMember("input", h.Input).StringMember("hash", h.Hash).StringMember("how", h.How).
		StringMember("encoding", h.Encoding).Key("segments").BeginArray()
	for _, s := range h.Segments {
		w.BeginObject().StringMember("name", s.Name).Key("start").Int(int64(s.Start)).Key("end").Int(int64(s.End)).EndObject()
	}
	w.EndArray()
	if h.Fields != nil {
		w.Key("fields")
		writeFields(w, h.Fields)
	}
	w.EndObject()
}
