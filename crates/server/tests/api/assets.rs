use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{TestServer, ids};

#[tokio::test]
async fn ping_is_public_and_plain() {
    let test = TestServer::start().await;
    let response = reqwest::get(test.url("/api/server/ping")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "pong");
}

#[tokio::test]
async fn missing_or_wrong_token_is_401() {
    let test = TestServer::start().await;
    let missing = reqwest::get(test.url("/api/assets")).await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    let body: Value = missing.json().await.unwrap();
    assert!(body["detail"].is_string());

    let wrong = test
        .client
        .get(test.url("/api/people"))
        .bearer_auth("gnt_wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn user_and_single_library() {
    let test = TestServer::start().await;
    let user = test.get_ok("/api/users/me").await;
    assert!(user["id"].as_str().unwrap().starts_with("intuser_"));

    let libraries = test.get_ok("/api/libraries").await;
    let libraries = libraries.as_array().expect("bare array");
    assert_eq!(libraries.len(), 1);
    assert!(libraries[0]["id"].as_str().unwrap().starts_with("lib_"));
    assert_eq!(libraries[0]["asset_count"], 26);

    let id = libraries[0]["id"].as_str().unwrap();
    assert_eq!(test.get_ok(&format!("/api/libraries/{id}")).await["id"], id);
    assert_eq!(
        test.get("/api/libraries/lib_nope").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        test.get_ok("/api/libraries?state=trashed").await,
        Value::Array(Vec::new())
    );
    assert_eq!(
        test.get("/api/libraries?state=gone").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn assets_are_lean_by_default() {
    let test = TestServer::start().await;
    let page = test.get_ok("/api/assets").await;
    let data = page["data"].as_array().unwrap();
    assert_eq!(data.len(), 20);
    assert_eq!(page["has_more"], true);

    let first = &data[0];
    let urls = first["asset_urls"].as_object().unwrap();
    assert_eq!(urls.keys().collect::<Vec<_>>(), vec!["thumbnail"]);
    assert!(
        urls["thumbnail"]["url"]
            .as_str()
            .unwrap()
            .starts_with(&test.server.base_url())
    );
    assert!(first.get("faces").is_none());
    assert_eq!(first["kind"], "original");
}

#[tokio::test]
async fn assets_newest_first_and_ascending() {
    let test = TestServer::start().await;
    let newest = test.collect_pages("/api/assets?", 200).await;
    let dates: Vec<String> = newest
        .iter()
        .map(|asset| asset["local_datetime"].as_str().unwrap_or("").to_owned())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    let oldest = test.collect_pages("/api/assets?order=asc", 200).await;
    let mut reversed = ids(&newest);
    reversed.reverse();
    assert_eq!(ids(&oldest), reversed);
}

#[tokio::test]
async fn asset_includes_fill_parts() {
    let test = TestServer::start().await;
    let asset_id = test.asset_id("qt-logo.jpg").await;
    let asset = test
        .get_ok(&format!(
            "/api/assets/{asset_id}?include=faces,people&include=variants,metadata"
        ))
        .await;

    assert_eq!(asset["faces"].as_array().unwrap().len(), 3);
    let names: Vec<&str> = asset["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names.len(), 3);
    for name in ["Jesper", "Jim", "Wayne"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    for variant in ["thumbnail", "small", "preview", "fullsize", "original"] {
        assert!(
            asset["asset_urls"][variant]["url"].is_string(),
            "variant {variant}"
        );
    }
    assert_eq!(asset["metadata"]["orientation"], 1);
}

#[tokio::test]
async fn asset_without_faces_has_empty_list() {
    let test = TestServer::start().await;
    let asset_id = test.asset_id("snow.jpg").await;
    let asset = test
        .get_ok(&format!("/api/assets/{asset_id}?include=faces"))
        .await;
    assert_eq!(asset["faces"], Value::Array(Vec::new()));
}

#[tokio::test]
async fn rotated_asset_reports_display_size() {
    let test = TestServer::start().await;
    for (file, width, height, orientation) in [
        ("wayne.jpg", 600, 800, 6),
        ("new_wave_1.jpg", 549, 800, 6),
        ("pool_2.jpg", 600, 800, 8),
        ("grand_canyon_1.jpg", 800, 535, 3),
    ] {
        let asset_id = test.asset_id(file).await;
        let asset = test
            .get_ok(&format!("/api/assets/{asset_id}?include=metadata,faces"))
            .await;
        assert_eq!(asset["width"], width, "{file}");
        assert_eq!(asset["height"], height, "{file}");
        assert_eq!(asset["metadata"]["orientation"], orientation, "{file}");
        for face in asset["faces"].as_array().unwrap() {
            let bounding_box = &face["bounding_box"];
            assert!(
                bounding_box["x"].as_i64().unwrap() + bounding_box["w"].as_i64().unwrap() <= width,
                "{file}"
            );
            assert!(
                bounding_box["y"].as_i64().unwrap() + bounding_box["h"].as_i64().unwrap() <= height,
                "{file}"
            );
        }
    }
}

#[tokio::test]
async fn asset_filters_ids_and_people() {
    let test = TestServer::start().await;
    let jesper = test.person_id("Jesper").await;
    let anne = test.person_id("Anne Helene").await;

    let with_jesper = test
        .collect_pages(&format!("/api/assets?person_ids={jesper}"), 200)
        .await;
    assert_eq!(with_jesper.len(), 11);
    let with_both = test
        .collect_pages(
            &format!("/api/assets?person_ids={jesper}&person_ids={anne}"),
            200,
        )
        .await;
    let comma = test
        .collect_pages(&format!("/api/assets?person_ids={jesper},{anne}"), 200)
        .await;
    assert_eq!(ids(&with_both), ids(&comma));
    assert!(!with_both.is_empty());
    assert!(with_both.len() < with_jesper.len());

    let some = ids(&with_both[..2.min(with_both.len())]);
    let by_ids = test
        .get_ok(&format!("/api/assets?ids={}", some.join(",")))
        .await;
    assert_eq!(ids(by_ids["data"].as_array().unwrap()), some);
    let unknown = test.get_ok("/api/assets?ids=asset_doesnotexist").await;
    assert_eq!(unknown["data"], Value::Array(Vec::new()));
}

#[tokio::test]
async fn asset_validation_and_not_found() {
    let test = TestServer::start().await;
    for (path, field) in [
        ("/api/assets?limit=0", "query.limit"),
        ("/api/assets?limit=201", "query.limit"),
        ("/api/assets?include=bogus", "query.include"),
        ("/api/assets?order=sideways", "query.order"),
    ] {
        let reply = test.get(path).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(reply.location(), field, "{path}");
    }
    let too_many: Vec<String> = (0..201).map(|index| format!("asset_{index}")).collect();
    let reply = test
        .get(&format!("/api/assets?ids={}", too_many.join(",")))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);

    let missing = test.get("/api/assets/asset_doesnotexist").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body["detail"].is_string());
    let bad_include = test
        .get(&format!(
            "/api/assets/{}?include=cluster_metrics",
            test.asset_id("snow.jpg").await
        ))
        .await;
    assert_eq!(bad_include.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn media_variants_and_crops_are_served() {
    let test = TestServer::start().await;
    let asset_id = test.asset_id("wayne.jpg").await;
    let asset = test
        .get_ok(&format!("/api/assets/{asset_id}?include=faces,variants"))
        .await;

    for (variant, longest) in [("thumbnail", 360), ("small", 720), ("preview", 800)] {
        let url = asset["asset_urls"][variant]["url"].as_str().unwrap();
        let response = reqwest::get(url).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{variant}");
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        let bytes = response.bytes().await.unwrap();
        let image = image::load_from_memory(&bytes).unwrap();
        // Portrait in display space, never upscaled past the original.
        assert_eq!(image.height(), longest, "{variant}");
        assert!(image.width() < image.height(), "{variant}");
    }

    let face = &asset["faces"][0];
    let crop_url = face["asset_urls"]["thumbnail"]["url"].as_str().unwrap();
    let crop =
        image::load_from_memory(&reqwest::get(crop_url).await.unwrap().bytes().await.unwrap())
            .unwrap();
    assert_eq!(
        i64::from(crop.width()),
        face["bounding_box"]["w"].as_i64().unwrap()
    );
    assert_eq!(
        i64::from(crop.height()),
        face["bounding_box"]["h"].as_i64().unwrap()
    );

    let wrong_token = crop_url.replace("/media/", "/media/x");
    assert_eq!(
        reqwest::get(wrong_token).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}
