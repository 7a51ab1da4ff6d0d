--liquibase formatted sql

--changeset leadflow:0051-message-delivery
-- What the provider reported after a send (queued, sent, delivered, read, undelivered, failed):
-- kept apart from status, which says whether the send call itself went through.
ALTER TABLE message ADD COLUMN delivery_status text;
ALTER TABLE message ADD COLUMN delivery_error text;
ALTER TABLE message ADD COLUMN delivery_at timestamptz;
CREATE INDEX message_outbound_provider_idx ON message (channel_id, provider_message_id)
    WHERE direction = 'outbound' AND provider_message_id IS NOT NULL;
