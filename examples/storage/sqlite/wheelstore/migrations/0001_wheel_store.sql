-- wheelstore: assessments and responses of wheel.Store. Instants are
-- INTEGER Unix nanoseconds, NULL for the zero time; strings are compared
-- and ordered byte by byte (BINARY collation).

-- An assessment. Its framework is a JSON object as encoding/json writes
-- wheel.Framework; scale labels, items and units are JSON arrays, owners a
-- JSON object (dimension ID → owner).
CREATE TABLE wheel_assessments (
	id           TEXT    NOT NULL PRIMARY KEY,
	at           INTEGER,           -- NULL: the zero time
	framework    TEXT    NOT NULL CHECK (json_type(framework) = 'object'),
	scale_min    INTEGER NOT NULL,
	scale_max    INTEGER NOT NULL,
	scale_labels TEXT    NOT NULL CHECK (json_type(scale_labels) = 'array'),
	items        TEXT    NOT NULL CHECK (json_type(items) = 'array'),
	units        TEXT    NOT NULL CHECK (json_type(units) = 'array'),
	owners       TEXT    NOT NULL CHECK (json_type(owners) = 'object')
) STRICT;

CREATE INDEX wheel_assessments_by_at ON wheel_assessments (at, id);

-- One response per (assessment, respondent).
CREATE TABLE wheel_responses (
	assessment TEXT    NOT NULL REFERENCES wheel_assessments (id),
	respondent TEXT    NOT NULL CHECK (respondent <> ''),
	role       INTEGER NOT NULL CHECK (role BETWEEN 1 AND 3),
	unit       TEXT    NOT NULL,  -- '' for none
	at         INTEGER,           -- NULL: the zero time
	PRIMARY KEY (assessment, respondent)
) STRICT, WITHOUT ROWID;

CREATE INDEX wheel_responses_by_at ON wheel_responses (assessment, at, respondent);

-- A response's answers, one row each: to an item (importance = 0, key the
-- item ID) or rating a dimension's importance (importance = 1, key the
-- dimension ID). "Not applicable" is na = 1, told apart from the value 0;
-- value keeps whatever the answer held.
CREATE TABLE wheel_answers (
	assessment TEXT    NOT NULL,
	respondent TEXT    NOT NULL,
	importance INTEGER NOT NULL CHECK (importance IN (0, 1)),
	key        TEXT    NOT NULL,
	value      INTEGER NOT NULL,
	na         INTEGER NOT NULL CHECK (na IN (0, 1)),
	PRIMARY KEY (assessment, respondent, importance, key),
	FOREIGN KEY (assessment, respondent) REFERENCES wheel_responses (assessment, respondent) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
