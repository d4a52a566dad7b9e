-- Imports from other systems (WordPress first). `wp_import_map` records what each
-- imported object became, keyed by the exporting site and the object's id there, so an
-- import can be run again without duplicating anything and can resume where it stopped.
-- Authors keep their WordPress login and email for a later invitation.
CREATE TABLE wp_import_map (
    site        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    wp_id       BIGINT NOT NULL,
    gazette_id  BIGINT NOT NULL,
    wp_slug     TEXT NOT NULL DEFAULT '',
    login       TEXT,
    email       TEXT,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (site, kind, wp_id)
);

-- Permanent redirects from old URLs (path and query, percent-decoded). A row pointing at
-- an article or page redirects only while that is visible, to its current slug.
CREATE TABLE redirects (
    old_path   TEXT PRIMARY KEY,
    target     TEXT NOT NULL,
    article_id BIGINT REFERENCES articles(id) ON DELETE CASCADE,
    page_id    BIGINT REFERENCES pages(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX redirects_article ON redirects(article_id);
CREATE INDEX redirects_page ON redirects(page_id);
