-- +goose Up
-- A contact row is the workspace's identity for one email. The name, phone
-- and company a participant has are stored per engagement instead, so that a
-- later engagement cannot rewrite them and an engagement never shows details
-- that came from a private engagement its reader may not see.
ALTER TABLE engagement_contacts
    ADD COLUMN name text,
    ADD COLUMN phone text,
    ADD COLUMN company_id uuid REFERENCES companies (id);

-- Companies are shared by domain, so the company name a participant gave
-- is stored per engagement too.
ALTER TABLE engagement_companies ADD COLUMN name text;

-- Existing links take the details their contact and company rows hold now.
-- Those rows kept only the latest details, so the earlier ones each
-- engagement had cannot be recovered.
UPDATE engagement_contacts ec
SET name = c.name, phone = c.phone, company_id = c.company_id
FROM contacts c
WHERE c.id = ec.contact_id;

UPDATE engagement_companies ec
SET name = c.name
FROM companies c
WHERE c.id = ec.company_id;

-- The node lookups and the details copied at insert go from a contact or
-- company to its engagements.
CREATE INDEX engagement_contacts_contact_idx ON engagement_contacts (contact_id);
CREATE INDEX engagement_companies_company_idx ON engagement_companies (company_id);

-- +goose Down
DROP INDEX engagement_companies_company_idx;
DROP INDEX engagement_contacts_contact_idx;
ALTER TABLE engagement_companies DROP COLUMN name;
ALTER TABLE engagement_contacts
    DROP COLUMN name,
    DROP COLUMN phone,
    DROP COLUMN company_id;
