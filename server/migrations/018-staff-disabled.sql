-- 018: a staff member can be disabled ([staff ID] disabled=true, issue 18):
-- no sign-in at a desk or a dashboard, their history kept.
ALTER TABLE staff ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
