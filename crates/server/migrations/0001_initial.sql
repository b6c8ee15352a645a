-- The library the stand-in serves. There is exactly one live library.
CREATE TABLE library (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Key/value settings that must survive restarts, such as the media token.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE assets (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Capture wall-clock time as given, without a zone when none is known.
    local_datetime TEXT,
    mime_type TEXT NOT NULL,
    original_file_name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'original',
    -- Display-space size (EXIF orientation applied); NULL when unknown.
    width INTEGER,
    height INTEGER,
    raw_width INTEGER,
    raw_height INTEGER,
    orientation INTEGER,
    description TEXT,
    -- Folder under media/assets holding the original and its variants;
    -- synthetic assets share the folders of the demo assets.
    media_key TEXT NOT NULL
);
CREATE INDEX assets_by_local_datetime ON assets (COALESCE(local_datetime, ''), id);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT,
    -- Lowercased name (Unicode-aware, done in Rust) for sorting and search.
    name_key TEXT,
    birth_date TEXT,
    is_favorite INTEGER NOT NULL DEFAULT 0,
    is_hidden INTEGER NOT NULL DEFAULT 0,
    thumbnail_face_id TEXT,
    -- Derived from the person's faces; recomputed after every change to them.
    asset_count INTEGER NOT NULL DEFAULT 0,
    face_count INTEGER NOT NULL DEFAULT 0,
    -- L2-normalised sum of the faces' embeddings, little-endian f32.
    centroid BLOB,
    pairwise_mean REAL,
    pairwise_p90 REAL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_by_created_at ON people (created_at, id);
CREATE INDEX people_by_name ON people (name_key, id);
CREATE INDEX people_by_asset_count ON people (asset_count, id);

CREATE TABLE faces (
    id TEXT PRIMARY KEY,
    asset_id TEXT NOT NULL REFERENCES assets (id),
    person_id TEXT REFERENCES people (id),
    x INTEGER NOT NULL,
    y INTEGER NOT NULL,
    w INTEGER NOT NULL,
    h INTEGER NOT NULL,
    source TEXT NOT NULL,
    confidence REAL,
    -- 128 little-endian f32, L2-normalised; NULL for manual faces.
    embedding BLOB,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX faces_by_created_at ON faces (created_at, id);
CREATE INDEX faces_by_asset ON faces (asset_id);
CREATE INDEX faces_by_person ON faces (person_id, asset_id);

-- Sort keys of deleted people and faces, so that a page cursor naming one of
-- them still resumes at the position it had.
CREATE TABLE person_tombstones (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    name_key TEXT,
    asset_count INTEGER NOT NULL
);

CREATE TABLE face_tombstones (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

-- People with the box of their cover face, so one query returns everything a
-- person response needs. Column names match person_tombstones, so page
-- cursors can read sort keys from either.
CREATE VIEW people_view AS
SELECT people.*, cover.x AS cover_x, cover.y AS cover_y, cover.w AS cover_w, cover.h AS cover_h
FROM people LEFT JOIN faces AS cover ON cover.id = people.thumbnail_face_id;
