-- A reader counts once per article per half hour on every node, not once per node
-- (issue 20). Each window has one random key that all nodes use to hash a reader's
-- address and browser with the article id; the nodes' flushes insert those digests
-- ("marks"), and only a mark that was not there yet adds a view. Keys and marks are
-- deleted once their window is over, so nothing kept links a view to a reader.
CREATE TABLE view_window_keys (
    window_start BIGINT PRIMARY KEY,
    secret       TEXT NOT NULL
);

CREATE TABLE view_marks (
    mark         TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL
);
CREATE INDEX view_marks_by_window ON view_marks (window_start);
