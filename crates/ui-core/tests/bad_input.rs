//! Responses the web app must survive without panicking: malformed JSON,
//! unknown and missing fields, unknown sizes, boxes outside their asset,
//! very long names and names with HTML in them.

use gumnut_types::error::error_message;
use gumnut_types::{Asset, BoundingBox, Face, Page, Person};
use gumnut_ui_core::DisplaySize;
use gumnut_ui_core::geometry::box_percent;
use serde_json::json;

const ASSET_ID: &str = "asset_2222222222222222222222";

#[test]
fn malformed_json_is_an_error() {
    for body in ["", "{", "{\"data\": [", "<html><body>Bad Gateway</body></html>", "null", "[]"] {
        let page = serde_json::from_str::<Page<Asset>>(body);
        assert!(page.is_err(), "{body:?} decoded as a page");
    }
}

#[test]
fn malformed_error_body_gives_readable_text() {
    let html = "<html><body>".to_owned() + &"x".repeat(5_000) + "</body></html>";
    let message = error_message(&html).unwrap_or_default();
    assert!(message.chars().count() <= 301, "the message keeps {} characters", message.chars().count());
    assert_eq!(error_message("{\"detail\": 42}").as_deref(), Some("{\"detail\": 42}"));
}

#[test]
fn unknown_fields_are_ignored() {
    let body = json!({
        "id": ASSET_ID,
        "width": 640,
        "height": 480,
        "brand_new_field": {"nested": [1, 2, 3]},
        "faces": [{
            "id": "face_1",
            "asset_id": ASSET_ID,
            "bounding_box": {"x": 1, "y": 2, "w": 3, "h": 4, "rotation": 0},
            "source": "automatic",
            "embedding_version": 7
        }]
    });
    let asset: Asset = serde_json::from_value(body).expect("unknown fields should be skipped");
    assert_eq!(asset.faces.map(|faces| faces.len()), Some(1));
}

#[test]
fn unknown_face_source_is_kept_as_unknown() {
    let body = json!({
        "id": "face_1",
        "asset_id": ASSET_ID,
        "bounding_box": {"x": 1, "y": 2, "w": 3, "h": 4},
        "source": "imported"
    });
    let face: Face = serde_json::from_value(body).expect("a new source value should decode");
    assert_eq!(face.source.as_str(), "unknown");
}

#[test]
fn missing_optional_fields_default() {
    let asset: Asset = serde_json::from_value(json!({"id": ASSET_ID})).expect("a bare asset should decode");
    assert_eq!(asset.width, None);
    assert_eq!(asset.faces, None);
    assert_eq!(asset.display_size(), None);

    let person: Person = serde_json::from_value(json!({"id": "person_1"})).expect("a bare person should decode");
    assert_eq!(person.display_name(), None);
    assert_eq!(person.thumbnail_url(), None);
}

#[test]
fn null_width_means_unknown_size() {
    let asset: Asset =
        serde_json::from_value(json!({"id": ASSET_ID, "width": null, "height": 480})).expect("null width should decode");
    assert_eq!(asset.display_size(), None);
    assert_eq!(DisplaySize::known(asset.width, asset.height), None);
    assert_eq!(DisplaySize::known(Some(0), Some(480)), None);
}

#[test]
fn negative_width_is_an_error() {
    let asset = serde_json::from_value::<Asset>(json!({"id": ASSET_ID, "width": -1, "height": 480}));
    assert!(asset.is_err());
}

#[test]
fn box_outside_asset_stays_finite() {
    let size = DisplaySize { width: 100, height: 50 };
    let outside = BoundingBox { x: 90, y: -10, w: 40, h: 200 };
    assert!(!outside.fits_within(size.width, size.height));

    let percent = box_percent(outside, size);
    for value in [percent.left, percent.top, percent.width, percent.height] {
        assert!(value.is_finite(), "{percent:?}");
    }
    assert!(percent.left + percent.width > 100.0);
}

#[test]
fn ten_thousand_character_name_decodes() {
    let name = "N".repeat(10_000);
    let person: Person =
        serde_json::from_value(json!({"id": "person_1", "name": name})).expect("a long name should decode");
    assert_eq!(person.display_name().map(str::len), Some(10_000));
}

#[test]
fn html_in_name_is_plain_text() {
    let name = "<img src=x onerror=alert(1)><b>Bold</b>";
    let person: Person =
        serde_json::from_value(json!({"id": "person_1", "name": name})).expect("an HTML name should decode");
    assert_eq!(person.display_name(), Some(name));
}

#[test]
fn blank_name_counts_as_unnamed() {
    let person: Person =
        serde_json::from_value(json!({"id": "person_1", "name": "   "})).expect("a blank name should decode");
    assert_eq!(person.display_name(), None);
}
