-- Workforce Explorer storage schema, version 2: these tables and the tallies
-- (queries/tallies/tables.sql; version 1 had only these tables).
-- The import writes these tables; the explorer only ever reads them (attached READ_ONLY).

CREATE TABLE schema_info (
    key   VARCHAR PRIMARY KEY,          -- 'schema_version', 'application'
    value VARCHAR NOT NULL
);

CREATE TABLE waves (
    wave        INTEGER PRIMARY KEY,     -- survey year, e.g. 2023
    title       VARCHAR NOT NULL,        -- survey title from the codebook
    publisher   VARCHAR,
    ics         VARCHAR,                 -- integrated care system that ran the survey
    source_file VARCHAR,                 -- name (not path) of the export it came from
    imported_at TIMESTAMP,
    note        VARCHAR                  -- e.g. "SYNTHETIC sample data …"
);

CREATE TABLE roles (
    role       VARCHAR PRIMARY KEY,      -- SPLW, CC, HWC
    label      VARCHAR NOT NULL,         -- as shown: SPLW, CC, H&WC
    name       VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);

-- Headcount of each role per wave: the denominator of the response rate.
CREATE TABLE role_workforce (
    wave      INTEGER NOT NULL,
    role      VARCHAR NOT NULL,
    workforce INTEGER,
    PRIMARY KEY (wave, role)
);

CREATE TABLE localities (
    locality   VARCHAR PRIMARY KEY,
    ics        VARCHAR NOT NULL,         -- integrated care system, e.g. Greater Manchester
    sort_order INTEGER NOT NULL
);

CREATE TABLE respondents (
    wave          INTEGER NOT NULL,
    role          VARCHAR NOT NULL,
    respondent_id VARCHAR NOT NULL,      -- the export's own id; never a name or email
    locality      VARCHAR,               -- NULL when not answered
    tenure        VARCHAR,
    employment    VARCHAR,
    employer      VARCHAR,
    PRIMARY KEY (wave, role, respondent_id)
);

-- The codebook as asked in each wave.
CREATE TABLE questions (
    wave        INTEGER NOT NULL,
    role        VARCHAR NOT NULL,
    question_id VARCHAR NOT NULL,
    theme       VARCHAR NOT NULL,        -- demographics, role_support, training, mdt_outcomes,
                                         -- engagement, supervision
    qtype       VARCHAR NOT NULL,        -- likert, single, multi, text
    text        VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,        -- report | reconstructed
    note        VARCHAR,
    sort_order  INTEGER NOT NULL,
    PRIMARY KEY (wave, role, question_id)
);

CREATE TABLE options (
    wave         INTEGER NOT NULL,
    role         VARCHAR NOT NULL,
    question_id  VARCHAR NOT NULL,
    option_order INTEGER NOT NULL,
    label        VARCHAR NOT NULL,
    score        INTEGER,                -- 1-5 on likert scales, NULL otherwise
    marker       VARCHAR,                -- none, clinical_supervision, regular_supervision,
                                         -- no_supervision, safe_caseload
    PRIMARY KEY (wave, role, question_id, option_order)
);

-- Answers in long form: one row per respondent per question per chosen option.
-- A question left blank is one row with answered = false (kept, never invented).
CREATE TABLE answers (
    wave          INTEGER NOT NULL,
    role          VARCHAR NOT NULL,
    respondent_id VARCHAR NOT NULL,
    question_id   VARCHAR NOT NULL,
    answered      BOOLEAN NOT NULL,
    option_order  INTEGER,               -- chosen option (single, multi, likert)
    score         INTEGER,               -- likert score 1-5
    text_value    VARCHAR                -- free-text answers
);
