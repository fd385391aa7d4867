-- Workforce Explorer storage schema, version 2: the tallies.
-- Counts the import keeps beside the answers, one wave at a time (see refresh.sql), so
-- the explorer reads a few thousand counted rows instead of millions of answer rows.
-- Each row is one locality ('Not stated' when none was given) or, with locality NULL,
-- the role's total over all localities.  A version 1 file has none of these tables: the
-- explorer then counts the answers live (live.sql), and the next import adds them.

CREATE TABLE IF NOT EXISTS survey.question_tally (
    wave           INTEGER NOT NULL,
    role           VARCHAR NOT NULL,
    locality       VARCHAR,              -- NULL: all localities
    theme          VARCHAR NOT NULL,
    question_id    VARCHAR NOT NULL,
    n_answered     BIGINT NOT NULL,      -- respondents who answered the question
    n_not_answered BIGINT NOT NULL,      -- respondents who left it blank
    score_sum      BIGINT,               -- Likert: sum of scores (NULL when none)
    score_n        BIGINT NOT NULL,      -- Likert: scores counted
    n_1            BIGINT NOT NULL,      -- Likert: answers scoring 1 … 5
    n_2            BIGINT NOT NULL,
    n_3            BIGINT NOT NULL,
    n_4            BIGINT NOT NULL,
    n_5            BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS survey.option_tally (
    wave         INTEGER NOT NULL,
    role         VARCHAR NOT NULL,
    locality     VARCHAR,                -- NULL: all localities
    theme        VARCHAR NOT NULL,
    question_id  VARCHAR NOT NULL,
    option_order INTEGER NOT NULL,
    n            BIGINT NOT NULL         -- respondents who chose the option
);

-- Per locality: its respondents; who answered the supervision-types and frequency
-- questions (found by their option markers), who lacks clinical supervision, who meets
-- regularly or never.
CREATE TABLE IF NOT EXISTS survey.locality_tally (
    wave                 INTEGER NOT NULL,
    role                 VARCHAR NOT NULL,
    locality             VARCHAR,          -- NULL: all localities
    respondents          BIGINT NOT NULL,
    n_answered           BIGINT NOT NULL,
    n_no_clinical        BIGINT NOT NULL,
    n_answered_frequency BIGINT NOT NULL,
    n_regular            BIGINT NOT NULL,
    n_no_meetings        BIGINT NOT NULL
);
