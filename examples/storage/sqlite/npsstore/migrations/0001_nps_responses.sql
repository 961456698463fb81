-- nps responses: one row per response, with the employees and labels in
-- side tables so that filters on them use an index.
CREATE TABLE nps_responses (
	id         TEXT    NOT NULL PRIMARY KEY,  -- BINARY collation: byte order, as Go's <
	rating     INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
	at         INTEGER NOT NULL,              -- Unix nanoseconds (UTC instant)
	customer   TEXT    NOT NULL,
	touchpoint TEXT    NOT NULL,
	unit       TEXT    NOT NULL,
	channel    TEXT    NOT NULL,
	comment    TEXT    NOT NULL,
	weight     REAL    NOT NULL CHECK (weight >= 0)  -- 0: unweighted
) STRICT;

-- The order of Responses, and time ranges.
CREATE INDEX nps_responses_at ON nps_responses (at, id);
CREATE INDEX nps_responses_touchpoint ON nps_responses (touchpoint, at);
CREATE INDEX nps_responses_unit ON nps_responses (unit, at);

-- The employees of a response, in their order.
CREATE TABLE nps_response_employees (
	response_id TEXT    NOT NULL REFERENCES nps_responses (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	employee    TEXT    NOT NULL,
	PRIMARY KEY (response_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX nps_response_employees_employee ON nps_response_employees (employee, response_id);

-- The labels of a response.
CREATE TABLE nps_response_labels (
	response_id TEXT NOT NULL REFERENCES nps_responses (id) ON DELETE CASCADE,
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	PRIMARY KEY (response_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX nps_response_labels_key ON nps_response_labels (key, value, response_id);
