-- +goose Up
-- The user whose token created the engagement. A token that may only
-- write gets an existing engagement back on a repeated create only when
-- its user created or owns it.
ALTER TABLE engagements ADD COLUMN created_by uuid REFERENCES users (id);

-- +goose Down
ALTER TABLE engagements DROP COLUMN created_by;
