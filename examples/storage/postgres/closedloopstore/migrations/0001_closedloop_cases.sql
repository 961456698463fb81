-- closedloop cases: one row per case. The case itself is the JSON
-- document doc (closedloop.Case as encoding/json writes it, Version left
-- out); the columns beside it are copied from it on every write, for the
-- queries: the unique response, the filters of CaseFilter, the order of
-- Cases, and the next action that Due selects by. Text columns use the "C"
-- collation, so IDs sort byte by byte, as Go's < on strings does.
--
-- doc is json, not jsonb: no query looks inside it, and json is stored and
-- returned as written, where jsonb is parsed into its binary form on every
-- write and printed back on every read, which costs the server much more
-- for a case with a long history.
CREATE TABLE closedloop_cases (
	id          text COLLATE "C" NOT NULL PRIMARY KEY,
	response_id text COLLATE "C" NOT NULL,
	customer    text COLLATE "C" NOT NULL,
	owner       text COLLATE "C" NOT NULL,
	team        text COLLATE "C" NOT NULL,
	touchpoint  text COLLATE "C" NOT NULL,
	state       smallint         NOT NULL,
	-- ReceivedAt: Unix seconds and the nanoseconds within them.
	received_s  bigint           NOT NULL,
	received_ns integer          NOT NULL CHECK (received_ns BETWEEN 0 AND 999999999),
	-- Case.NextAction, the same way; NULL when the case has none.
	next_s      bigint,
	next_ns     integer CHECK (next_ns BETWEEN 0 AND 999999999),
	version     bigint           NOT NULL CHECK (version >= 1), -- optimistic concurrency
	doc         json             NOT NULL,
	CONSTRAINT closedloop_cases_response_key UNIQUE (response_id), -- one case per response
	CHECK ((next_s IS NULL) = (next_ns IS NULL))
);

-- Due: only the cases with a next action, in its order.
CREATE INDEX closedloop_cases_due ON closedloop_cases (next_s, next_ns, id) WHERE next_s IS NOT NULL;
-- Cases: the order of receipt, and a customer's cases in that order.
CREATE INDEX closedloop_cases_received ON closedloop_cases (received_s, received_ns, id);
CREATE INDEX closedloop_cases_customer ON closedloop_cases (customer, received_s, received_ns, id);
-- An owner's or a team's cases.
CREATE INDEX closedloop_cases_owner ON closedloop_cases (owner, state);
CREATE INDEX closedloop_cases_team ON closedloop_cases (team, state);
