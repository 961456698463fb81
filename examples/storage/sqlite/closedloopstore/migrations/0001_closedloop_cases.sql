-- closedloop cases: one row per case. Instants are INTEGER Unix
-- nanoseconds, NULL for the zero time; durations INTEGER nanoseconds; the
-- lists of a case are JSON arrays.
CREATE TABLE closedloop_cases (
	id               TEXT    NOT NULL PRIMARY KEY,
	response_id      TEXT    NOT NULL UNIQUE,   -- one case per response
	version          INTEGER NOT NULL CHECK (version >= 1),  -- optimistic concurrency
	customer         TEXT    NOT NULL,
	touchpoint       TEXT    NOT NULL,
	owner            TEXT    NOT NULL,
	team             TEXT    NOT NULL,
	rating           INTEGER NOT NULL,
	comment          TEXT    NOT NULL,
	received_at      INTEGER NOT NULL,
	opened_at        INTEGER NOT NULL,
	policy_id        TEXT    NOT NULL,
	clock            INTEGER NOT NULL,
	target           INTEGER NOT NULL,
	max_attempts     INTEGER NOT NULL,
	reminder_at      INTEGER,
	due_at           INTEGER NOT NULL,
	escalate_at      INTEGER,
	state            INTEGER NOT NULL,
	paused_at        INTEGER,
	used             INTEGER NOT NULL,
	run_from         INTEGER,
	first_contact_at INTEGER,
	contacted_by     TEXT    NOT NULL,
	closed_at        INTEGER,
	outcome          INTEGER NOT NULL,
	follow_up        INTEGER,                   -- NULL: no follow-up rating
	notices          INTEGER NOT NULL,
	claim            TEXT    NOT NULL,
	claim_until      INTEGER,
	next_action_at   INTEGER,                   -- Case.NextAction, NULL when none
	responses        TEXT    NOT NULL,          -- JSON arrays from here on
	employees        TEXT    NOT NULL,
	root_causes      TEXT    NOT NULL,
	attempts         TEXT    NOT NULL,
	history          TEXT    NOT NULL
) STRICT;

-- The order of Cases, and time ranges.
CREATE INDEX closedloop_cases_received ON closedloop_cases (received_at, id);
-- Due touches only the cases that have a next action.
CREATE INDEX closedloop_cases_due ON closedloop_cases (next_action_at, id) WHERE next_action_at IS NOT NULL;
-- A customer's cases (the engine's look-up before surveying or opening).
CREATE INDEX closedloop_cases_customer ON closedloop_cases (customer, received_at, id);
CREATE INDEX closedloop_cases_owner ON closedloop_cases (owner, received_at);
CREATE INDEX closedloop_cases_team ON closedloop_cases (team, received_at);
