-- Issue 23: a person's or a request's messages are found through indexes, not by reading the
-- whole outbox. Nothing indexed outbox.request_id, and 0038 dropped outbox_by_subject: the
-- cron's purge of an unconfirmed request (store/outbox.ts deleteOutboxForRequest, once per
-- purged request), the evidence's messages as sent (listSentMessagesForRequests), a person's
-- export and erasure and the deletion of a subject no longer needed (store/person-rows.ts,
-- store/consents.ts) each read every row of the outbox (EXPLAIN QUERY PLAN: SCAN outbox), and
-- at millions of messages a shard D1 bills millions of rows read per call.
-- With both indexes SQLite answers `request_id = ?` and `request_id IN (...)` by the first, and
-- `subject_id = ? OR request_id IN (SELECT ... WHERE subject_id = ?)` by a MULTI-INDEX OR over
-- both (it needs every term of the OR indexed: 0038's outbox_by_subject alone left a scan).
-- What it costs: a confirmed consent's own confirmation message names its request, so one entry
-- (its 22-character id and the row id) in outbox_by_request: 32 bytes a consent as
-- store/bytes-per-consent.test.ts counts (2,761 with it, 2,729 before). It keeps no subject id
-- (0038), so it has no entry in outbox_by_subject: that holds only the messages that name a
-- subject of their own (preference links' and rows written before 0038), and a message of no
-- request has none in outbox_by_request.
CREATE INDEX outbox_by_request ON outbox (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX outbox_by_subject ON outbox (subject_id) WHERE subject_id IS NOT NULL;
