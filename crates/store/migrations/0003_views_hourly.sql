-- Views per article and UTC hour, for "most read" over the last 24 hours and 7 days.
-- Only the last eight days are kept (older rows are pruned when counts are flushed);
-- the daily table keeps the long history.
CREATE TABLE article_views_hourly (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    hour       BIGINT NOT NULL,
    views      BIGINT NOT NULL,
    PRIMARY KEY (article_id, hour)
);
CREATE INDEX article_views_hourly_hour ON article_views_hourly(hour);
