-- The editorial workflow. Articles learn who created them (ownership: the creator or a
-- credited author may edit their own), who they are assigned to (a translator or an
-- editor) with a note, and their SEO fields. Every save keeps a revision, so an edit can
-- be compared and undone; autosaves are revisions flagged as such and never touch the
-- article itself.
ALTER TABLE articles ADD COLUMN created_by BIGINT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN assigned_to BIGINT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN assignment_note TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN social_media_id BIGINT REFERENCES media(id) ON DELETE SET NULL;
CREATE INDEX articles_created_by ON articles(created_by);
CREATE INDEX articles_assigned_to ON articles(assigned_to, status);
CREATE INDEX articles_status_modified ON articles(status, modified_at);

CREATE TABLE article_revisions (
    id               {id},
    article_id       BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    at               BIGINT NOT NULL,
    user_id          BIGINT REFERENCES users(id) ON DELETE SET NULL,
    autosave         {smallint} NOT NULL DEFAULT 0,
    title            TEXT NOT NULL,
    subtitle         TEXT NOT NULL DEFAULT '',
    excerpt          TEXT NOT NULL DEFAULT '',
    body_markdown    TEXT NOT NULL DEFAULT '',
    meta_description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX article_revisions_article ON article_revisions(article_id, id);
