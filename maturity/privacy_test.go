package maturity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicekultur/servicekultur/internal/anonymity"
)

// people returns the IDs p00 … p(n−1) from a to b (exclusive).
func people(a, b int) []string {
	var out []string
	for i := a; i < b; i++ {
		out = append(out, fmt.Sprintf("p%02d", i))
	}
	return out
}

// statusesOf gives each employee one status per level listed, on task
// "t1", "t2", ….
func statusesOf(m Model, levels map[string][]Level) []Status {
	var out []Status
	for e, ls := range levels {
		for i, l := range ls {
			out = append(out, Status{Employee: e, Task: fmt.Sprintf("t%d", i+1), Classification: Classification{Model: m, Level: l}})
		}
	}
	slices.SortFunc(out, func(a, b Status) int {
		return compareAssessments(Assessment{Employee: a.Employee, Task: a.Task}, Assessment{Employee: b.Employee, Task: b.Task})
	})
	return out
}

// spread gives the employees levels 1, 2, 3, 4, 1, … in order.
func spread(ids []string) map[string][]Level {
	out := map[string][]Level{}
	for i, e := range ids {
		out[e] = []Level{Level(i%4 + 1)}
	}
	return out
}

// audit checks the published groups by brute force, as an insider who
// knows every published count: nothing derivable may isolate fewer than
// k people or (with statuses) be unanimous.
func audit(t *testing.T, groups []Group, statuses []Status, ds []GroupDecision, k int) {
	t.Helper()
	masks := map[string]uint8{}
	for _, s := range statuses {
		masks[s.Employee] |= 1 << (s.Classification.Level - 1)
	}
	var all []string
	for _, g := range groups {
		all = append(all, g.Members...)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	var pub [][]int32
	for i, g := range groups {
		if !ds[i].Published {
			continue
		}
		var set []int32
		for j, m := range all {
			if slices.Contains(g.Members, m) && (statuses == nil || masks[m] != 0) {
				set = append(set, int32(j))
			}
		}
		pub = append(pub, set)
	}
	var category []uint8
	if statuses != nil {
		category = make([]uint8, len(all))
		for j, m := range all {
			category[j] = masks[m]
		}
	}
	checked, err := anonymity.Audit(len(all), pub, category, k, 16)
	require.True(t, checked)
	require.NoError(t, err)
}

func TestGroupRules(t *testing.T) {
	require.NoError(t, GroupRules{}.Validate())
	require.NoError(t, GroupRules{MinGroup: 3}.Validate())
	require.ErrorIs(t, GroupRules{MinGroup: 2}.Validate(), ErrInvalidThresholds)
	require.ErrorIs(t, GroupRules{MinGroup: -5}.Validate(), ErrInvalidThresholds)
	r, err := GroupRules{}.withDefaults()
	require.NoError(t, err)
	assert.Equal(t, 5, r.MinGroup)
}

func TestPublishGroups(t *testing.T) {
	all12 := people(0, 12)
	tests := []struct {
		name     string
		groups   []Group
		statuses []Status
		rules    GroupRules
		want     []GroupDecision
	}{
		{
			name:   "small group withheld",
			groups: []Group{{"big", people(0, 8)}, {"small", people(8, 11)}},
			want:   []GroupDecision{{"big", true, ""}, {"small", false, "below minimum"}},
		},
		{
			name:   "repeated members count once",
			groups: []Group{{"g", append(people(0, 4), "p00", "p01")}},
			want:   []GroupDecision{{"g", false, "below minimum"}},
		},
		{
			name:   "minimum group of 3",
			groups: []Group{{"g", people(0, 3)}},
			rules:  GroupRules{MinGroup: 3},
			want:   []GroupDecision{{"g", true, ""}},
		},
		{
			name:   "parent minus child is two: the child is withheld",
			groups: []Group{{"dept", all12}, {"team", people(0, 10)}},
			want:   []GroupDecision{{"dept", true, ""}, {"team", false, "complementary"}},
		},
		{
			name:   "parent minus child is five: both shown",
			groups: []Group{{"dept", all12}, {"team", people(0, 7)}},
			want:   []GroupDecision{{"dept", true, ""}, {"team", true, ""}},
		},
		{
			name:   "two children leave two in the parent",
			groups: []Group{{"dept", people(0, 22)}, {"a", people(0, 10)}, {"b", people(10, 20)}},
			want:   []GroupDecision{{"dept", true, ""}, {"a", true, ""}, {"b", false, "complementary"}},
		},
		{
			name:   "overlapping filters four apart",
			groups: []Group{{"f1", people(0, 10)}, {"f2", people(2, 12)}},
			want:   []GroupDecision{{"f1", true, ""}, {"f2", false, "differencing"}},
		},
		{
			name:   "same members under two IDs",
			groups: []Group{{"x", people(0, 6)}, {"y", people(0, 6)}},
			want:   []GroupDecision{{"x", true, ""}, {"y", true, ""}},
		},
		{
			name:   "empty group",
			groups: []Group{{"none", nil}, {"g", people(0, 5)}},
			want:   []GroupDecision{{"none", false, "no data"}, {"g", true, ""}},
		},
		{
			name:     "with statuses a group rests on its classified members",
			groups:   []Group{{"g", people(0, 7)}},
			statuses: statusesOf(Hersey, spread(people(0, 4))),
			want:     []GroupDecision{{"g", false, "below minimum"}},
		},
		{
			name:     "nobody classified",
			groups:   []Group{{"g", people(0, 7)}},
			statuses: statusesOf(Hersey, spread(people(20, 30))),
			want:     []GroupDecision{{"g", false, "no data"}},
		},
		{
			name:     "all at one level: homogeneous",
			groups:   []Group{{"g", people(0, 6)}},
			statuses: statusesOf(SLII, map[string][]Level{"p00": {4}, "p01": {4}, "p02": {4}, "p03": {4}, "p04": {4}, "p05": {4, 4}}),
			want:     []GroupDecision{{"g", false, "homogeneous"}},
		},
		{
			name:     "all at one level, homogeneous allowed",
			groups:   []Group{{"g", people(0, 6)}},
			statuses: statusesOf(SLII, map[string][]Level{"p00": {4}, "p01": {4}, "p02": {4}, "p03": {4}, "p04": {4}, "p05": {4}}),
			rules:    GroupRules{PublishHomogeneous: true},
			want:     []GroupDecision{{"g", true, ""}},
		},
		{
			name:     "mixed levels",
			groups:   []Group{{"g", people(0, 6)}},
			statuses: statusesOf(Hersey, spread(people(0, 6))),
			want:     []GroupDecision{{"g", true, ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PublishGroups(tt.groups, tt.statuses, tt.rules)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			r, err := tt.rules.withDefaults()
			require.NoError(t, err)
			if !tt.rules.PublishHomogeneous {
				audit(t, tt.groups, tt.statuses, got, r.MinGroup)
			}
		})
	}
}

func TestPublishGroupsErrors(t *testing.T) {
	g := Group{"g", people(0, 5)}
	bad := Status{Employee: "p00", Task: "t", Classification: Classification{Model: Hersey, Level: 5}}
	r3 := Status{Employee: "p00", Task: "t", Classification: Classification{Model: Hersey, Level: 3}}
	d3 := Status{Employee: "p01", Task: "t", Classification: Classification{Model: SLII, Level: 3}}
	tests := []struct {
		name     string
		groups   []Group
		statuses []Status
		rules    GroupRules
		want     error
	}{
		{"minimum group below the floor", []Group{g}, nil, GroupRules{MinGroup: 2}, ErrInvalidThresholds},
		{"group without ID", []Group{{"", people(0, 5)}}, nil, GroupRules{}, ErrInvalidGroup},
		{"repeated group ID", []Group{g, g}, nil, GroupRules{}, ErrInvalidGroup},
		{"empty member ID", []Group{{"g", []string{"a", "", "b"}}}, nil, GroupRules{}, ErrInvalidGroup},
		{"invalid level", []Group{g}, []Status{bad}, GroupRules{}, ErrInvalidModel},
		{"unclassified status", []Group{g}, []Status{{Employee: "p00", Task: "t"}}, GroupRules{}, ErrInvalidModel},
		{"models mixed", []Group{g}, []Status{r3, d3}, GroupRules{}, ErrInvalidModel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PublishGroups(tt.groups, tt.statuses, tt.rules)
			require.ErrorIs(t, err, tt.want)
		})
	}
}

// TestPublishGroupsBruteForce draws random families of groups — nested,
// overlapping, crossing — over people with random levels, and checks every
// set of decisions with anonymity.Audit.
func TestPublishGroupsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	checked := 0
	for iter := range 300 {
		n := 6 + rng.IntN(24)
		ids := people(0, n)
		var groups []Group
		for g := range 1 + rng.IntN(6) {
			p := rng.Float64()
			var ms []string
			for _, id := range ids {
				if rng.Float64() < p {
					ms = append(ms, id)
				}
			}
			groups = append(groups, Group{ID: fmt.Sprintf("g%d", g), Members: ms})
		}
		var statuses []Status
		if rng.IntN(2) == 0 {
			levels := map[string][]Level{}
			for _, id := range ids {
				if rng.IntN(5) == 0 {
					continue // not classified
				}
				l := Level(3 + rng.IntN(2)) // two levels: unanimity is common
				levels[id] = []Level{l}
				if rng.IntN(6) == 0 {
					levels[id] = append(levels[id], Level(1+rng.IntN(4)))
				}
			}
			statuses = statusesOf(Hersey, levels)
		}
		k := 3 + rng.IntN(3)
		ds, err := PublishGroups(groups, statuses, GroupRules{MinGroup: k})
		require.NoError(t, err)
		again, err := PublishGroups(groups, statuses, GroupRules{MinGroup: k})
		require.NoError(t, err)
		require.Equal(t, ds, again, "deterministic")
		for i, d := range ds {
			require.Equal(t, groups[i].ID, d.ID)
			require.Equal(t, d.Published, d.Reason == "", "iteration %d: %+v", iter, d)
		}
		// Audit, skipping families with too many atoms to enumerate.
		masks := map[string]uint8{}
		for _, s := range statuses {
			masks[s.Employee] |= 1 << (s.Classification.Level - 1)
		}
		var pub [][]int32
		for i, g := range groups {
			if !ds[i].Published {
				continue
			}
			var set []int32
			for j, id := range ids {
				if slices.Contains(g.Members, id) && (statuses == nil || masks[id] != 0) {
					set = append(set, int32(j))
				}
			}
			pub = append(pub, set)
		}
		var category []uint8
		if statuses != nil {
			category = make([]uint8, n)
			for j, id := range ids {
				category[j] = masks[id]
			}
		}
		ok, err := anonymity.Audit(n, pub, category, k, 12)
		require.NoError(t, err, "iteration %d: groups %v decisions %v", iter, groups, ds)
		if ok {
			checked++
		}
	}
	require.Greater(t, checked, 150)
}

func TestJoinENPS(t *testing.T) {
	team := people(0, 8)
	// p00–p05 classified: levels 1, 2, 3, 4, 1, 2 (p06, p07 not yet).
	levels := spread(people(0, 6))
	levels["outsider"] = []Level{4} // not a member: ignored
	statuses := statusesOf(Hersey, levels)
	enps := GroupENPS{Score: 25, Respondents: 7}

	j, err := JoinENPS(Group{"team", team}, statuses, enps, GroupRules{})
	require.NoError(t, err)
	assert.Equal(t, ENPSJoin{
		Group:       "team",
		Model:       Hersey,
		Members:     6,
		ENPS:        25,
		Respondents: 7,
		LevelShares: [4]float64{2.0 / 6, 2.0 / 6, 1.0 / 6, 1.0 / 6},
		TopShare:    1.0 / 6,
	}, j)

	// Two tasks for one member: shares are over statuses, as in TeamView.
	two := statusesOf(SLII, map[string][]Level{"p00": {1, 4}, "p01": {2}, "p02": {3}, "p03": {4}, "p04": {4}})
	j, err = JoinENPS(Group{"t", people(0, 5)}, two, GroupENPS{Score: -10, Respondents: 5}, GroupRules{})
	require.NoError(t, err)
	assert.Equal(t, 5, j.Members)
	assert.Equal(t, SLII, j.Model)
	assert.Equal(t, [4]float64{1.0 / 6, 1.0 / 6, 1.0 / 6, 3.0 / 6}, j.LevelShares)
	assert.Equal(t, 0.5, j.TopShare)
}

func TestJoinENPSRefusals(t *testing.T) {
	team := Group{"team", people(0, 8)}
	mixed := statusesOf(Hersey, spread(people(0, 8)))
	allR4 := statusesOf(Hersey, map[string][]Level{"p00": {4}, "p01": {4}, "p02": {4}, "p03": {4}, "p04": {4}, "p05": {4}})
	ok := GroupENPS{Score: 30, Respondents: 8}
	tests := []struct {
		name     string
		group    Group
		statuses []Status
		enps     GroupENPS
		rules    GroupRules
		want     error // nil: joined
	}{
		{"both sides large enough", team, mixed, ok, GroupRules{}, nil},
		{"four classified members", team, statusesOf(Hersey, spread(people(0, 4))), ok, GroupRules{}, ErrTooSmall},
		{"four members in all", Group{"g", people(0, 4)}, mixed, ok, GroupRules{}, ErrTooSmall},
		{"nobody classified", team, nil, ok, GroupRules{}, ErrTooSmall},
		{"four respondents", team, mixed, GroupENPS{Score: 50, Respondents: 4}, GroupRules{}, ErrTooSmall},
		{"no respondents", team, mixed, GroupENPS{}, GroupRules{}, ErrTooSmall},
		{"four respondents, minimum 4", team, mixed, GroupENPS{Score: 50, Respondents: 4}, GroupRules{MinGroup: 4}, nil},
		{"six respondents, minimum 7", team, mixed, GroupENPS{Score: 50, Respondents: 6}, GroupRules{MinGroup: 7}, ErrTooSmall},
		{"everyone R4", team, allR4, ok, GroupRules{}, ErrUnanimous},
		{"everyone R4, homogeneous allowed", team, allR4, ok, GroupRules{PublishHomogeneous: true}, nil},
		{"eNPS +100", team, mixed, GroupENPS{Score: 100, Respondents: 6}, GroupRules{}, ErrUnanimous},
		{"eNPS −100", team, mixed, GroupENPS{Score: -100, Respondents: 6}, GroupRules{}, ErrUnanimous},
		{"eNPS +100, homogeneous allowed", team, mixed, GroupENPS{Score: 100, Respondents: 6}, GroupRules{PublishHomogeneous: true}, nil},
		{"eNPS above 100", team, mixed, GroupENPS{Score: 101, Respondents: 6}, GroupRules{}, ErrInvalidGroup},
		{"eNPS NaN", team, mixed, GroupENPS{Score: math.NaN(), Respondents: 6}, GroupRules{}, ErrInvalidGroup},
		{"negative respondents", team, mixed, GroupENPS{Score: 0, Respondents: -1}, GroupRules{}, ErrInvalidGroup},
		{"group without ID", Group{"", people(0, 8)}, mixed, ok, GroupRules{}, ErrInvalidGroup},
		{"minimum below the floor", team, mixed, ok, GroupRules{MinGroup: 2}, ErrInvalidThresholds},
		{"two statuses for one task", team, append(mixed, mixed[0]), ok, GroupRules{}, ErrInvalidAssessment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := JoinENPS(tt.group, tt.statuses, tt.enps, tt.rules)
			if tt.want == nil {
				require.NoError(t, err)
				assert.Equal(t, tt.group.ID, j.Group)
				return
			}
			require.ErrorIs(t, err, tt.want)
			assert.Equal(t, ENPSJoin{}, j)
		})
	}
}
