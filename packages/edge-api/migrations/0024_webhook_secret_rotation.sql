-- Webhook secret rotation (issue 22): the secret before the last rotation, sealed by the same
-- master key as the current one (master_kid), stays valid until previous_secret_until. Until then
-- each delivery carries a signature under both, so a receiver may switch at any moment.
ALTER TABLE webhook_endpoints ADD COLUMN previous_secret_sealed TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN previous_secret_until TEXT;
