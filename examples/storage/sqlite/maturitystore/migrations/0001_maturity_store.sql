-- maturitystore: the records of maturity.Store and of its optional
-- ChecklistStore, CultureStore, ContentStore and LEADStore. Instants are
-- INTEGER Unix nanoseconds; strings are compared and ordered byte by byte
-- (BINARY collation); raters, sources, styles, items, stances, kinds and
-- forms are the numbers of their Go constants, so they order as numbers.
--
-- Scores and scale bounds are float64 kept to the last bit: a column of
-- type REAL would store an integral value as an integer and give -0 back
-- as +0, so they are ANY columns that must hold a REAL.

CREATE TABLE maturity_assessments (
	employee   TEXT    NOT NULL CHECK (employee <> ''),
	task       TEXT    NOT NULL CHECK (task <> ''),
	rater      INTEGER NOT NULL CHECK (rater BETWEEN 1 AND 255),
	at         INTEGER NOT NULL,
	rated_by   TEXT    NOT NULL,
	scale_min  ANY     NOT NULL CHECK (typeof(scale_min) = 'real'),
	scale_max  ANY     NOT NULL CHECK (typeof(scale_max) = 'real'),
	competence ANY     NOT NULL CHECK (typeof(competence) = 'real'),
	commitment ANY     NOT NULL CHECK (typeof(commitment) = 'real'),
	PRIMARY KEY (employee, task, rater, at)
) STRICT, WITHOUT ROWID;

CREATE INDEX maturity_assessments_by_at ON maturity_assessments (at, employee, task, rater);

CREATE TABLE maturity_observations (
	leader   TEXT    NOT NULL CHECK (leader <> ''),
	employee TEXT    NOT NULL CHECK (employee <> ''),
	task     TEXT    NOT NULL CHECK (task <> ''),
	source   INTEGER NOT NULL CHECK (source BETWEEN 1 AND 255),
	at       INTEGER NOT NULL,
	style    INTEGER NOT NULL CHECK (style BETWEEN 1 AND 255),
	PRIMARY KEY (leader, employee, task, source, at)
) STRICT, WITHOUT ROWID;

CREATE INDEX maturity_observations_by_at ON maturity_observations (at, leader, employee, task, source);
CREATE INDEX maturity_observations_by_employee ON maturity_observations (employee);

-- ChecklistStore: the key is the whole record.
CREATE TABLE maturity_checklist (
	employee TEXT    NOT NULL CHECK (employee <> ''),
	item     INTEGER NOT NULL CHECK (item BETWEEN 1 AND 255),
	at       INTEGER NOT NULL,
	PRIMARY KEY (employee, item, at)
) STRICT, WITHOUT ROWID;

CREATE INDEX maturity_checklist_by_at ON maturity_checklist (at, employee, item);

-- CultureStore: one stance per subject and instant.
CREATE TABLE maturity_stances (
	subject TEXT    NOT NULL CHECK (subject <> ''),
	at      INTEGER NOT NULL,
	stance  INTEGER NOT NULL CHECK (stance BETWEEN 1 AND 255),
	PRIMARY KEY (subject, at)
) STRICT, WITHOUT ROWID;

CREATE INDEX maturity_stances_by_at ON maturity_stances (at, subject);

-- ContentStore: role starts (one role per employee and instant) and
-- refreshes (the key is the whole record).
CREATE TABLE maturity_role_starts (
	employee TEXT    NOT NULL CHECK (employee <> ''),
	at       INTEGER NOT NULL,
	role     TEXT    NOT NULL,  -- '' for none
	PRIMARY KEY (employee, at)
) STRICT, WITHOUT ROWID;

CREATE TABLE maturity_refreshes (
	employee TEXT    NOT NULL CHECK (employee <> ''),
	kind     INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 255),
	at       INTEGER NOT NULL,
	PRIMARY KEY (employee, kind, at)
) STRICT, WITHOUT ROWID;

CREATE INDEX maturity_refreshes_by_at ON maturity_refreshes (employee, at, kind);

-- LEADStore: answers are the 12 letters A–D in situation order.
CREATE TABLE maturity_leads (
	leader  TEXT    NOT NULL CHECK (leader <> ''),
	form    INTEGER NOT NULL CHECK (form BETWEEN 1 AND 255),
	rater   TEXT    NOT NULL CHECK (rater <> ''),
	at      INTEGER NOT NULL,
	answers TEXT    NOT NULL CHECK (length(answers) = 12 AND answers NOT GLOB '*[^ABCD]*'),
	PRIMARY KEY (leader, form, rater, at)
) STRICT, WITHOUT ROWID;

CREATE INDEX maturity_leads_by_at ON maturity_leads (at, leader, form, rater);
