package maturity

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/servicekultur/servicekultur/internal/anonymity"
)

// Sentinel errors of the group rules.
var (
	// ErrTooSmall reports a group result, or one side of an eNPS join,
	// that rests on fewer people than the minimum group.
	ErrTooSmall = errors.New("maturity: group below the minimum size")
	// ErrUnanimous reports a group result that would tell everyone what
	// each member's result is: every member at the same levels, or an
	// eNPS of +100 or −100.
	ErrUnanimous = errors.New("maturity: group result is unanimous")
	// ErrInvalidGroup reports a group without ID, with an empty member ID,
	// a repeated group ID, or a group eNPS off −100…100 or with a negative
	// respondent count.
	ErrInvalidGroup = errors.New("maturity: invalid group")
)

// Defaults and floor of the minimum group, as in enps.
const (
	defaultMinGroup = 5
	minGroupFloor   = 3
)

// GroupRules are the anonymity rules for group results shown to anyone
// other than the employees' leader and HR: the minimum-group rules of
// enps, applied by the same engine. The zero GroupRules are the defaults.
type GroupRules struct {
	// MinGroup is k, the fewest people behind any group result shown, and
	// the fewest any subtraction of shown groups may isolate: 5 when zero,
	// never below 3 (an error wrapping [ErrInvalidThresholds]).
	MinGroup int `json:"minGroup,omitempty"`
	// PublishHomogeneous shows group results whose members are all at the
	// same levels (and, in [JoinENPS], an eNPS of ±100). By default they
	// are withheld: a team view showing "100% R4" tells everyone who knows
	// the team each member's level.
	PublishHomogeneous bool `json:"publishHomogeneous,omitempty"`
}

func (r GroupRules) withDefaults() (GroupRules, error) {
	if r.MinGroup == 0 {
		r.MinGroup = defaultMinGroup
	}
	if r.MinGroup < minGroupFloor {
		return r, fmt.Errorf("%w: minimum group %d is below %d", ErrInvalidThresholds, r.MinGroup, minGroupFloor)
	}
	return r, nil
}

// Validate reports a minimum group below 3 as an error wrapping
// [ErrInvalidThresholds].
func (r GroupRules) Validate() error {
	_, err := r.withDefaults()
	return err
}

// Group is a set of employees whose results are reported together: a
// team, a department, a filter. Members are employee IDs; repeats count
// once.
type Group struct {
	ID      string   `json:"id"`
	Members []string `json:"members"`
}

// GroupDecision says whether a group's result may be shown to people other
// than the leader and HR.
type GroupDecision struct {
	ID        string `json:"id"`
	Published bool   `json:"published"`
	// Reason is why a group is withheld, "" when it is published:
	//   - "no data": nobody the result could rest on;
	//   - "below minimum": fewer than MinGroup people;
	//   - "complementary": subtracting it from, or adding it to, other
	//     shown groups would isolate fewer than MinGroup people (a parent
	//     minus its child, say);
	//   - "differencing": it differs from another shown group by 1 to
	//     MinGroup − 1 people;
	//   - "homogeneous": its members, or those of a group derivable from
	//     the shown ones, are all at the same levels.
	Reason string `json:"reason,omitempty"`
}

// reasonNoData is the reason for a group with nobody to rest on.
const reasonNoData = "no data"

// PublishGroups decides which groups' results may be shown to people other
// than the leader and HR. It decides all groups together, since groups are
// shown together: a parent and a child that differ by two people would
// reveal those two by subtraction, so one of them is withheld. The rules
// are those of enps (domain notes §3.4): minimum group, complementary
// suppression of every group derivable by adding and subtracting shown
// groups, differencing, and (by default) homogeneity. Decisions are
// deterministic and come in the order of groups.
//
// statuses are what the groups' results are computed from, typically
// [Current]'s. With statuses, a group's result rests on its members that
// have at least one status, and a group whose members all have the same
// set of levels — or a group derivable from the shown ones that does — is
// withheld as homogeneous unless rules.PublishHomogeneous. Statuses of
// people in no group are validated and otherwise ignored. With nil
// statuses, for results computed
// from every member (checklist shares, say), a group rests on all its
// members and homogeneity is not checked.
//
// A group without ID, a repeated ID or an empty member ID is an error
// wrapping [ErrInvalidGroup]; a status with an invalid level, or statuses
// of both models, an error wrapping [ErrInvalidModel].
func PublishGroups(groups []Group, statuses []Status, rules GroupRules) ([]GroupDecision, error) {
	rules, err := rules.withDefaults()
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(groups))
	for _, g := range groups {
		if g.ID == "" {
			return nil, fmt.Errorf("%w: group without ID", ErrInvalidGroup)
		}
		if ids[g.ID] {
			return nil, fmt.Errorf("%w: group %q given twice", ErrInvalidGroup, g.ID)
		}
		ids[g.ID] = true
		if slices.Contains(g.Members, "") {
			return nil, fmt.Errorf("%w: group %q has an empty member ID", ErrInvalidGroup, g.ID)
		}
	}
	// levels holds each classified employee's set of levels as a bit mask
	// (bit l−1 for level l), which is its category: equal masks across a
	// group mean its distribution tells everyone each member's levels.
	var levels map[string]uint8
	if statuses != nil {
		levels = make(map[string]uint8)
		for i, s := range statuses {
			cl := s.Classification
			switch {
			case !cl.Model.Valid() || !cl.Level.Valid():
				return nil, fmt.Errorf("%w: %s/%s has level %s", ErrInvalidModel, s.Employee, s.Task, cl.Label())
			case cl.Model != statuses[0].Classification.Model:
				return nil, fmt.Errorf("%w: statuses mix %s and %s levels (status %d)", ErrInvalidModel, statuses[0].Classification.Model, cl.Model, i)
			}
			levels[s.Employee] |= 1 << (cl.Level - 1)
		}
	}
	// The people each group rests on, and an index for every one of them.
	rests := make([][]string, len(groups))
	var people []string
	for i, g := range groups {
		for _, m := range g.Members {
			if levels == nil || levels[m] != 0 {
				rests[i] = append(rests[i], m)
			}
		}
		slices.Sort(rests[i])
		rests[i] = slices.Compact(rests[i])
		people = append(people, rests[i]...)
	}
	slices.Sort(people)
	people = slices.Compact(people)
	sets := make([][]int32, len(groups))
	for i, ms := range rests {
		for _, m := range ms {
			j, _ := slices.BinarySearch(people, m)
			sets[i] = append(sets[i], int32(j))
		}
	}
	var category []uint8
	if levels != nil {
		category = make([]uint8, len(people))
		for j, m := range people {
			category[j] = levels[m]
		}
	}
	reasons := anonymity.Decide(len(people), sets, category, anonymity.Rules{K: rules.MinGroup, PublishHomogeneous: rules.PublishHomogeneous})
	out := make([]GroupDecision, len(groups))
	for i, g := range groups {
		d := GroupDecision{ID: g.ID, Published: reasons[i] == 0 && len(sets[i]) > 0, Reason: reasons[i].String()}
		if len(sets[i]) == 0 {
			d.Reason = reasonNoData
		}
		out[i] = d
	}
	return out, nil
}

// GroupENPS is a group's eNPS as a group-level number, −100 to 100, with
// the number of respondents behind it: what enps publishes for a cell,
// never individual answers.
type GroupENPS struct {
	Score       float64 `json:"score"`
	Respondents int     `json:"respondents"`
}

// ENPSJoin is a group's eNPS next to its maturity distribution: the seed's
// "et godt støtteværktøj" for work on psychological job maturity, at group
// level only.
type ENPSJoin struct {
	Group string `json:"group"`
	Model Model  `json:"model"`
	// Members is the number of members with a status, the people the level
	// shares rest on.
	Members int `json:"members"`
	// ENPS and Respondents are the group's eNPS and its respondent count.
	ENPS        float64 `json:"enps"`
	Respondents int     `json:"respondents"`
	// LevelShares are the shares of the members' statuses at each level,
	// index 0 (R1 or D1) to 3 (the top level), as in [TeamView].
	LevelShares [4]float64 `json:"levelShares"`
	// TopShare is the share at the top level, R4 or D4.
	TopShare float64 `json:"topShare"`
}

// JoinENPS puts a group's eNPS next to the maturity distribution of its
// members, from the statuses of group members (statuses of others are
// ignored). There is no per-person join, and none is possible through
// this package: anonymous eNPS answers are never joined to individual
// maturity records, only a group's eNPS to the same group's distribution.
//
// The join is refused, with an error wrapping [ErrTooSmall], when either
// side rests on fewer than rules.MinGroup people: fewer members with a
// status, or fewer eNPS respondents. It is refused with an error wrapping
// [ErrUnanimous], unless rules.PublishHomogeneous, when every member has
// the same set of levels or the eNPS is +100 or −100 (an all-passive 0
// cannot be told from a mixed one here, so pass a score enps has
// published under its own rules).
//
// JoinENPS judges one group on its own. When joins of several overlapping
// groups are shown to one audience, decide which groups may be shown with
// [PublishGroups] first and join only those.
//
// Invalid input is an error wrapping [ErrInvalidGroup], [ErrInvalidModel],
// [ErrInvalidAssessment] (two statuses for one employee and task) or
// [ErrInvalidThresholds].
func JoinENPS(group Group, statuses []Status, enps GroupENPS, rules GroupRules) (ENPSJoin, error) {
	if math.IsNaN(enps.Score) || enps.Score < -100 || enps.Score > 100 || enps.Respondents < 0 {
		return ENPSJoin{}, fmt.Errorf("%w: eNPS %v from %d respondents", ErrInvalidGroup, enps.Score, enps.Respondents)
	}
	members := make(map[string]bool, len(group.Members))
	for _, m := range group.Members {
		members[m] = true
	}
	var own []Status
	for _, s := range statuses {
		if members[s.Employee] {
			own = append(own, s)
		}
	}
	if own == nil {
		own = []Status{} // never nil: nil asks PublishGroups not to look at levels
	}
	decisions, err := PublishGroups([]Group{group}, own, rules)
	if err != nil {
		return ENPSJoin{}, err
	}
	view, err := Team(own, nil)
	if err != nil {
		return ENPSJoin{}, err
	}
	rules, _ = rules.withDefaults() // validated by PublishGroups
	switch d := decisions[0]; d.Reason {
	case "":
	case anonymity.Homogeneous.String():
		return ENPSJoin{}, fmt.Errorf("%w: every member of %q has the same levels", ErrUnanimous, group.ID)
	default:
		return ENPSJoin{}, fmt.Errorf("%w: the maturity side of %q rests on fewer than %d people (%s)", ErrTooSmall, group.ID, rules.MinGroup, d.Reason)
	}
	switch {
	case enps.Respondents < rules.MinGroup:
		return ENPSJoin{}, fmt.Errorf("%w: the eNPS of %q rests on %d respondents, fewer than %d", ErrTooSmall, group.ID, enps.Respondents, rules.MinGroup)
	case (enps.Score == 100 || enps.Score == -100) && !rules.PublishHomogeneous:
		return ENPSJoin{}, fmt.Errorf("%w: the eNPS of %q is %v", ErrUnanimous, group.ID, enps.Score)
	}
	people := make(map[string]bool)
	for _, s := range own {
		people[s.Employee] = true
	}
	return ENPSJoin{
		Group:       group.ID,
		Model:       view.Model,
		Members:     len(people),
		ENPS:        enps.Score,
		Respondents: enps.Respondents,
		LevelShares: view.Shares,
		TopShare:    view.TopShare,
	}, nil
}
