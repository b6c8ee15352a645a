//! Embedding math: centroids, cosine distances and cluster tightness.
//!
//! Embeddings are L2-normalised 128-d vectors, so the cosine distance of two
//! of them is `1 - dot(a, b)`: 0 for the same direction, 2 for opposite.

/// Dimension of the face embeddings (dlib's ResNet face descriptor).
pub const EMBEDDING_DIM: usize = 128;

/// Faces a person may have before the pairwise metrics use an evenly spaced
/// subset, which keeps a merge of huge clusters from taking quadratic time.
const PAIRWISE_SAMPLE_LIMIT: usize = 1000;

use std::sync::{Arc, Mutex};

/// Encodes an embedding as little-endian f32 bytes for a BLOB column.
pub fn to_blob(vector: &[f32]) -> Vec<u8> {
    vector
        .iter()
        .flat_map(|value| value.to_le_bytes())
        .collect()
}

/// Decodes a BLOB written by [`to_blob`]; `None` for a malformed length.
pub fn from_blob(bytes: &[u8]) -> Option<Vec<f32>> {
    if bytes.len() != EMBEDDING_DIM * 4 {
        return None;
    }
    let vector = bytes
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
        .collect();
    Some(vector)
}

/// Dot product of two vectors of equal length. Eight independent partial
/// sums let the compiler vectorise the loop, which a single running sum of
/// floats prevents.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 8;
    let mut partial = [0.0f32; LANES];
    let chunks_a = a.chunks_exact(LANES);
    let chunks_b = b.chunks_exact(LANES);
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for lane in 0..LANES {
            partial[lane] += x[lane] * y[lane];
        }
    }
    partial.iter().sum::<f32>() + tail
}

/// Cosine distance of two L2-normalised vectors.
pub fn cosine_distance(a: &[f32], b: &[f32]) -> f64 {
    f64::from(1.0 - dot(a, b))
}

/// Scales `vector` to unit length in place; returns `false` for a zero vector.
pub fn normalize(vector: &mut [f32]) -> bool {
    let norm = dot(vector, vector).sqrt();
    if norm <= f32::EPSILON {
        return false;
    }
    vector.iter_mut().for_each(|value| *value /= norm);
    true
}

/// A person's centroid: the L2-normalised sum of their faces' embeddings,
/// or `None` when no face has one.
pub fn centroid<'a>(embeddings: impl IntoIterator<Item = &'a [f32]>) -> Option<Vec<f32>> {
    let mut sum = vec![0.0f32; EMBEDDING_DIM];
    let mut count = 0usize;
    for embedding in embeddings {
        sum.iter_mut()
            .zip(embedding)
            .for_each(|(total, value)| *total += value);
        count += 1;
    }
    if count == 0 || !normalize(&mut sum) {
        return None;
    }
    Some(sum)
}

/// Mean and 90th percentile of the pairwise cosine distances, or `None`
/// with fewer than two embeddings.
pub fn pairwise_stats(embeddings: &[&[f32]]) -> Option<(f64, f64)> {
    let sample: Vec<&[f32]> = if embeddings.len() > PAIRWISE_SAMPLE_LIMIT {
        let step = embeddings.len() as f64 / PAIRWISE_SAMPLE_LIMIT as f64;
        (0..PAIRWISE_SAMPLE_LIMIT)
            .map(|index| embeddings[(index as f64 * step) as usize])
            .collect()
    } else {
        embeddings.to_vec()
    };
    if sample.len() < 2 {
        return None;
    }

    let mut distances = Vec::with_capacity(sample.len() * (sample.len() - 1) / 2);
    for (index, first) in sample.iter().enumerate() {
        for second in &sample[index + 1..] {
            distances.push(cosine_distance(first, second));
        }
    }
    let mean = distances.iter().sum::<f64>() / distances.len() as f64;
    distances.sort_by(f64::total_cmp);
    let rank = ((distances.len() as f64 * 0.9).ceil() as usize).clamp(1, distances.len()) - 1;
    Some((round(mean), round(distances[rank])))
}

/// A person's centroid with the fields a candidate list needs.
#[derive(Debug, Clone)]
pub struct PersonCentroid {
    pub person_id: String,
    pub name: Option<String>,
    pub vector: Vec<f32>,
}

/// The centroids of all people, reused until the database changes.
///
/// The key is SQLite's `total_changes()` of the one server connection,
/// which grows with every insert, update and delete made through it.
#[derive(Debug, Default)]
pub struct CentroidCache(Mutex<Option<(u64, Arc<Vec<PersonCentroid>>)>>);

impl CentroidCache {
    /// Returns the cached centroids for `version`, loading them if the
    /// cache is empty or older.
    pub fn get_or_load<E>(
        &self,
        version: u64,
        load: impl FnOnce() -> Result<Vec<PersonCentroid>, E>,
    ) -> Result<Arc<Vec<PersonCentroid>>, E> {
        let mut cached = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((cached_version, centroids)) = cached.as_ref()
            && *cached_version == version
        {
            return Ok(Arc::clone(centroids));
        }
        let centroids = Arc::new(load()?);
        *cached = Some((version, Arc::clone(&centroids)));
        Ok(centroids)
    }
}

/// Distance from `embedding` to the centroid of `own_person` (when it has
/// one), and the `limit` nearest other people as (index, distance), nearest
/// first with the person id breaking ties.
pub fn nearest_people(
    embedding: &[f32],
    centroids: &[PersonCentroid],
    own_person: Option<&str>,
    limit: usize,
) -> (Option<f64>, Vec<(usize, f64)>) {
    let mut own_distance = None;
    let mut nearest: Vec<(usize, f64)> = Vec::with_capacity(limit + 1);
    for (index, centroid) in centroids.iter().enumerate() {
        let distance = cosine_distance(embedding, &centroid.vector);
        if own_person == Some(centroid.person_id.as_str()) {
            own_distance = Some(distance);
            continue;
        }
        let before = |other: &(usize, f64)| {
            distance
                .total_cmp(&other.1)
                .then_with(|| centroid.person_id.cmp(&centroids[other.0].person_id))
                .is_lt()
        };
        if nearest.len() == limit && nearest.last().is_none_or(|last| !before(last)) {
            continue;
        }
        let position = nearest.iter().position(before).unwrap_or(nearest.len());
        nearest.insert(position, (index, distance));
        nearest.truncate(limit);
    }
    (own_distance, nearest)
}

/// Rounds a distance to 6 decimals so responses stay readable.
pub fn round(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(index: usize) -> Vec<f32> {
        let mut vector = vec![0.0; EMBEDDING_DIM];
        vector[index] = 1.0;
        vector
    }

    #[test]
    fn blob_round_trip() {
        let vector = unit(3);
        assert_eq!(from_blob(&to_blob(&vector)), Some(vector));
        assert_eq!(from_blob(&[0u8; 5]), None);
    }

    #[test]
    fn centroid_is_normalised_sum() {
        let a = unit(0);
        let b = unit(1);
        let center = centroid([a.as_slice(), b.as_slice()]).unwrap();
        assert!((center[0] - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert!((dot(&center, &center) - 1.0).abs() < 1e-6);
        assert_eq!(centroid(std::iter::empty()), None);
    }

    #[test]
    fn distances() {
        assert!(cosine_distance(&unit(0), &unit(0)).abs() < 1e-9);
        assert!((cosine_distance(&unit(0), &unit(1)) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn nearest_excludes_own_person_and_sorts() {
        let centroids: Vec<PersonCentroid> = (0..6)
            .map(|index| PersonCentroid {
                person_id: format!("person_{index}"),
                name: None,
                vector: unit(index),
            })
            .collect();
        let mut embedding = vec![0.0f32; EMBEDDING_DIM];
        embedding[0] = 0.9;
        embedding[1] = 0.4;
        embedding[2] = 0.1;
        normalize(&mut embedding);

        let (own, nearest) = nearest_people(&embedding, &centroids, Some("person_0"), 2);
        assert!(own.is_some_and(|distance| distance < 0.1));
        let order: Vec<usize> = nearest.iter().map(|(index, _)| *index).collect();
        assert_eq!(order, vec![1, 2]);
    }

    #[test]
    fn dot_matches_naive_sum() {
        let a: Vec<f32> = (0..EMBEDDING_DIM)
            .map(|index| index as f32 / 100.0)
            .collect();
        let b: Vec<f32> = (0..EMBEDDING_DIM)
            .map(|index| 1.0 - index as f32 / 200.0)
            .collect();
        let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - naive).abs() < 1e-3);
    }

    #[test]
    fn pairwise_needs_two() {
        let a = unit(0);
        let b = unit(1);
        assert_eq!(pairwise_stats(&[a.as_slice()]), None);
        assert_eq!(
            pairwise_stats(&[a.as_slice(), b.as_slice()]),
            Some((1.0, 1.0))
        );
    }
}
