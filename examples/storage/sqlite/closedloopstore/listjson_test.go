package closedloopstore

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/closedloop"
)

func TestStringListRoundTrip(t *testing.T) {
	for _, ss := range [][]string{
		nil,
		{""},
		{"plain", "quote \" backslash \\ slash /", "ctl \x00\x01\x1f\n\r\t\b\f", "ü € 😀 \u2028"},
		{"valid", "invalid \xff\xfe", ""},
	} {
		s := stringList(ss)
		d := decoder{id: "x"}
		got := d.strings("c", s)
		require.NoError(t, d.err, s)
		assert.Equal(t, ss, got, s)
		var any any
		assert.NoError(t, json.Unmarshal([]byte(s), &any), "valid JSON: %s", s)
	}
	assert.Equal(t, `[]`, stringList(nil))
	assert.Equal(t, `{"hex":["6f6b","ff"]}`, stringList([]string{"ok", "\xff"}))
}

// The reader takes JSON of the same shape written by other tools: white
// space, escapes of every kind, surrogate pairs, keys in any order.
func TestReadForeignJSON(t *testing.T) {
	d := decoder{id: "x"}
	got := d.strings("c", " [ \"a\\u00e9\\/\\ud83d\\ude00\" , \"\\\"\\\\\\b\\f\\n\\r\\t\" ] ")
	require.NoError(t, d.err)
	assert.Equal(t, []string{"aé/😀", "\"\\\b\f\n\r\t"}, got)

	evs := d.events(`[ {"detail": "d", "kind": "noted", "actor": "bo", "at": -5}, {"at": null, "actor": "", "kind": ""} ]`)
	require.NoError(t, d.err)
	assert.Equal(t, []closedloop.Event{
		{At: time.Unix(0, -5).UTC(), Actor: "bo", Kind: closedloop.EventNoted, Detail: "d"},
		{},
	}, evs)
}

func TestReadMalformedJSON(t *testing.T) {
	for _, s := range []string{``, `[`, `["a"`, `["a",]`, `["a"] x`, `{"hexx":[]}`, `["\x01"]`, `["\q"]`, `["\u12"]`,
		`{"hex":["zz"]}`, `[1]`} {
		d := decoder{id: "x"}
		d.strings("c", s)
		assert.ErrorIs(t, d.err, errSyntax, "%q", s)
	}
	for _, s := range []string{`[{"at": 1.5}]`, `[{"at": 1, "who": "x"}]`, `[{"at" 1}]`} {
		d := decoder{id: "x"}
		d.attempts(s)
		assert.ErrorIs(t, d.err, errSyntax, "%q", s)
	}
}

func TestEventListRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.UTC)
	for _, evs := range [][]closedloop.Event{
		nil,
		{{At: at, Actor: "system", Kind: closedloop.EventOpened, Detail: "rating 3; owner \"anna\"\n"}, {Actor: "bo", Kind: closedloop.EventNoted}},
		{{At: at, Actor: "\xff", Kind: closedloop.EventNoted, Detail: ""}},
	} {
		e := encoder{id: "x"}
		s := e.eventList(evs)
		require.NoError(t, e.err)
		d := decoder{id: "x"}
		got := d.events(s)
		require.NoError(t, d.err, s)
		assert.Equal(t, evs, got, s)
	}
	as := []closedloop.Attempt{{At: at, By: "bo", Note: "voicemail"}, {At: at.Add(time.Hour), By: "bo"}}
	e := encoder{id: "x"}
	s := e.attemptList(as)
	assert.Equal(t, `[{"at":1772442000123456789,"by":"bo","note":"voicemail"},{"at":1772445600123456789,"by":"bo"}]`, s)
	d := decoder{id: "x"}
	assert.Equal(t, as, d.attempts(s))
	require.NoError(t, d.err)
}
