-- enpsstore: waves, responses, running counts and the publication ledger
-- of enps.Store, enps.Counter and enps.Ledger. Instants are INTEGER Unix
-- nanoseconds (NULL for the zero time where one is allowed); strings are
-- compared and ordered byte by byte (BINARY collation).

-- A wave's snapshot. The org tree, population and items are JSON arrays of
-- enps.Unit, enps.Member and enps.Item as encoding/json writes them.
CREATE TABLE enps_waves (
	id            TEXT    NOT NULL PRIMARY KEY,
	opens         INTEGER NOT NULL,
	closes        INTEGER,          -- NULL: open-ended (rolling)
	mode          INTEGER NOT NULL CHECK (mode IN (0, 1)),
	scale_min     INTEGER NOT NULL,
	scale_max     INTEGER NOT NULL,
	detractor_max INTEGER NOT NULL,
	passive_max   INTEGER NOT NULL,
	question      TEXT    NOT NULL,
	units         TEXT    NOT NULL CHECK (json_type(units) = 'array'),
	population    TEXT    NOT NULL CHECK (json_type(population) = 'array'),
	items         TEXT    NOT NULL CHECK (json_type(items) = 'array'),
	CHECK (closes IS NULL OR closes > opens)
) STRICT;

CREATE INDEX enps_waves_by_opens ON enps_waves (opens, id);

-- One answer, keyed by (wave, respondent token, instant). Attributes and
-- item answers are JSON objects (name → value, item ID → answer).
CREATE TABLE enps_responses (
	wave       TEXT    NOT NULL REFERENCES enps_waves (id),
	respondent BLOB    NOT NULL CHECK (length(respondent) = 16),
	at         INTEGER NOT NULL,
	unit       TEXT    NOT NULL CHECK (unit <> ''),
	attributes TEXT    NOT NULL CHECK (json_type(attributes) = 'object'),
	rating     INTEGER NOT NULL,
	comment    TEXT    NOT NULL,
	items      TEXT    NOT NULL CHECK (json_type(items) = 'object'),
	PRIMARY KEY (wave, respondent, at)
) STRICT, WITHOUT ROWID;

CREATE INDEX enps_responses_by_at ON enps_responses (wave, at, respondent);

-- Running counts of responses per (wave, unit, rating), kept by the
-- triggers below in the transaction of every insert, delete or update of a
-- response. A unit's rows go when its last response goes.
CREATE TABLE enps_counts (
	wave   TEXT    NOT NULL REFERENCES enps_waves (id),
	unit   TEXT    NOT NULL,
	rating INTEGER NOT NULL,
	n      INTEGER NOT NULL CHECK (n >= 0),
	PRIMARY KEY (wave, unit, rating)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER enps_counts_insert AFTER INSERT ON enps_responses BEGIN
	INSERT INTO enps_counts (wave, unit, rating, n) VALUES (NEW.wave, NEW.unit, NEW.rating, 1)
		ON CONFLICT (wave, unit, rating) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER enps_counts_delete AFTER DELETE ON enps_responses BEGIN
	UPDATE enps_counts SET n = n - 1
		WHERE wave = OLD.wave AND unit = OLD.unit AND rating = OLD.rating;
	DELETE FROM enps_counts
		WHERE wave = OLD.wave AND unit = OLD.unit AND rating = OLD.rating AND n = 0;
END;

CREATE TRIGGER enps_counts_update AFTER UPDATE OF wave, unit, rating ON enps_responses BEGIN
	UPDATE enps_counts SET n = n - 1
		WHERE wave = OLD.wave AND unit = OLD.unit AND rating = OLD.rating;
	DELETE FROM enps_counts
		WHERE wave = OLD.wave AND unit = OLD.unit AND rating = OLD.rating AND n = 0;
	INSERT INTO enps_counts (wave, unit, rating, n) VALUES (NEW.wave, NEW.unit, NEW.rating, 1)
		ON CONFLICT (wave, unit, rating) DO UPDATE SET n = n + 1;
END;

-- The ledger of publications, append-only: seq is the order recorded.
-- The wave need not be stored (a ledger may outlive its waves' rows).
CREATE TABLE enps_publications (
	seq      INTEGER PRIMARY KEY AUTOINCREMENT,
	audience TEXT    NOT NULL,
	wave     TEXT    NOT NULL CHECK (wave <> ''),
	at       INTEGER            -- NULL: the zero time
) STRICT;

CREATE INDEX enps_publications_by_audience ON enps_publications (audience, seq);

-- A publication's cells in their order; respondents are the cell's tokens,
-- 16 bytes each, concatenated in ascending order.
CREATE TABLE enps_published_cells (
	publication INTEGER NOT NULL REFERENCES enps_publications (seq),
	pos         INTEGER NOT NULL,
	key         TEXT    NOT NULL CHECK (key <> ''),
	respondents BLOB    NOT NULL CHECK (length(respondents) % 16 = 0),
	PRIMARY KEY (publication, pos)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER enps_publications_no_update BEFORE UPDATE ON enps_publications BEGIN
	SELECT RAISE(ABORT, 'enps_publications is append-only');
END;
CREATE TRIGGER enps_publications_no_delete BEFORE DELETE ON enps_publications BEGIN
	SELECT RAISE(ABORT, 'enps_publications is append-only');
END;
CREATE TRIGGER enps_published_cells_no_update BEFORE UPDATE ON enps_published_cells BEGIN
	SELECT RAISE(ABORT, 'enps_published_cells is append-only');
END;
CREATE TRIGGER enps_published_cells_no_delete BEFORE DELETE ON enps_published_cells BEGIN
	SELECT RAISE(ABORT, 'enps_published_cells is append-only');
END;
