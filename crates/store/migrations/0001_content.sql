--@postgres -- Gazette schema, PostgreSQL dialect. Times are unix seconds and flags 0/1, both BIGINT,
--@postgres -- so that one set of queries runs on SQLite and PostgreSQL through sqlx's Any driver.
--@sqlite -- Gazette schema, SQLite dialect. Times are unix seconds (BIGINT) and flags are INTEGER
--@sqlite -- 0/1, so that one set of queries runs on SQLite and PostgreSQL through sqlx's Any driver.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE authors (
    id         {id},
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    bio        TEXT NOT NULL DEFAULT '',
    avatar_url TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE categories (
    id          {id},
    parent_id   BIGINT REFERENCES categories(id),
    slug        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    path        TEXT NOT NULL UNIQUE,
    position    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX categories_parent ON categories(parent_id, position);

CREATE TABLE tags (
    id      {id},
    slug    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    special {bigint} NOT NULL DEFAULT 0
);

CREATE TABLE media (
    id             {id},
    path           TEXT NOT NULL UNIQUE,
    mime           TEXT NOT NULL,
    width          BIGINT NOT NULL,
    height         BIGINT NOT NULL,
    alt            TEXT NOT NULL DEFAULT '',
    caption        TEXT NOT NULL DEFAULT '',
    credit         TEXT NOT NULL DEFAULT '',
    variant_widths TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL
);

CREATE TABLE articles (
    id                    {id},
    slug                  TEXT NOT NULL UNIQUE,
    title                 TEXT NOT NULL,
    subtitle              TEXT,
    excerpt               TEXT NOT NULL DEFAULT '',
    body_markdown         TEXT NOT NULL DEFAULT '',
    body_html             TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL,
    kind                  TEXT NOT NULL,
    language              TEXT NOT NULL,
    category_id           BIGINT REFERENCES categories(id),
    featured_media_id     BIGINT REFERENCES media(id),
    source_outlet         TEXT,
    source_url            TEXT,
    source_language       TEXT,
    source_published_at   BIGINT,
    published_at          BIGINT,
    modified_at           BIGINT NOT NULL,
    created_at            BIGINT NOT NULL,
    word_count            BIGINT NOT NULL DEFAULT 0,
    reading_minutes       BIGINT NOT NULL DEFAULT 0,
    views                 BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX articles_visible ON articles(status, published_at);
CREATE INDEX articles_category ON articles(category_id, status, published_at);

CREATE TABLE article_tags (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags(tag_id, article_id);

CREATE TABLE article_credits (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES authors(id),
    role       TEXT NOT NULL,
    position   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, author_id, role)
);
CREATE INDEX article_credits_author ON article_credits(author_id, role);

CREATE TABLE corrections (
    id         {id},
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    noted_at   BIGINT NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX corrections_article ON corrections(article_id, noted_at);

CREATE TABLE pages (
    id            {id},
    slug          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    body_markdown TEXT NOT NULL DEFAULT '',
    body_html     TEXT NOT NULL DEFAULT '',
    published     {bigint} NOT NULL DEFAULT 1,
    modified_at   BIGINT NOT NULL
);

-- Views per article and UTC day, for "most read" over a window.
CREATE TABLE article_views_daily (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    day        BIGINT NOT NULL,
    views      BIGINT NOT NULL,
    PRIMARY KEY (article_id, day)
);
CREATE INDEX article_views_daily_day ON article_views_daily(day);

-- Every write appends here in the same transaction; followers (page cache, search
-- index, webhooks) read it in id order.
CREATE TABLE changes (
    id        {id},
    at        BIGINT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    action    TEXT NOT NULL
);

-- Cookie-notice answers, kept as proof of consent.
CREATE TABLE consents (
    id         {id},
    at         BIGINT NOT NULL,
    choice     TEXT NOT NULL,
    policy     TEXT NOT NULL
);
