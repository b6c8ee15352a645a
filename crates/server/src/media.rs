//! Image variants and face crops: decoding originals with their EXIF
//! orientation applied, resizing, cropping, and the URLs that serve them.
//!
//! Files live under `<data>/media`: `assets/<media key>/original.<ext>` and
//! its variants beside it, and `faces/<face id>.jpg` for face crops. Each
//! file is written once (to a temporary name, then renamed) and never
//! changes, so its URL can be cached forever.

use std::fs;
use std::io::{BufWriter, Cursor};
use std::path::{Path, PathBuf};

use gumnut_types::{AssetVariant, BoundingBox};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader};

use crate::db::rows::AssetRow;

/// Maximum edge of a face crop in pixels. Larger boxes are scaled down.
const CROP_MAX_EDGE: u32 = 360;
const JPEG_QUALITY: u8 = 85;

/// Failure to read, decode or write an image.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Image {
        path: PathBuf,
        source: image::ImageError,
    },
    #[error("no original image found in {0}")]
    MissingOriginal(PathBuf),
    #[error("face box {bounding_box:?} lies outside the {width}x{height} image")]
    BoxOutside {
        bounding_box: BoundingBox,
        width: u32,
        height: u32,
    },
}

/// A rendered variant of an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Thumbnail,
    Small,
    Preview,
    Fullsize,
    Original,
}

impl Variant {
    /// Every variant `include=variants` lists.
    pub const ALL: [Variant; 5] = [
        Variant::Thumbnail,
        Variant::Small,
        Variant::Preview,
        Variant::Fullsize,
        Variant::Original,
    ];

    /// Returns the key in `asset_urls`, which is also the last URL segment.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Thumbnail => "thumbnail",
            Variant::Small => "small",
            Variant::Preview => "preview",
            Variant::Fullsize => "fullsize",
            Variant::Original => "original",
        }
    }

    /// Parses a URL segment.
    pub fn from_name(name: &str) -> Option<Self> {
        Variant::ALL
            .into_iter()
            .find(|variant| variant.name() == name)
    }

    /// Maximum edge in pixels, or `None` for the full size.
    fn max_edge(self) -> Option<u32> {
        match self {
            Variant::Thumbnail => Some(360),
            Variant::Small => Some(720),
            Variant::Preview => Some(1440),
            Variant::Fullsize | Variant::Original => None,
        }
    }
}

/// Scales a `width`×`height` size to fit `max_edge`, never beyond the
/// original size.
pub fn fit_within(width: u32, height: u32, max_edge: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max_edge || longest == 0 {
        return (width, height);
    }
    let scale = f64::from(max_edge) / f64::from(longest);
    let scaled = |side: u32| ((f64::from(side) * scale).round() as u32).max(1);
    (scaled(width), scaled(height))
}

/// Builds absolute media URLs for one request's `Host`.
#[derive(Debug, Clone)]
pub struct MediaUrls {
    base: String,
    token: String,
}

impl MediaUrls {
    /// `base` is `http://host:port`; `token` is the media path secret.
    pub fn new(base: String, token: String) -> Self {
        MediaUrls { base, token }
    }

    /// URL and size of one variant of an asset.
    pub fn asset_variant(&self, asset: &AssetRow, variant: Variant) -> AssetVariant {
        let width = match (asset.display_size(), variant.max_edge()) {
            (Some((width, height)), Some(max_edge)) => Some(fit_within(width, height, max_edge).0),
            (Some((width, _)), None) => Some(width),
            (None, _) => None,
        };
        let mimetype = if variant == Variant::Original {
            asset.mime_type.clone()
        } else {
            "image/jpeg".to_owned()
        };
        AssetVariant {
            url: format!(
                "{}/media/{}/assets/{}/{}",
                self.base,
                self.token,
                asset.media_key,
                variant.name()
            ),
            mimetype: Some(mimetype),
            width,
        }
    }

    /// URL and size of a face crop.
    pub fn face_crop(&self, face_id: &str, bounding_box: &BoundingBox) -> AssetVariant {
        let width = u32::try_from(bounding_box.w).unwrap_or(0);
        let height = u32::try_from(bounding_box.h).unwrap_or(0);
        AssetVariant {
            url: format!(
                "{}/media/{}/faces/{face_id}/thumbnail",
                self.base, self.token
            ),
            mimetype: Some("image/jpeg".to_owned()),
            width: Some(fit_within(width, height, CROP_MAX_EDGE).0),
        }
    }
}

/// Size and orientation from an image header, read without decoding pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// Display-space size (orientation applied).
    pub width: u32,
    pub height: u32,
    /// Stored pixel size.
    pub raw_width: u32,
    pub raw_height: u32,
    /// EXIF orientation 1–8; 1 when the file has none.
    pub orientation: u8,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> MediaError + '_ {
    move |source| MediaError::Io {
        path: path.to_owned(),
        source,
    }
}

fn image_error(path: &Path) -> impl FnOnce(image::ImageError) -> MediaError + '_ {
    move |source| MediaError::Image {
        path: path.to_owned(),
        source,
    }
}

fn open_decoder(path: &Path) -> Result<impl ImageDecoder, MediaError> {
    ImageReader::open(path)
        .map_err(io_error(path))?
        .with_guessed_format()
        .map_err(io_error(path))?
        .into_decoder()
        .map_err(image_error(path))
}

/// Reads the size and orientation of an image from its header.
pub fn probe(path: &Path) -> Result<ImageInfo, MediaError> {
    let mut decoder = open_decoder(path)?;
    let (raw_width, raw_height) = decoder.dimensions();
    let orientation = decoder.orientation().map_err(image_error(path))?.to_exif();
    let swaps_sides = (5..=8).contains(&orientation);
    let (width, height) = if swaps_sides {
        (raw_height, raw_width)
    } else {
        (raw_width, raw_height)
    };
    Ok(ImageInfo {
        width,
        height,
        raw_width,
        raw_height,
        orientation,
    })
}

/// Decodes an image and applies its EXIF orientation, so the pixels are in
/// display space.
pub fn decode_display(path: &Path) -> Result<DynamicImage, MediaError> {
    let mut decoder = open_decoder(path)?;
    let orientation = decoder.orientation().map_err(image_error(path))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(image_error(path))?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// The media folder and its file layout.
#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    /// Creates a store rooted at `<data>/media`.
    pub fn new(data_dir: &Path) -> Self {
        MediaStore {
            root: data_dir.join("media"),
        }
    }

    fn asset_dir(&self, media_key: &str) -> PathBuf {
        self.root.join("assets").join(media_key)
    }

    /// Copies an original upload into the store, keeping its extension.
    pub fn import_original(&self, media_key: &str, source: &Path) -> Result<PathBuf, MediaError> {
        let dir = self.asset_dir(media_key);
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        let extension = source
            .extension()
            .and_then(|ext| ext.to_str())
            .unwrap_or("bin")
            .to_lowercase();
        let target = dir.join(format!("original.{extension}"));
        if !target.exists() {
            let temporary = dir.join(format!(".original.{extension}.tmp"));
            fs::copy(source, &temporary).map_err(io_error(source))?;
            fs::rename(&temporary, &target).map_err(io_error(&target))?;
        }
        Ok(target)
    }

    /// Path of the stored original of `media_key`.
    pub fn original(&self, media_key: &str) -> Result<PathBuf, MediaError> {
        let dir = self.asset_dir(media_key);
        let entries = fs::read_dir(&dir).map_err(io_error(&dir))?;
        entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| path.file_stem().is_some_and(|stem| stem == "original"))
            .ok_or(MediaError::MissingOriginal(dir))
    }

    /// Path of a variant, rendering it first if it does not exist yet.
    pub fn variant(&self, media_key: &str, variant: Variant) -> Result<PathBuf, MediaError> {
        if variant == Variant::Original {
            return self.original(media_key);
        }
        let path = self
            .asset_dir(media_key)
            .join(format!("{}.jpg", variant.name()));
        if path.exists() {
            return Ok(path);
        }

        let image = decode_display(&self.original(media_key)?)?;
        let resized = match variant.max_edge() {
            Some(max_edge) => {
                let (width, height) = fit_within(image.width(), image.height(), max_edge);
                if (width, height) == (image.width(), image.height()) {
                    image
                } else {
                    image.resize_exact(width, height, FilterType::CatmullRom)
                }
            }
            None => image,
        };
        write_jpeg(&resized, &path)?;
        Ok(path)
    }

    /// Path of a face crop, cutting it from the original if needed.
    pub fn face_crop(
        &self,
        face_id: &str,
        media_key: &str,
        bounding_box: &BoundingBox,
    ) -> Result<PathBuf, MediaError> {
        let path = self.root.join("faces").join(format!("{face_id}.jpg"));
        if path.exists() {
            return Ok(path);
        }

        let image = decode_display(&self.original(media_key)?)?;
        let crop = crop_box(&image, bounding_box)?;
        let (width, height) = fit_within(crop.width(), crop.height(), CROP_MAX_EDGE);
        let crop = if width == crop.width() {
            crop
        } else {
            crop.resize_exact(width, height, FilterType::CatmullRom)
        };
        write_jpeg(&crop, &path)?;
        Ok(path)
    }
}

/// Cuts a face box out of a display-space image.
pub fn crop_box(
    image: &DynamicImage,
    bounding_box: &BoundingBox,
) -> Result<DynamicImage, MediaError> {
    let outside = || MediaError::BoxOutside {
        bounding_box: *bounding_box,
        width: image.width(),
        height: image.height(),
    };
    if !bounding_box.fits_within(image.width(), image.height()) {
        return Err(outside());
    }
    let side = |value: i64| u32::try_from(value).map_err(|_| outside());
    Ok(image.crop_imm(
        side(bounding_box.x)?,
        side(bounding_box.y)?,
        side(bounding_box.w)?,
        side(bounding_box.h)?,
    ))
}

/// Encodes `image` as JPEG at `path`, through a temporary file so a reader
/// never sees a half-written image.
fn write_jpeg(image: &DynamicImage, path: &Path) -> Result<(), MediaError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    let mut bytes = Cursor::new(Vec::new());
    JpegEncoder::new_with_quality(BufWriter::new(&mut bytes), JPEG_QUALITY)
        .encode_image(&image.to_rgb8())
        .map_err(image_error(path))?;

    let temporary = path.with_extension(format!("{}.tmp", crate::ids::random_suffix()));
    fs::write(&temporary, bytes.get_ref()).map_err(io_error(&temporary))?;
    fs::rename(&temporary, path).map_err(io_error(path))?;
    Ok(())
}

/// Content type of a stored media file, from its extension.
pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../demo/orientation-fixtures")
            .join(name)
    }

    #[test]
    fn every_orientation_fixture_decodes_upright() {
        for orientation in 1..=8u8 {
            let path = fixture(&format!("astronaut_orientation_{orientation}.jpg"));
            let info = probe(&path).unwrap();
            assert_eq!(info.orientation, orientation, "{}", path.display());
            assert_eq!(
                (info.width, info.height),
                (512, 360),
                "probe of {}",
                path.display()
            );

            let image = decode_display(&path).unwrap();
            assert_eq!(
                (image.width(), image.height()),
                (512, 360),
                "decode of {}",
                path.display()
            );
        }
    }

    #[test]
    fn rotated_fixtures_share_pixels() {
        // The same face region must look alike whatever the stored layout.
        let face = BoundingBox {
            x: 178,
            y: 62,
            w: 89,
            h: 112,
        };
        let reference = crop_box(
            &decode_display(&fixture("astronaut_orientation_1.jpg")).unwrap(),
            &face,
        )
        .unwrap()
        .to_luma8();
        for orientation in 2..=8u8 {
            let image = decode_display(&fixture(&format!(
                "astronaut_orientation_{orientation}.jpg"
            )))
            .unwrap();
            let crop = crop_box(&image, &face).unwrap().to_luma8();
            let mean_difference = reference
                .pixels()
                .zip(crop.pixels())
                .map(|(a, b)| (i32::from(a.0[0]) - i32::from(b.0[0])).abs())
                .sum::<i32>() as f64
                / f64::from(face.w as u32 * face.h as u32);
            assert!(
                mean_difference < 12.0,
                "orientation {orientation}: mean difference {mean_difference}"
            );
        }
    }

    #[test]
    fn fit_never_upscales() {
        assert_eq!(fit_within(800, 600, 360), (360, 270));
        assert_eq!(fit_within(800, 600, 1440), (800, 600));
        assert_eq!(fit_within(549, 800, 360), (247, 360));
    }

    #[test]
    fn crop_rejects_box_outside() {
        let image = DynamicImage::new_rgb8(10, 10);
        assert!(
            crop_box(
                &image,
                &BoundingBox {
                    x: 5,
                    y: 5,
                    w: 6,
                    h: 1
                }
            )
            .is_err()
        );
        assert!(
            crop_box(
                &image,
                &BoundingBox {
                    x: 5,
                    y: 5,
                    w: 5,
                    h: 5
                }
            )
            .is_ok()
        );
    }
}
