package closedloop

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/nps"
)

// dgNow is the instant of the huddles and reviews in these tests, a Monday.
var dgNow = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

const dgDay = 24 * time.Hour

// dgSeq yields xs, as a store's sequence would.
func dgSeq[T any](xs ...T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, x := range xs {
			if !yield(x, nil) {
				return
			}
		}
	}
}

// dgFailing yields xs, then err.
func dgFailing[T any](err error, xs ...T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, x := range xs {
			if !yield(x, nil) {
				return
			}
		}
		var zero T
		yield(zero, err)
	}
}

// dgResp is a response of unit "front" received ago before dgNow.
func dgResp(id string, r nps.Rating, ago time.Duration, tp, comment string, employees ...string) nps.Response {
	return nps.Response{ID: id, Rating: r, At: dgNow.Add(-ago), Customer: "cust-secret-" + id,
		Touchpoint: tp, Unit: "front", Employees: employees, Comment: comment}
}

// dgCase opens case id of team, received ago before dgNow under a 48-hour
// calendar-hours policy.
func dgCase(t *testing.T, id, team string, ago time.Duration) Case {
	t.Helper()
	received := dgNow.Add(-ago)
	p := Policy{ID: "48h", EffectiveFrom: dgNow.AddDate(-2, 0, 0), Target: 48 * time.Hour, Clock: CalendarHours}
	r := nps.Response{ID: "r-" + id, Rating: 3, At: received, Customer: "cust-" + id, Touchpoint: "phone", Employees: []string{"anna"}}
	c, err := OpenCase(id, r, p, "anna", team, received.Add(time.Minute))
	require.NoError(t, err)
	return c
}

func dgIDs(vs []Verbatim) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.ResponseID
	}
	return out
}

func dgResponses() []nps.Response {
	h := time.Hour
	return []nps.Response{
		dgResp("r1", 3, 2*h, "phone", "Nobody called back. Reach me at jens@example.com", "anna"),
		dgResp("r2", 5, 20*h, "reception", "Slow.", "bo"),
		dgResp("r3", 6, 23*h, "phone", "Meh", "anna"),
		dgResp("r4", 2, 1*h, "phone", "  ", "anna"), // blank: no verbatim
		dgResp("r5", 4, 30*h, "phone", "Before the period", "anna"),
		dgResp("r6", 10, 3*h, "reception", "Anna was wonderful", "anna"),
		dgResp("r7", 10, 5*h, "reception", "", "anna", "bo"),
		dgResp("r8", 9, 4*h, "phone", "Bo fixed it fast, call me on +45 12 34 56 78", "bo"),
		dgResp("r9", 8, 6*h, "phone", "ok", "bo"), // passive
		func() nps.Response {
			r := dgResp("r10", 3, 2*h, "phone", "Other team", "dan")
			r.Unit = "back"
			return r
		}(),
		dgResp("r11", 10, 0, "phone", "At now: outside [since, now)", "anna"),
		dgResp("r12", 9, 10*h, "phone", "", "carl"), // a 9 without a comment
		dgResp("r13", 10, 7*h, "web", "Great", "carl"),
	}
}

func dgCases(t *testing.T) []Case {
	t.Helper()
	var cs []Case
	add := func(c Case, tags ...string) {
		if len(tags) > 0 {
			require.NoError(t, c.Tag(c.ReceivedAt.Add(time.Hour), "lise", tags...))
		}
		cs = append(cs, c)
	}
	add(dgCase(t, "c-over", "front", 50*time.Hour), "communication", "processes and rules") // due 2 h ago
	add(dgCase(t, "c-over2", "front", 60*time.Hour), "communication")                       // due 12 h ago
	add(dgCase(t, "c-notdue", "front", 10*time.Hour), "personal fit")

	c := dgCase(t, "c-paused-long", "front", 10*dgDay)
	require.NoError(t, c.Pause(dgNow.Add(-9*dgDay), "anna", "call back later"))
	add(c)
	c = dgCase(t, "c-paused-short", "front", 3*dgDay)
	require.NoError(t, c.Pause(dgNow.Add(-2*dgDay), "anna", "call back later"))
	add(c)

	c = dgCase(t, "c-contacted-long", "front", 10*dgDay)
	require.NoError(t, c.Contact(dgNow.Add(-8*dgDay), "anna"))
	add(c, "prices and terms")
	c = dgCase(t, "c-contacted-new", "front", 3*dgDay)
	require.NoError(t, c.Contact(dgNow.Add(-dgDay), "anna"))
	add(c)

	c = dgCase(t, "c-unreach", "front", 3*dgDay)
	for _, h := range []time.Duration{60, 40, 20} {
		require.NoError(t, c.Attempt(dgNow.Add(-h*time.Hour), "anna", "voicemail"))
	}
	require.Equal(t, Unreachable, c.State)
	add(c, "processes and rules")
	c = dgCase(t, "c-unreach-old", "front", 4*dgDay)
	for _, h := range []time.Duration{70, 50, 30} {
		require.NoError(t, c.Attempt(dgNow.Add(-h*time.Hour), "anna", "voicemail"))
	}
	add(c)

	c = dgCase(t, "c-closed", "front", 5*dgDay)
	require.NoError(t, c.Contact(dgNow.Add(-4*dgDay), "anna"))
	require.NoError(t, c.Close(dgNow.Add(-4*dgDay), "anna", Recovered, nil))
	add(c, "communication", "prices and terms", " communication ")

	c = dgCase(t, "c-old", "front", 40*dgDay)
	require.NoError(t, c.Contact(dgNow.Add(-39*dgDay), "anna"))
	require.NoError(t, c.Close(dgNow.Add(-39*dgDay), "anna", Recovered, nil))
	add(c, "processes and rules", "personal fit")

	add(dgCase(t, "c-other", "back", 60*time.Hour), "personal fit")
	return cs
}

func TestHuddleDigest(t *testing.T) {
	ctx := context.Background()
	since := dgNow.Add(-dgDay)
	cases := dgCases(t)
	h, err := HuddleDigest(ctx, dgSeq(dgResponses()...), dgSeq(cases...), "front", since, dgNow, DigestOptions{MaxVerbatims: 2})
	require.NoError(t, err)

	assert.Equal(t, "front", h.Team)
	assert.True(t, h.Since.Equal(since) && h.Now.Equal(dgNow))
	assert.Equal(t, nps.Tally{Promoters: 5, Passives: 1, Detractors: 4}, h.Tally, "the team's responses in [since, now)")

	assert.Equal(t, []string{"r1", "r2"}, dgIDs(h.Detractors), "most recent first, capped")
	assert.Equal(t, 1, h.MoreDetractors)
	assert.Equal(t, "Nobody called back. Reach me at [e-mail]", h.Detractors[0].Comment, "redacted by default")
	assert.Equal(t, []string{"anna"}, h.Detractors[0].Employees)
	assert.Equal(t, "phone", h.Detractors[0].Touchpoint)
	assert.Equal(t, []string{"r6", "r8"}, dgIDs(h.Promoters))
	assert.Equal(t, 1, h.MorePromoters)
	assert.Equal(t, "Bo fixed it fast, call me on [phone]", h.Promoters[1].Comment)

	assert.Equal(t, []ShoutOut{
		{Employee: "anna", Tens: 2, ThankYous: 1, Comment: "Anna was wonderful"},
		{Employee: "bo", Tens: 1, ThankYous: 1, Comment: "Bo fixed it fast, call me on [phone]"},
		{Employee: "carl", Tens: 1, ThankYous: 1, Comment: "Great"},
	}, h.ShoutOuts)

	assert.Equal(t, []CaseAlert{
		{Kind: AlertOverdue, Case: "c-over2", Owner: "anna", Touchpoint: "phone", Since: dgNow.Add(-12 * time.Hour)},
		{Kind: AlertOverdue, Case: "c-over", Owner: "anna", Touchpoint: "phone", Since: dgNow.Add(-2 * time.Hour)},
		{Kind: AlertUnreachable, Case: "c-unreach", Owner: "anna", Touchpoint: "phone", Since: dgNow.Add(-20 * time.Hour)},
		{Kind: AlertPaused, Case: "c-paused-long", Owner: "anna", Touchpoint: "phone", Since: dgNow.Add(-9 * dgDay)},
		{Kind: AlertNotClosed, Case: "c-contacted-long", Owner: "anna", Touchpoint: "phone", Since: dgNow.Add(-8 * dgDay)},
	}, h.Attention)
	assert.Zero(t, h.MoreAttention)

	assert.Equal(t, []Candidate{
		{Cause: "communication", Cases: []string{"c-closed", "c-over", "c-over2"}},
		{Cause: "prices and terms", Cases: []string{"c-closed", "c-contacted-long"}},
		{Cause: "processes and rules", Cases: []string{"c-over", "c-unreach"}},
	}, h.Candidates, "personal fit: once in the team's window (c-old is older, c-other another team's)")

	// The streams' order does not matter.
	rs := dgResponses()
	slices.Reverse(rs)
	slices.Reverse(cases)
	h2, err := HuddleDigest(ctx, dgSeq(rs...), dgSeq(cases...), "front", since, dgNow, DigestOptions{MaxVerbatims: 2})
	require.NoError(t, err)
	assert.Equal(t, h, h2)
}

func TestHuddleDigestOptions(t *testing.T) {
	ctx := context.Background()
	since := dgNow.Add(-dgDay)
	cases := dgCases(t)
	for _, tc := range []struct {
		name  string
		opts  DigestOptions
		check func(t *testing.T, h Huddle)
	}{
		{"defaults", DigestOptions{}, func(t *testing.T, h Huddle) {
			assert.Equal(t, []string{"r1", "r2", "r3"}, dgIDs(h.Detractors))
			assert.Equal(t, []string{"r6", "r8", "r13"}, dgIDs(h.Promoters))
			assert.Zero(t, h.MoreDetractors+h.MorePromoters)
		}},
		{"one verbatim", DigestOptions{MaxVerbatims: 1}, func(t *testing.T, h Huddle) {
			assert.Equal(t, []string{"r1"}, dgIDs(h.Detractors))
			assert.Equal(t, 2, h.MoreDetractors)
		}},
		{"attention capped", DigestOptions{MaxAttention: 2}, func(t *testing.T, h Huddle) {
			require.Len(t, h.Attention, 2)
			assert.Equal(t, "c-over2", h.Attention[0].Case)
			assert.Equal(t, "c-over", h.Attention[1].Case)
			assert.Equal(t, 3, h.MoreAttention)
		}},
		{"stuck after a day", DigestOptions{StuckAfter: dgDay}, func(t *testing.T, h Huddle) {
			var got []string
			for _, a := range h.Attention {
				got = append(got, a.Kind.String()+" "+a.Case)
			}
			assert.Equal(t, []string{"overdue c-over2", "overdue c-over", "unreachable c-unreach",
				"paused c-paused-long", "paused c-paused-short", "not closed c-contacted-long", "not closed c-contacted-new"}, got)
		}},
		{"recurrence of three", DigestOptions{MinRecurrence: 3}, func(t *testing.T, h Huddle) {
			require.Len(t, h.Candidates, 1)
			assert.Equal(t, "communication", h.Candidates[0].Cause)
		}},
		{"long window", DigestOptions{RecurrenceWindow: 60 * dgDay}, func(t *testing.T, h Huddle) {
			var got []string
			for _, c := range h.Candidates {
				got = append(got, c.Cause)
			}
			assert.Equal(t, []string{"communication", "processes and rules", "personal fit", "prices and terms"}, got)
		}},
		{"own redaction", DigestOptions{Redact: strings.ToUpper}, func(t *testing.T, h Huddle) {
			assert.Equal(t, "NOBODY CALLED BACK. REACH ME AT JENS@EXAMPLE.COM", h.Detractors[0].Comment)
			assert.Equal(t, "ANNA WAS WONDERFUL", h.ShoutOuts[0].Comment)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := HuddleDigest(ctx, dgSeq(dgResponses()...), dgSeq(cases...), "front", since, dgNow, tc.opts)
			require.NoError(t, err)
			tc.check(t, h)
		})
	}
}

func TestHuddleDigestEmpty(t *testing.T) {
	h, err := HuddleDigest(context.Background(), dgSeq[nps.Response](), dgSeq[Case](), "front", dgNow, dgNow, DigestOptions{})
	require.NoError(t, err)
	assert.Zero(t, h.Tally.N())
	for _, l := range []int{len(h.Detractors), len(h.Promoters), len(h.ShoutOuts), len(h.Attention), len(h.Candidates)} {
		assert.Zero(t, l)
	}
	b, err := json.Marshal(h)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "null", "empty lists encode as []")
}

func TestHuddleDigestErrors(t *testing.T) {
	boom := errors.New("boom")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	ok := dgSeq(dgResponses()...)
	okCases := dgSeq[Case]()
	since := dgNow.Add(-dgDay)
	for _, tc := range []struct {
		name         string
		ctx          context.Context
		responses    iter.Seq2[nps.Response, error]
		cases        iter.Seq2[Case, error]
		team         string
		since, now   time.Time
		opts         DigestOptions
		want         error
		wantContains string
	}{
		{"empty team", nil, ok, okCases, " ", since, dgNow, DigestOptions{}, ErrInvalidDigest, "team"},
		{"now before since", nil, ok, okCases, "front", dgNow, since, DigestOptions{}, ErrInvalidDigest, "before"},
		{"zero now", nil, ok, okCases, "front", time.Time{}, time.Time{}, DigestOptions{}, ErrInvalidDigest, "zero"},
		{"negative verbatims", nil, ok, okCases, "front", since, dgNow, DigestOptions{MaxVerbatims: -1}, ErrInvalidDigest, "negative"},
		{"negative attention", nil, ok, okCases, "front", since, dgNow, DigestOptions{MaxAttention: -1}, ErrInvalidDigest, "negative"},
		{"negative recurrence", nil, ok, okCases, "front", since, dgNow, DigestOptions{MinRecurrence: -1}, ErrInvalidDigest, "negative"},
		{"negative stuck", nil, ok, okCases, "front", since, dgNow, DigestOptions{StuckAfter: -1}, ErrInvalidDigest, "negative"},
		{"negative window", nil, ok, okCases, "front", since, dgNow, DigestOptions{RecurrenceWindow: -1}, ErrInvalidDigest, "negative"},
		{"failing responses", nil, dgFailing(boom, dgResponses()...), okCases, "front", since, dgNow, DigestOptions{}, boom, "responses"},
		{"failing cases", nil, ok, dgFailing(boom, dgCase(t, "c1", "front", time.Hour)), "front", since, dgNow, DigestOptions{}, boom, "cases"},
		{"invalid rating", nil, dgSeq(dgResp("bad", 11, time.Hour, "phone", "")), okCases, "front", since, dgNow, DigestOptions{}, nps.ErrInvalidRating, "bad"},
		{"done context", cancelled, ok, okCases, "front", since, dgNow, DigestOptions{}, context.Canceled, "responses"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := cmp.Or(tc.ctx, context.Background())
			h, err := HuddleDigest(ctx, tc.responses, tc.cases, tc.team, tc.since, tc.now, tc.opts)
			require.ErrorIs(t, err, tc.want)
			assert.ErrorContains(t, err, tc.wantContains)
			assert.Zero(t, h.Team, "no partial digest")
		})
	}
}

// dgLeadershipResponses has detractors' comments at four touchpoints
// (one of them none) and promoters' at two.
func dgLeadershipResponses() []nps.Response {
	h := time.Hour
	return []nps.Response{
		dgResp("p1", 2, 1*h, "phone", "Rude on the phone. Mail me: kim@example.org", "anna"),
		dgResp("p2", 4, 2*h, "phone", "On hold forever", "anna"),
		dgResp("p3", 6, 3*h, "phone", "Meh", "bo"),
		dgResp("e1", 5, 5*h, "reception", "Queue", "bo"),
		dgResp("w1", 1, 90*time.Minute, "web", "Site down"),
		dgResp("w2", 3, 4*h, "web", "Login fails"),
		dgResp("n1", 0, 6*h, "", "Just bad"),
		dgResp("d0", 0, 3*h, "phone", ""),                     // no comment
		dgResp("old", 0, 8*dgDay, "phone", "Too old"),         // before since
		dgResp("pas", 7, 2*h, "phone", "Fine, I suppose"),     // passive
		dgResp("h1", 10, 2*h, "phone", "Lovely people", "bo"), // promoters
		dgResp("h2", 9, 3*h, "phone", "Quick help"),
		dgResp("h3", 10, 10*h, "reception", "Warm welcome, ring +45 12345678"),
	}
}

func TestLeadershipDigest(t *testing.T) {
	ctx := context.Background()
	since := dgNow.Add(-7 * dgDay)
	for _, tc := range []struct {
		name             string
		nUnhappy, nHappy int
		unhappy, happy   []string
	}{
		{"none", 0, 0, []string{}, []string{}},
		{"fewer than touchpoints: the most recent touchpoints", 2, 1, []string{"p1", "w1"}, []string{"h1"}},
		{"one round", 4, 2, []string{"p1", "w1", "e1", "n1"}, []string{"h1", "h3"}},
		{"second round cut", 5, 3, []string{"p1", "w1", "e1", "n1", "p2"}, []string{"h1", "h3", "h2"}},
		{"all", 100, 100, []string{"p1", "w1", "e1", "n1", "p2", "w2", "p3"}, []string{"h1", "h3", "h2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := LeadershipDigest(ctx, dgSeq(dgLeadershipResponses()...), since, dgNow, tc.nUnhappy, tc.nHappy, DigestOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.unhappy, dgIDs(l.Unhappy))
			assert.Equal(t, tc.happy, dgIDs(l.Happy))
			assert.Equal(t, nps.Tally{Promoters: 3, Passives: 1, Detractors: 8}, l.Tally)
			assert.Equal(t, 7, l.UnhappyComments)
			assert.Equal(t, 3, l.HappyComments)
			assert.Zero(t, l.Meeting.At)
		})
	}
}

func TestLeadershipDigestPrivacy(t *testing.T) {
	ctx := context.Background()
	since := dgNow.Add(-7 * dgDay)
	l, err := LeadershipDigest(ctx, dgSeq(dgLeadershipResponses()...), since, dgNow, 10, 10, DigestOptions{})
	require.NoError(t, err)
	assert.Equal(t, "Rude on the phone. Mail me: [e-mail]", l.Unhappy[0].Comment)
	assert.Equal(t, "Warm welcome, ring [phone]", l.Happy[1].Comment)
	b, err := json.Marshal(l)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "cust-secret", "customer IDs are never copied")
	assert.NotContains(t, string(b), "example.org")
	assert.NotContains(t, string(b), `"meeting"`, "no meeting recorded yet")

	l, err = LeadershipDigest(ctx, dgSeq(dgLeadershipResponses()...), since, dgNow, 1, 1,
		DigestOptions{Redact: func(s string) string { return "«" + s + "»" }})
	require.NoError(t, err)
	assert.Equal(t, "«Rude on the phone. Mail me: kim@example.org»", l.Unhappy[0].Comment)
	assert.Equal(t, "«Lovely people»", l.Happy[0].Comment)

	// The digest does not share the responses' slices.
	rs := dgLeadershipResponses()
	l, err = LeadershipDigest(ctx, dgSeq(rs...), since, dgNow, 1, 0, DigestOptions{})
	require.NoError(t, err)
	rs[0].Employees[0] = "changed"
	assert.Equal(t, []string{"anna"}, l.Unhappy[0].Employees)
}

func TestLeadershipMeeting(t *testing.T) {
	l, err := LeadershipDigest(context.Background(), dgSeq(dgLeadershipResponses()...), dgNow.Add(-7*dgDay), dgNow, 2, 2, DigestOptions{})
	require.NoError(t, err)
	l.Meeting = Meeting{At: dgNow.Add(2 * time.Hour), Attendees: []string{"ceo", "coo", "lise"}, CEOPresent: true}
	b, err := json.Marshal(l)
	require.NoError(t, err)
	var back Leadership
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, l.Meeting, back.Meeting)
	assert.Equal(t, dgIDs(l.Unhappy), dgIDs(back.Unhappy))
	assert.Equal(t, l.Tally, back.Tally)
}

func TestLeadershipDigestErrors(t *testing.T) {
	boom := errors.New("boom")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	ok := dgSeq(dgLeadershipResponses()...)
	since := dgNow.Add(-dgDay)
	for _, tc := range []struct {
		name             string
		ctx              context.Context
		responses        iter.Seq2[nps.Response, error]
		since, now       time.Time
		nUnhappy, nHappy int
		opts             DigestOptions
		want             error
	}{
		{"negative unhappy", nil, ok, since, dgNow, -1, 1, DigestOptions{}, ErrInvalidDigest},
		{"negative happy", nil, ok, since, dgNow, 1, -1, DigestOptions{}, ErrInvalidDigest},
		{"now before since", nil, ok, dgNow, since, 1, 1, DigestOptions{}, ErrInvalidDigest},
		{"bad option", nil, ok, since, dgNow, 1, 1, DigestOptions{MaxVerbatims: -2}, ErrInvalidDigest},
		{"failing stream", nil, dgFailing(boom, dgLeadershipResponses()...), since, dgNow, 1, 1, DigestOptions{}, boom},
		{"invalid rating", nil, dgSeq(dgResp("bad", 200, time.Hour, "", "x")), since, dgNow, 1, 1, DigestOptions{}, nps.ErrInvalidRating},
		{"done context", cancelled, ok, since, dgNow, 1, 1, DigestOptions{}, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LeadershipDigest(cmp.Or(tc.ctx, context.Background()), tc.responses, tc.since, tc.now, tc.nUnhappy, tc.nHappy, tc.opts)
			require.ErrorIs(t, err, tc.want)
		})
	}
}

func TestRedactContacts(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Write to jens.hansen+nps@example.co.uk please", "Write to [e-mail] please"},
		{"søren@kunde.dk and kim@example.org", "[e-mail] and [e-mail]"},
		{"Call +45 12 34 56 78 today", "Call [phone] today"},
		{"Call 12345678.", "Call [phone]."},
		{"Ring (+45) 1234-5678", "Ring [phone]"},
		{"US: 555-123-4567", "US: [phone]"},
		{"Waited 40 minutes on 23.11.2026 in room 1204", "Waited 40 minutes on 23.11.2026 in room 1204"},
		{"Order 123456 was late", "Order 123456 was late"},
		{"Paid 1 200 000 kr", "Paid [phone] kr"}, // eager, as documented
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, RedactContacts(tc.in))
		})
	}
}

// TestFirstK compares the bounded heap with sorting everything.
func TestFirstK(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 200 {
		n, k := rng.IntN(60), rng.IntN(12)
		xs := make([]int, n)
		f := firstK[int]{k: k, cmp: cmp.Compare[int]}
		for i := range xs {
			xs[i] = rng.IntN(30)
			f.add(xs[i])
		}
		slices.Sort(xs)
		want := xs[:min(k, n)]
		assert.Equal(t, want, f.sorted(), "n %d k %d", n, k)
		assert.Equal(t, n-len(want), f.more())
	}
}

func TestAlertKindText(t *testing.T) {
	for k := AlertOverdue; k <= AlertNotClosed; k++ {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back AlertKind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
		assert.Equal(t, string(b), k.String())
	}
	_, err := AlertKind(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalidDigest)
	var k AlertKind
	require.ErrorIs(t, k.UnmarshalText([]byte("late")), ErrInvalidDigest)
	assert.Equal(t, "AlertKind(9)", AlertKind(9).String())
}
