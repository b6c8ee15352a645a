//! Embedding math: centroids, cosine distances and cluster tightness.
//!
//! Embeddings are L2-normalised 128-d vectors, so the cosine distance of two
//! of them is `1 - dot(a, b)`: 0 for the same direction, 2 for opposite.

/// Dimension of the face embeddings (dlib's ResNet face descriptor).
pub const EMBEDDING_DIM: usize = 128;

/// Faces a person may have before the pairwise metrics use an evenly spaced
/// subset, which keeps a merge of huge clusters from taking quadratic time.
const PAIRWISE_SAMPLE_LIMIT: usize = 1000;

/// Encodes an embedding as little-endian f32 bytes for a BLOB column.
pub fn to_blob(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|value| value.to_le_bytes()).collect()
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

/// Dot product of two vectors of equal length.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
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
        sum.iter_mut().zip(embedding).for_each(|(total, value)| *total += value);
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
        (0..PAIRWISE_SAMPLE_LIMIT).map(|index| embeddings[(index as f64 * step) as usize]).collect()
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
    fn pairwise_needs_two() {
        let a = unit(0);
        let b = unit(1);
        assert_eq!(pairwise_stats(&[a.as_slice()]), None);
        assert_eq!(pairwise_stats(&[a.as_slice(), b.as_slice()]), Some((1.0, 1.0)));
    }
}
