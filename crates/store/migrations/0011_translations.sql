-- Linked translations and page languages (issue 16).
-- A story is a group of articles that are versions of one piece in different languages:
-- they share `story_id` (the id of the article the group started from; a number, not a
-- reference, so deleting that article leaves the others linked). `translation_of` names
-- the version a translation was made from. One version per language per story: the unique
-- index below (NULL story ids, articles in no story, never collide).
ALTER TABLE articles ADD COLUMN story_id BIGINT;
ALTER TABLE articles ADD COLUMN translation_of BIGINT REFERENCES articles(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX articles_story_language ON articles(story_id, language);

-- Static pages get a language like articles; existing ones are in the site's language.
ALTER TABLE pages ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
UPDATE pages SET language = COALESCE(
--@postgres     (SELECT value::json ->> 'language' FROM settings WHERE key = 'site'), 'en');
--@sqlite     (SELECT json_extract(value, '$.language') FROM settings WHERE key = 'site'), 'en');
