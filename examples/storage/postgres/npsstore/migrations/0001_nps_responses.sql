-- nps responses: one row per response. Text columns use the "C" collation,
-- so IDs sort byte by byte, as Go's < on strings does, and compare exactly.

-- Numbers the rows in the order they were inserted; Responses reads only
-- the rows numbered before it started (see npsstore's documentation).
-- CACHE 1 (the default) keeps the numbers in the order they were handed
-- out across sessions.
CREATE SEQUENCE nps_response_seq AS bigint CACHE 1;

CREATE TABLE nps_responses (
	id         text COLLATE "C"   NOT NULL PRIMARY KEY,
	rating     smallint           NOT NULL CHECK (rating BETWEEN 0 AND 10),
	at_s       bigint             NOT NULL, -- the instant: Unix seconds
	at_ns      integer            NOT NULL CHECK (at_ns BETWEEN 0 AND 999999999), -- and nanoseconds within it
	customer   text COLLATE "C"   NOT NULL,
	touchpoint text COLLATE "C"   NOT NULL,
	unit       text COLLATE "C"   NOT NULL,
	channel    text COLLATE "C"   NOT NULL,
	comment    text COLLATE "C"   NOT NULL,
	weight     double precision   NOT NULL CHECK (weight >= 0), -- 0: unweighted
	employees  text[] COLLATE "C" NOT NULL, -- in their order
	labels     jsonb              NOT NULL CHECK (jsonb_typeof(labels) = 'object'), -- string to string
	seq        bigint             NOT NULL DEFAULT nextval('nps_response_seq')
);
ALTER SEQUENCE nps_response_seq OWNED BY nps_responses.seq;

-- The order of Responses, and time ranges.
CREATE INDEX nps_responses_at ON nps_responses (at_s, at_ns, id);
CREATE INDEX nps_responses_touchpoint ON nps_responses (touchpoint, at_s, at_ns);
CREATE INDEX nps_responses_unit ON nps_responses (unit, at_s, at_ns);
-- employees && $1 and labels @> $1.
CREATE INDEX nps_responses_employees ON nps_responses USING gin (employees);
CREATE INDEX nps_responses_labels ON nps_responses USING gin (labels jsonb_path_ops);
