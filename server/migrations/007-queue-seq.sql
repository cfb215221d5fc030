-- 007: ties in the queue are impossible by construction.  A waiting
-- ticket's place is (queue_key, queue_seq): queue_seq is the event
-- sequence number at the moment the ticket (last) joined a queue, so no
-- two joins share one, and a ticket that joins later sorts after every
-- ticket with the same key.  Ordered by (queue_key, id) instead, a
-- re-queued ticket (an old, low id) given a waiting ticket's key — two
-- tickets queued in the same second — overtook it.  Tickets already
-- waiting keep their order (by id, as before) with seqs below every
-- event's, so below every later join's.
ALTER TABLE ticket ADD COLUMN queue_seq INTEGER NOT NULL DEFAULT 0;
UPDATE ticket SET queue_seq = id - (SELECT max (id) FROM ticket) - 1 WHERE state = 'waiting';
DROP INDEX ticket_waiting;
CREATE INDEX ticket_waiting ON ticket (category, queue_key, queue_seq, queued_at, green, target_window, state)
    WHERE state = 'waiting';
