-- Interface languages (issue 16): the language a staff member reads the newsroom in, a
-- catalogue code like 'tr'. NULL: the site's default language.
ALTER TABLE users ADD COLUMN ui_language TEXT;
