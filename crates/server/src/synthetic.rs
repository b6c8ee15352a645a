//! A large synthetic library for scale checks: thousands of people and
//! tens of thousands of faces, written in one transaction.
//!
//! Synthetic assets reuse the demo photos' media folders, so no image is
//! copied or rendered. Their boxes are random but inside the photo. Each
//! person's embeddings scatter around a random direction of their own.

use std::path::Path;

use rusqlite::{Connection, params};
use time::{Duration, OffsetDateTime};

use crate::clock;
use crate::cluster::{self, EMBEDDING_DIM};
use crate::db::rows::name_key;
use crate::ids;
use crate::media::MediaStore;
use crate::seed::{self, SeedError};

/// Faces per synthetic asset, on average.
const FACES_PER_ASSET: usize = 3;
/// Share of faces that belong to someone; the rest stay unassigned.
const ASSIGNED_SHARE: f64 = 0.85;
/// Share of people who get a name.
const NAMED_SHARE: f64 = 0.8;
/// Noise added to a person's direction for each face, before normalising.
const EMBEDDING_SPREAD: f32 = 0.35;

/// Name stems in several scripts, so searches and sorts meet non-Latin,
/// right-to-left and emoji names at scale.
const NAME_STEMS: &[&str] = &[
    "Ada",
    "Björk",
    "Zoë",
    "Søren",
    "Łukasz",
    "Élodie",
    "Ångström",
    "Анна",
    "Ωmega",
    "李雷",
    "さくら",
    "محمد",
    "דנה",
    "Nguyễn",
    "🙂 Smiley",
    "İlkay",
];

/// Size of the library to generate.
#[derive(Debug, Clone, Copy)]
pub struct SyntheticOptions {
    pub people: usize,
    pub faces: usize,
    /// Seed of the random source; the same seed gives the same library.
    pub seed: u64,
}

/// Counts of the generated rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticSummary {
    pub assets: usize,
    pub faces: usize,
    pub people: usize,
}

/// A demo photo whose media the synthetic assets share.
struct Template {
    media_key: String,
    mime_type: String,
    file_name: String,
    width: u32,
    height: u32,
}

/// Seeds the demo when the library is empty (its media is reused), then
/// adds the synthetic people, assets and faces.
pub fn generate(
    connection: &mut Connection,
    demo_dir: &Path,
    store: &MediaStore,
    options: SyntheticOptions,
) -> Result<SyntheticSummary, SeedError> {
    seed::seed_demo(connection, demo_dir, store)?;
    let templates: Vec<Template> = connection
        .prepare(
            "SELECT media_key, mime_type, original_file_name, width, height FROM assets
             WHERE width > 0 AND height > 0 AND kind = 'original' ORDER BY id",
        )?
        .query_map([], |row| {
            Ok(Template {
                media_key: row.get(0)?,
                mime_type: row.get(1)?,
                file_name: row.get(2)?,
                width: row.get(3)?,
                height: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if templates.is_empty() || options.faces == 0 && options.people == 0 {
        return Ok(SyntheticSummary {
            assets: 0,
            faces: 0,
            people: 0,
        });
    }

    let mut random = Random::new(options.seed);
    let started = OffsetDateTime::now_utc();
    let timestamp =
        |offset: usize| clock::format_timestamp(started + Duration::milliseconds(offset as i64));
    let run = ids::random_suffix();
    let transaction = connection.transaction()?;

    let mut people = Vec::with_capacity(options.people);
    {
        let mut insert = transaction.prepare(
            "INSERT INTO people (id, name, name_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        )?;
        for index in 0..options.people {
            let id = ids::derived("person_", &["synthetic", &run, &index.to_string()]);
            let name = (random.unit() < NAMED_SHARE)
                .then(|| format!("{} {index:05}", NAME_STEMS[random.below(NAME_STEMS.len())]));
            insert.execute(params![
                id,
                name,
                name.as_deref().map(name_key),
                timestamp(index)
            ])?;
            people.push(PersonAccumulator {
                id,
                direction: random.direction(),
                faces: Vec::new(),
            });
        }
    }

    let asset_count = options.faces.div_ceil(FACES_PER_ASSET).max(1);
    let mut assets = Vec::with_capacity(asset_count);
    {
        let mut insert = transaction.prepare(
            "INSERT INTO assets (id, created_at, updated_at, local_datetime, mime_type, original_file_name, kind,
                 width, height, media_key)
             VALUES (?1, ?2, ?2, ?3, ?4, ?5, 'original', ?6, ?7, ?8)",
        )?;
        for index in 0..asset_count {
            let template = &templates[index % templates.len()];
            let id = ids::derived("asset_", &["synthetic", &run, &index.to_string()]);
            let local_datetime = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                2000 + random.below(26),
                1 + random.below(12),
                1 + random.below(28),
                random.below(24),
                random.below(60),
                random.below(60)
            );
            insert.execute(params![
                id,
                timestamp(index),
                local_datetime,
                template.mime_type,
                template.file_name,
                template.width,
                template.height,
                template.media_key
            ])?;
            assets.push((id, template.width, template.height));
        }
    }

    {
        let mut insert = transaction.prepare(
            "INSERT INTO faces (id, asset_id, person_id, x, y, w, h, source, confidence, embedding, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'automatic', ?8, ?9, ?10, ?10)",
        )?;
        for index in 0..options.faces {
            let (asset_id, width, height) = &assets[index % assets.len()];
            let side = (20 + random.below(100) as u32).min(*width).min(*height);
            let x = random.below((width - side + 1) as usize) as i64;
            let y = random.below((height - side + 1) as usize) as i64;
            let confidence = cluster::round(0.6 + 0.4 * random.unit());

            let owner = (!people.is_empty() && random.unit() < ASSIGNED_SHARE)
                .then(|| random.below(people.len()));
            let mut embedding = match owner {
                Some(person) => people[person].direction.clone(),
                None => random.direction(),
            };
            embedding
                .iter_mut()
                .for_each(|value| *value += EMBEDDING_SPREAD * random.signed() / 4.0);
            cluster::normalize(&mut embedding);

            let id = ids::derived("face_", &["synthetic", &run, &index.to_string()]);
            let person_id = owner.map(|person| people[person].id.clone());
            insert.execute(params![
                id,
                asset_id,
                person_id,
                x,
                y,
                side,
                side,
                confidence,
                cluster::to_blob(&embedding),
                timestamp(index)
            ])?;
            if let Some(person) = owner {
                people[person]
                    .faces
                    .push((id, asset_id.clone(), confidence, embedding));
            }
        }
    }

    // Derived fields straight from memory instead of re-reading each person.
    {
        let mut update = transaction.prepare(
            "UPDATE people SET face_count = ?2, asset_count = ?3, centroid = ?4, pairwise_mean = ?5,
                 pairwise_p90 = ?6, thumbnail_face_id = ?7 WHERE id = ?1",
        )?;
        for person in &people {
            let embeddings: Vec<&[f32]> =
                person.faces.iter().map(|face| face.3.as_slice()).collect();
            let mut asset_ids: Vec<&str> =
                person.faces.iter().map(|face| face.1.as_str()).collect();
            asset_ids.sort_unstable();
            asset_ids.dedup();
            let centroid = cluster::centroid(embeddings.iter().copied())
                .map(|vector| cluster::to_blob(&vector));
            let stats = cluster::pairwise_stats(&embeddings);
            let cover = person
                .faces
                .iter()
                .max_by(|a, b| a.2.total_cmp(&b.2))
                .map(|face| face.0.clone());
            update.execute(params![
                person.id,
                person.faces.len() as i64,
                asset_ids.len() as i64,
                centroid,
                stats.map(|(mean, _)| mean),
                stats.map(|(_, p90)| p90),
                cover
            ])?;
        }
    }
    transaction.commit()?;

    Ok(SyntheticSummary {
        assets: assets.len(),
        faces: options.faces,
        people: people.len(),
    })
}

struct PersonAccumulator {
    id: String,
    direction: Vec<f32>,
    /// (face id, asset id, confidence, embedding)
    faces: Vec<(String, String, f64, Vec<f32>)>,
}

/// SplitMix64: a fast, seedable random source, good enough for test data.
/// The browser soak test uses it too, so its runs are repeatable.
pub struct Random(u64);

impl Random {
    /// Creates a source that yields the same sequence for the same `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Returns the next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut value = self.0;
        value = (value ^ (value >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        value = (value ^ (value >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        value ^ (value >> 31)
    }

    /// Returns a number uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Returns a number uniform in [-1, 1).
    fn signed(&mut self) -> f32 {
        (self.unit() * 2.0 - 1.0) as f32
    }

    /// Returns a number uniform in 0..bound; a `bound` of 0 is treated as 1.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    /// Returns a random unit vector.
    fn direction(&mut self) -> Vec<f32> {
        let mut vector: Vec<f32> = (0..EMBEDDING_DIM).map(|_| self.signed()).collect();
        if !cluster::normalize(&mut vector) {
            vector[0] = 1.0;
        }
        vector
    }
}
