use std::collections::{HashMap, HashSet};

use gumnut_server::synthetic::{self, SyntheticOptions};

use crate::common::{TestServer, ids};

/// Generates a small synthetic library into `dir`, seeding the demo first.
fn generate(dir: &std::path::Path, options: SyntheticOptions) -> synthetic::SyntheticSummary {
    let mut connection = gumnut_server::db::open(dir).unwrap();
    gumnut_server::ensure_library(&connection).unwrap();
    let store = gumnut_server::media::MediaStore::new(dir);
    synthetic::generate(
        &mut connection,
        &gumnut_server::Config::default_demo_dir(),
        &store,
        options,
    )
    .unwrap()
}

#[tokio::test]
async fn synthetic_library_has_consistent_derived_fields() {
    let data = tempfile::tempdir().unwrap();
    let summary = generate(
        data.path(),
        SyntheticOptions {
            people: 60,
            faces: 400,
            seed: 3,
        },
    );
    assert_eq!(summary.people, 60);
    assert_eq!(summary.faces, 400);

    let dir = data.path().to_path_buf();
    let test = TestServer::start_with(move |config| config.data_dir = dir).await;
    let people = test
        .collect_pages("/api/people?name_filter=all&include=cluster_metrics", 200)
        .await;
    assert_eq!(
        people.len(),
        65,
        "60 synthetic people and the 5 demo people"
    );

    let faces = test.collect_pages("/api/faces?", 200).await;
    assert_eq!(faces.len(), 436);
    let mut assets_by_person: HashMap<&str, HashSet<&str>> = HashMap::new();
    for face in &faces {
        if let Some(person_id) = face["person_id"].as_str() {
            assets_by_person
                .entry(person_id)
                .or_default()
                .insert(face["asset_id"].as_str().unwrap());
        }
    }
    for person in &people {
        let id = person["id"].as_str().unwrap();
        let expected = assets_by_person.get(id).map_or(0, HashSet::len);
        assert_eq!(
            person["asset_count"].as_u64().unwrap() as usize,
            expected,
            "{id}"
        );
        if let Some(cover) = person["thumbnail_face_id"].as_str() {
            let face = faces
                .iter()
                .find(|face| face["id"] == cover)
                .expect("cover face exists");
            assert_eq!(face["person_id"], person["id"], "{id}");
        }
    }

    for sort in [
        "name_asc",
        "name_desc",
        "asset_count_asc",
        "asset_count_desc",
    ] {
        let path = format!("/api/people?name_filter=all&sort={sort}");
        let paged = ids(&test.collect_pages(&path, 7).await);
        let whole = ids(&test.collect_pages(&path, 200).await);
        assert_eq!(paged, whole, "{sort}");
    }
}

#[tokio::test]
async fn synthetic_crops_use_demo_media() {
    let data = tempfile::tempdir().unwrap();
    generate(
        data.path(),
        SyntheticOptions {
            people: 3,
            faces: 12,
            seed: 9,
        },
    );
    let dir = data.path().to_path_buf();
    let test = TestServer::start_with(move |config| config.data_dir = dir).await;

    let page = test.get_ok("/api/faces?limit=1").await;
    let url = page["data"][0]["asset_urls"]["thumbnail"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let crop = image::load_from_memory(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(
        i64::from(crop.width()),
        page["data"][0]["bounding_box"]["w"].as_i64().unwrap()
    );
}
