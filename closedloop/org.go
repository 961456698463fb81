package closedloop

import (
	"context"
	"fmt"
	"maps"
)

// Org is the organisation the engine routes cases in and escalates along,
// implemented by the host over its HR data. Methods take a context first
// and must be safe for concurrent use.
//
// CustomerFacing reports whether an employee may own follow-up cases: in
// the first phase only employees with direct customer contact do, and
// cases for anyone else go to the team leader. LeaderOf returns a
// person's leader, "" at the top. TeamLeader returns a team's leader, ""
// if it has none.
type Org interface {
	CustomerFacing(ctx context.Context, employee string) (bool, error)
	LeaderOf(ctx context.Context, person string) (string, error)
	TeamLeader(ctx context.Context, team string) (string, error)
}

// StaticOrg is an [Org] held in memory. A nil Roster lets every employee own
// cases. It is safe for concurrent use as long as its maps are not changed
// while in use.
type StaticOrg struct {
	// Roster lists the customer-facing employees who may own cases; nil
	// means everyone may.
	Roster map[string]bool
	// Leaders maps a person to their leader.
	Leaders map[string]string
	// TeamLeaders maps a team to its leader.
	TeamLeaders map[string]string
}

var _ Org = StaticOrg{}

// CustomerFacing implements [Org].
func (o StaticOrg) CustomerFacing(ctx context.Context, employee string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	return o.Roster == nil || o.Roster[employee], nil
}

// LeaderOf implements [Org].
func (o StaticOrg) LeaderOf(ctx context.Context, person string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return o.Leaders[person], nil
}

// TeamLeader implements [Org].
func (o StaticOrg) TeamLeader(ctx context.Context, team string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return o.TeamLeaders[team], nil
}

// Clone returns a copy of the org whose maps can be changed independently.
func (o StaticOrg) Clone() StaticOrg {
	return StaticOrg{Roster: maps.Clone(o.Roster), Leaders: maps.Clone(o.Leaders), TeamLeaders: maps.Clone(o.TeamLeaders)}
}

// route picks the owner of a case: the first of the responsible employees
// who is customer-facing, otherwise the team's leader. routed reports that
// the case went to the team leader.
func route(ctx context.Context, org Org, employees []string, team string) (owner string, routed bool, err error) {
	for _, e := range employees {
		ok, err := org.CustomerFacing(ctx, e)
		if err != nil {
			return "", false, fmt.Errorf("closedloop: roster lookup for %q: %w", e, err)
		}
		if ok {
			return e, false, nil
		}
	}
	lead, err := org.TeamLeader(ctx, team)
	if err != nil {
		return "", false, fmt.Errorf("closedloop: team leader of %q: %w", team, err)
	}
	if lead == "" {
		return "", false, fmt.Errorf("%w: no customer-facing employee among %q and no leader for team %q",
			ErrNoOwner, employees, team)
	}
	return lead, true, nil
}
