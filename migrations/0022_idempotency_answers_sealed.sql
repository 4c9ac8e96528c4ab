-- A stored answer may carry what is shown only once (an OAuth client's or a webhook's secret, an
-- invitation's token) or a farmer's personal data: answers are now sealed like any other secret
-- column, under a context naming their own row (answer_id), so data-key rotation re-wraps them.
-- Answers stored in plain response_body before this migration are still replayed until the hourly
-- purge removes them, at most 24 hours later; nothing writes that column any more.
ALTER TABLE idempotency_keys ADD COLUMN answer_id uuid UNIQUE;
ALTER TABLE idempotency_keys ADD COLUMN response_sealed text;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_sealed_with_id CHECK (response_sealed IS NULL OR answer_id IS NOT NULL);
