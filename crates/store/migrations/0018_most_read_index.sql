-- The "most read" lists walk this index from the most viewed down and stop at their limit.
-- Without it every published article was read and sorted per list: 147 ms for the home
-- page of a 100,000-article archive, the first page after every change.
CREATE INDEX articles_most_read ON articles(status, views, published_at);
