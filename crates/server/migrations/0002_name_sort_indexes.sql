-- Name sorts order by (unnamed last, lowercased name, id). These indexes
-- match both directions exactly, so a page of a large library is read in
-- order instead of sorted in full.
CREATE INDEX people_by_name_ascending ON people ((name_key IS NULL), COALESCE(name_key, ''), id);
CREATE INDEX people_by_name_descending ON people ((name_key IS NULL), COALESCE(name_key, '') DESC, id DESC);
DROP INDEX people_by_name;
