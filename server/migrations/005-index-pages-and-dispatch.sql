-- 005: two index entries fewer per issue.  Each index an issue touches is
-- one more page written to the log and synced in every commit (an issue
-- wrote 13; see docs/BENCHMARKS.md).  request_time served only the daily
-- prune of stored replies, which may as well read the two days it keeps;
-- ticket_window_day needs no entry for a ticket no window has called.
-- And "call next" reads the heads of the queues, not all of them: the few
-- tickets sent to one window or in the green channel get an index of
-- their own (see s_next_ticket in engine.c), and the waiting queues'
-- index holds every column a walk along a queue reads.
DROP INDEX request_time;
DROP INDEX ticket_window_day;
CREATE INDEX ticket_window_day ON ticket (window, day) WHERE window IS NOT NULL;
DROP INDEX ticket_waiting;
CREATE INDEX ticket_waiting ON ticket (category, queue_key, id, queued_at, green, target_window, state)
    WHERE state = 'waiting';
CREATE INDEX ticket_special ON ticket (category)
    WHERE state = 'waiting' AND (target_window IS NOT NULL OR green IS NOT NULL);
