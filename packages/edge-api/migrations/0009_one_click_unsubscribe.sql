-- R1, RFC 8058: each email consent has a one-click unsubscribe URL (/u/{token}). The token is
-- derived from the site, subject and purpose (src/crypto/link-tokens.ts); only its hash is kept,
-- written the first time the site checks the consent before a mailing.
ALTER TABLE consents ADD COLUMN unsubscribe_hash TEXT;
CREATE UNIQUE INDEX consents_by_unsubscribe ON consents (unsubscribe_hash) WHERE unsubscribe_hash IS NOT NULL;
