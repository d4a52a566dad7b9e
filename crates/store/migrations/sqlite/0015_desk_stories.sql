-- The feed desk's story clusters and keyword alerts (issue 14).
-- An item's MinHash signature over its title and lead (hexadecimal; '' for items too
-- short to compare or stored before this migration) and the story it belongs to: the id
-- of the story's first item, its own id when it is the first. anchor_count: how many
-- names and numbers the item has (its anchors, indexed in desk_item_bands too), for
-- finding versions of the story in other languages.
ALTER TABLE desk_items ADD COLUMN signature TEXT NOT NULL DEFAULT '';
ALTER TABLE desk_items ADD COLUMN anchor_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE desk_items ADD COLUMN story_id BIGINT;
CREATE INDEX desk_items_story ON desk_items(story_id, sort_at);

-- The signature's band hashes and the anchors' hashes, so a new item finds its
-- near-duplicates by an index lookup (see gazette-core's near_duplicates).
-- A hash carried by many recent items (a common name, a year) stops being indexed for
-- new ones, so no lookup reads more than a few dozen rows per hash; sort_at is the item's.
CREATE TABLE desk_item_bands (
    band    BIGINT NOT NULL,
    item_id BIGINT NOT NULL REFERENCES desk_items(id) ON DELETE CASCADE,
    sort_at BIGINT NOT NULL,
    PRIMARY KEY (band, item_id)
);
CREATE INDEX desk_item_bands_recent ON desk_item_bands(band, sort_at);
CREATE INDEX desk_item_bands_item ON desk_item_bands(item_id);

-- Words or names an editor follows: inbox items that mention one are marked.
CREATE TABLE desk_alerts (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    words      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, words)
);
