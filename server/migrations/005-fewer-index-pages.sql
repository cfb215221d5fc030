-- 005: two index entries fewer per issue.  Each index an issue touches is
-- one more page written to the log and synced in every commit (an issue
-- wrote 13; see docs/BENCHMARKS.md).  request_time served only the daily
-- prune of stored replies, which may as well read the two days it keeps;
-- ticket_window_day needs no entry for a ticket no window has called.
DROP INDEX request_time;
DROP INDEX ticket_window_day;
CREATE INDEX ticket_window_day ON ticket (window, day) WHERE window IS NOT NULL;
