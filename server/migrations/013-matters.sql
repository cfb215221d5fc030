-- 013: 好差评 by 办件.  category_item: a category's 事项 and department from
-- the configuration ([category CODE] item_code, department,
-- department_code, matter_required), filled at every start like
-- case_category.  matter: a 办件编号 a clerk recorded for a visit (one per
-- matter handled; for a journey ticket, with its step), with the 事项 of
-- its category then, where and by whom.  A 办件编号 is recorded once.
CREATE TABLE category_item (
    category        TEXT PRIMARY KEY,
    item_code       TEXT,
    department      TEXT,
    department_code TEXT,
    matter_required INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE matter (
    id          INTEGER PRIMARY KEY,
    ticket      INTEGER NOT NULL REFERENCES ticket (id),
    step        INTEGER,
    number      TEXT NOT NULL UNIQUE,
    category    TEXT NOT NULL,
    item_code   TEXT,
    window      INTEGER NOT NULL,
    clerk       TEXT,
    added_at    INTEGER NOT NULL
);
CREATE INDEX matter_ticket ON matter (ticket);
