-- The media library: what an upload needs besides the picture itself. sha256 finds the same
-- bytes uploaded again (NULL for imported and demo pictures, which were never uploaded);
-- uploaded_by decides whose picture it is (own vs. someone else's in the permission matrix);
-- webp_widths lists the WebP variants written beside the original-format ones.
ALTER TABLE media ADD COLUMN webp_widths TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN sha256 TEXT;
ALTER TABLE media ADD COLUMN uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE media ADD COLUMN file_size BIGINT NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN original_name TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX media_sha256 ON media(sha256);
CREATE INDEX media_uploaded_by ON media(uploaded_by, id);
-- "In use by" looks articles up by their featured picture.
CREATE INDEX media_library_featured ON articles(featured_media_id);
