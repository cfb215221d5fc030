-- 011: "一件事" journeys.  journey: a theme from the configuration
-- ([journey CODE]: its name and steps= as written).  A journey ticket
-- keeps its number through every step: ticket.journey names the theme,
-- ticket.journey_current the step (journey_step.position) it is queued or
-- served for, ticket.helper the 帮办 clerk accompanying the visitor.
-- journey_step: one row per step of a journey ticket, in the order
-- written, with what became of it, where, by whom and when.
CREATE TABLE journey (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    name_en   TEXT NOT NULL DEFAULT '',
    steps     TEXT NOT NULL,                     -- "business; seal, social?; bank?"
    position  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
ALTER TABLE ticket ADD COLUMN journey TEXT;
ALTER TABLE ticket ADD COLUMN journey_current INTEGER;
ALTER TABLE ticket ADD COLUMN helper TEXT;
CREATE INDEX ticket_journey ON ticket (day) WHERE journey IS NOT NULL;
CREATE TABLE journey_step (
    ticket      INTEGER NOT NULL REFERENCES ticket (id),
    position    INTEGER NOT NULL,                -- 0, 1, ... in the order written
    category    TEXT NOT NULL,
    stage       INTEGER NOT NULL,
    optional    INTEGER NOT NULL,
    state       TEXT NOT NULL,                   -- 'pending', 'current', 'done', 'skipped', 'dropped'
    window      INTEGER,                         -- where it was done
    clerk       TEXT,
    helper      TEXT,                            -- the 帮办 clerk then
    joined_at   INTEGER,                         -- joined the step's queue (last time)
    called_at   INTEGER,
    started_at  INTEGER,
    finished_at INTEGER,                         -- done, skipped or dropped
    PRIMARY KEY (ticket, position)
) WITHOUT ROWID;
-- The estimate's mean service of a category counts the journeys' steps.
CREATE INDEX journey_step_done ON journey_step (category, finished_at) WHERE state = 'done'
