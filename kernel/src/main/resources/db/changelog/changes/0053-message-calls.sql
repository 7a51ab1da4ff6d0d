--liquibase formatted sql

--changeset leadflow:0053-message-calls
-- A call placed through a voice channel is an outbound message; its end-of-call report lands here.
-- The transcript, the summary and the values extracted from the call are the lead's personal data:
-- encrypted like message bodies (bound to the message id and field) and scrubbed on erasure.
ALTER TABLE message ADD COLUMN call_outcome text;
ALTER TABLE message ADD COLUMN call_ended_reason text;
ALTER TABLE message ADD COLUMN transcript_ct text;
ALTER TABLE message ADD COLUMN summary_ct text;
ALTER TABLE message ADD COLUMN call_data_ct text;
ALTER TABLE message ADD COLUMN call_cost numeric(12, 4);
ALTER TABLE message ADD COLUMN call_started_at timestamptz;
ALTER TABLE message ADD COLUMN call_ended_at timestamptz;
--rollback ALTER TABLE message DROP COLUMN call_outcome, DROP COLUMN call_ended_reason, DROP COLUMN transcript_ct, DROP COLUMN summary_ct, DROP COLUMN call_data_ct, DROP COLUMN call_cost, DROP COLUMN call_started_at, DROP COLUMN call_ended_at;
