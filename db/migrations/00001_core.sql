-- +goose Up
-- Workspaces are tenants: every other table carries workspace_id, and every
-- query filters on it.
CREATE TABLE workspaces (
    id                 uuid PRIMARY KEY,
    slug               text NOT NULL UNIQUE,
    name               text NOT NULL,
    private_by_default boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now()
);

-- Emails are stored in lower case so that equality matches them.
CREATE TABLE users (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    email        text NOT NULL,
    name         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (workspace_id, email)
);

-- Only the SHA-256 of a token is stored; the token itself is shown once.
CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    user_id      uuid NOT NULL REFERENCES users (id),
    token_hash   bytea NOT NULL UNIQUE,
    scopes       text[] NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);

CREATE TABLE companies (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    name         text NOT NULL,
    domain       text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
-- Companies are deduplicated by domain, and by name among those without one.
CREATE UNIQUE INDEX companies_domain_key ON companies (workspace_id, domain)
    WHERE domain IS NOT NULL;
CREATE UNIQUE INDEX companies_name_key ON companies (workspace_id, lower(name))
    WHERE domain IS NULL;

CREATE TABLE contacts (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL REFERENCES workspaces (id),
    name         text,
    email        text,
    phone        text,
    company_id   uuid REFERENCES companies (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contacts_email_key ON contacts (workspace_id, email)
    WHERE email IS NOT NULL;

CREATE TABLE engagements (
    id                  uuid PRIMARY KEY,
    workspace_id        uuid NOT NULL REFERENCES workspaces (id),
    type                text NOT NULL CHECK (type IN ('CALL', 'MEETING', 'EMAIL', 'CHAT')),
    title               text,
    started_at          timestamptz,
    created_at          timestamptz NOT NULL,
    source_system       text,
    external_id         text,
    external_url        text,
    automations_enabled boolean NOT NULL,
    is_private          boolean NOT NULL,
    owner_id            uuid REFERENCES users (id),
    media_source_url    text,
    transcript          text,
    -- The timeline as {"speakers": [...], "entries": [...]}; it is always
    -- read and written whole, so one column beats a row per sentence.
    timeline            jsonb,
    -- The final guard of idempotency: one engagement per externalId and
    -- workspace, whatever happens to the Redis lock.
    CONSTRAINT engagements_external_id_key UNIQUE (workspace_id, external_id)
);
CREATE INDEX engagements_page_idx ON engagements (workspace_id, created_at DESC, id DESC);

-- The lower-cased emails of the participants and speakers of an engagement.
-- A workspace user with one of these emails may see the engagement when it
-- is private.
CREATE TABLE engagement_people (
    engagement_id uuid NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    email         text NOT NULL,
    PRIMARY KEY (engagement_id, email)
);

CREATE TABLE engagement_contacts (
    engagement_id uuid NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    contact_id    uuid NOT NULL REFERENCES contacts (id),
    position      int NOT NULL,
    PRIMARY KEY (engagement_id, contact_id)
);

CREATE TABLE engagement_companies (
    engagement_id uuid NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    company_id    uuid NOT NULL REFERENCES companies (id),
    position      int NOT NULL,
    PRIMARY KEY (engagement_id, company_id)
);

CREATE TABLE action_items (
    id             uuid PRIMARY KEY,
    workspace_id   uuid NOT NULL REFERENCES workspaces (id),
    engagement_id  uuid NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    position       int NOT NULL,
    text           text NOT NULL,
    assignee_name  text,
    assignee_email text,
    due_at         timestamptz,
    completed      boolean NOT NULL DEFAULT false,
    start_ms       int
);
CREATE INDEX action_items_engagement_idx ON action_items (engagement_id, position);

CREATE TABLE signals (
    id            uuid PRIMARY KEY,
    workspace_id  uuid NOT NULL REFERENCES workspaces (id),
    engagement_id uuid NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    position      int NOT NULL,
    kind          text NOT NULL,
    name          text NOT NULL,
    text          text,
    start_ms      int,
    speaker_index int,
    confidence    double precision
);
CREATE INDEX signals_engagement_idx ON signals (engagement_id, position);

-- +goose Down
DROP TABLE signals, action_items, engagement_companies, engagement_contacts,
    engagement_people, engagements, contacts, companies, api_tokens, users,
    workspaces;
