-- 004: the waiting queue by category and order.  "People ahead", "call
-- next" and the estimate look only at waiting tickets; without this index
-- they scanned every ticket ever issued (see docs/BENCHMARKS.md).
CREATE INDEX ticket_waiting ON ticket (category, queue_key) WHERE state = 'waiting';
