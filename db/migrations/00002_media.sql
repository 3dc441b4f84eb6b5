-- +goose Up
-- The state of the server's own copy of an engagement's recording. The
-- partner's link stays in media_source_url; readers only ever get signed
-- links to media_key.
ALTER TABLE engagements
    ADD COLUMN media_status text NOT NULL DEFAULT 'NONE'
        CHECK (media_status IN ('NONE', 'PENDING', 'READY', 'FAILED')),
    ADD COLUMN media_failure_reason text,
    ADD COLUMN media_key text,
    ADD COLUMN media_content_type text,
    ADD COLUMN media_bytes bigint,
    ADD COLUMN media_sha256 text;

-- +goose Down
ALTER TABLE engagements
    DROP COLUMN media_status,
    DROP COLUMN media_failure_reason,
    DROP COLUMN media_key,
    DROP COLUMN media_content_type,
    DROP COLUMN media_bytes,
    DROP COLUMN media_sha256;
