use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::TestServer;

/// Id of the asset `file` and its display size.
async fn asset_with_size(test: &TestServer, file: &str) -> (String, i64, i64) {
    let asset_id = test.asset_id(file).await;
    let asset = test.get_ok(&format!("/api/assets/{asset_id}")).await;
    (
        asset_id,
        asset["width"].as_i64().unwrap(),
        asset["height"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn faces_filter_by_asset_and_person() {
    let test = TestServer::start().await;
    let asset_id = test.asset_id("bar55.jpg").await;
    let on_asset = test
        .collect_pages(&format!("/api/faces?asset_id={asset_id}"), 3)
        .await;
    assert_eq!(on_asset.len(), 8);
    assert!(
        on_asset
            .iter()
            .all(|face| face["asset_id"] == asset_id.as_str())
    );

    let jesper = test.person_id("Jesper").await;
    let his = test
        .collect_pages(&format!("/api/faces?person_id={jesper}"), 200)
        .await;
    assert_eq!(his.len(), 11);
    assert!(his.iter().all(|face| face["person_id"] == jesper.as_str()));
    assert!(
        his.iter()
            .all(|face| face["source"] == "automatic" && face["confidence"].is_number())
    );
}

#[tokio::test]
async fn face_read_and_404s() {
    let test = TestServer::start().await;
    let page = test.get_ok("/api/faces?limit=1").await;
    let face_id = page["data"][0]["id"].as_str().unwrap().to_owned();
    let face = test.get_ok(&format!("/api/faces/{face_id}")).await;
    assert_eq!(face["id"], face_id.as_str());
    assert!(face["asset_urls"]["thumbnail"]["url"].is_string());
    assert!(face.get("cluster_assignment").is_none());

    assert_eq!(
        test.get("/api/faces/face_missing").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        test.patch("/api/faces/face_missing", json!({"person_id": null}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        test.delete("/api/faces/face_missing").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        test.get("/api/faces?include=faces").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn create_face_edge_flush_is_manual() {
    let test = TestServer::start().await;
    let (asset_id, width, height) = asset_with_size(&test, "wayne.jpg").await;
    let body = json!({"asset_id": asset_id, "bounding_box": {"x": width - 40, "y": height - 30, "w": 40, "h": 30}});
    let created = test.post("/api/faces", body).await;
    assert!(created.status.is_success(), "{}", created.body);
    assert_eq!(created.body["source"], "manual");
    assert_eq!(created.body["confidence"], Value::Null);
    assert_eq!(created.body["person_id"], Value::Null);
    assert_eq!(
        created.body["bounding_box"],
        json!({"x": width - 40, "y": height - 30, "w": 40, "h": 30})
    );

    let face_id = created.body["id"].as_str().unwrap();
    let listed = test
        .get_ok(&format!("/api/faces?asset_id={asset_id}&limit=200"))
        .await;
    assert!(
        listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|face| face["id"] == face_id)
    );

    let crop_url = created.body["asset_urls"]["thumbnail"]["url"]
        .as_str()
        .unwrap();
    let crop = reqwest::get(crop_url).await.unwrap();
    assert_eq!(crop.status(), StatusCode::OK);
}

#[tokio::test]
async fn create_face_rejects_bad_boxes() {
    let test = TestServer::start().await;
    let (asset_id, width, height) = asset_with_size(&test, "wayne.jpg").await;
    let cases = [
        (
            json!({"x": width - 40, "y": 0, "w": 41, "h": 10}),
            "body.bounding_box.w",
        ),
        (
            json!({"x": 0, "y": height - 10, "w": 10, "h": 11}),
            "body.bounding_box.h",
        ),
        (
            json!({"x": -1, "y": 0, "w": 10, "h": 10}),
            "body.bounding_box.x",
        ),
        (
            json!({"x": 0, "y": -5, "w": 10, "h": 10}),
            "body.bounding_box.y",
        ),
        (
            json!({"x": 0, "y": 0, "w": 0, "h": 10}),
            "body.bounding_box.w",
        ),
        (
            json!({"x": 0, "y": 0, "w": 10, "h": -3}),
            "body.bounding_box.h",
        ),
        (
            json!({"x": 1.5, "y": 0, "w": 10, "h": 10}),
            "body.bounding_box.x",
        ),
        (
            json!({"x": 0, "y": 0, "w": "10", "h": 10}),
            "body.bounding_box.w",
        ),
        (json!({"x": 0, "y": 0, "w": 10}), "body.bounding_box.h"),
    ];
    for (bounding_box, field) in cases {
        let reply = test
            .post(
                "/api/faces",
                json!({"asset_id": asset_id, "bounding_box": bounding_box}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bounding_box}"
        );
        assert_eq!(reply.location(), field, "{bounding_box}");
        assert!(
            reply
                .detail()
                .contains(field.trim_start_matches("body.bounding_box.")),
            "{}",
            reply.detail()
        );
    }

    let no_box = test.post("/api/faces", json!({"asset_id": asset_id})).await;
    assert_eq!(no_box.location(), "body.bounding_box");
    let not_json = test
        .client
        .post(test.url("/api/faces"))
        .bearer_auth(&test.server.token)
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let faces = test
        .get_ok(&format!("/api/faces?asset_id={asset_id}"))
        .await;
    assert!(
        faces["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|face| face["source"] == "automatic")
    );
}

#[tokio::test]
async fn create_face_unknown_references_are_404() {
    let test = TestServer::start().await;
    let box_ok = json!({"x": 0, "y": 0, "w": 10, "h": 10});
    let unknown_asset = test
        .post(
            "/api/faces",
            json!({"asset_id": "asset_nope", "bounding_box": box_ok}),
        )
        .await;
    assert_eq!(unknown_asset.status, StatusCode::NOT_FOUND);

    let asset_id = test.asset_id("snow.jpg").await;
    let unknown_person = test
        .post(
            "/api/faces",
            json!({"asset_id": asset_id, "bounding_box": box_ok, "person_id": "person_nope"}),
        )
        .await;
    assert_eq!(unknown_person.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn create_face_on_asset_without_size_is_422() {
    let test = TestServer::start().await;
    let asset_id = test.asset_id("snow.jpg").await;
    {
        let connection =
            rusqlite::Connection::open(test.data_dir().join(gumnut_server::db::DATABASE_FILE))
                .unwrap();
        connection
            .execute("UPDATE assets SET width = NULL WHERE id = ?1", [&asset_id])
            .unwrap();
    }
    let reply = test
        .post(
            "/api/faces",
            json!({"asset_id": asset_id, "bounding_box": {"x": 0, "y": 0, "w": 1, "h": 1}}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.detail().contains("unknown dimensions"),
        "{}",
        reply.detail()
    );
}

#[tokio::test]
async fn patch_face_assigns_detaches_and_keeps() {
    let test = TestServer::start().await;
    let jim = test.person_id("Jim").await;
    let wayne = test.person_id("Wayne").await;
    let faces = test.get_ok(&format!("/api/faces?person_id={jim}")).await;
    let face_id = faces["data"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/faces/{face_id}");

    let unchanged = test.patch(&path, json!({})).await;
    assert_eq!(unchanged.status, StatusCode::OK);
    assert_eq!(unchanged.body["person_id"], jim.as_str());

    let moved = test.patch(&path, json!({"person_id": wayne})).await;
    assert_eq!(moved.body["person_id"], wayne.as_str());
    // Jim and Wayne share both photos, so only the face counts change.
    let wayne_after = test
        .get_ok(&format!("/api/people/{wayne}?include=cluster_metrics"))
        .await;
    assert_eq!(wayne_after["cluster_metrics"]["face_count"], 3);
    assert_eq!(wayne_after["asset_count"], 2);
    let jim_after = test
        .get_ok(&format!("/api/people/{jim}?include=cluster_metrics"))
        .await;
    assert_eq!(jim_after["cluster_metrics"]["face_count"], 1);
    assert_eq!(jim_after["asset_count"], 1);

    let detached = test.patch(&path, json!({"person_id": null})).await;
    assert_eq!(detached.body["person_id"], Value::Null);
    assert_eq!(detached.body["bounding_box"], moved.body["bounding_box"]);

    let unknown = test.patch(&path, json!({"person_id": "person_nope"})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let wrong_type = test.patch(&path, json!({"person_id": 5})).await;
    assert_eq!(wrong_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong_type.location(), "body.person_id");
}

#[tokio::test]
async fn delete_face_keeps_asset_and_person() {
    let test = TestServer::start().await;
    let wayne = test.person_id("Wayne").await;
    let person = test.get_ok(&format!("/api/people/{wayne}")).await;
    let cover = person["thumbnail_face_id"].as_str().unwrap().to_owned();
    let face = test.get_ok(&format!("/api/faces/{cover}")).await;
    let asset_id = face["asset_id"].as_str().unwrap().to_owned();

    let deleted = test.delete(&format!("/api/faces/{cover}")).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(deleted.body, json!({}));
    assert_eq!(
        test.get(&format!("/api/faces/{cover}")).await.status,
        StatusCode::NOT_FOUND
    );
    test.get_ok(&format!("/api/assets/{asset_id}")).await;

    // The cover is repaired to the remaining face and the count drops.
    let after = test
        .get_ok(&format!("/api/people/{wayne}?include=cluster_metrics"))
        .await;
    assert_eq!(after["asset_count"], 1);
    assert_eq!(after["cluster_metrics"]["face_count"], 1);
    let new_cover = after["thumbnail_face_id"].as_str().unwrap();
    assert_ne!(new_cover, cover);
    let new_cover_face = test.get_ok(&format!("/api/faces/{new_cover}")).await;
    assert_eq!(new_cover_face["person_id"], wayne.as_str());

    // Deleting the last face leaves a person without a cover.
    test.delete(&format!("/api/faces/{new_cover}")).await;
    let empty = test
        .get_ok(&format!("/api/people/{wayne}?include=cluster_metrics"))
        .await;
    assert_eq!(empty["asset_count"], 0);
    assert_eq!(empty["thumbnail_face_id"], Value::Null);
    assert!(empty.get("cluster_metrics").is_none_or(Value::is_null));
}

#[tokio::test]
async fn cluster_assignment_ranks_other_people() {
    let test = TestServer::start().await;
    let jesper = test.person_id("Jesper").await;
    let page = test
        .get_ok(&format!(
            "/api/faces?person_id={jesper}&include=cluster_assignment&limit=200"
        ))
        .await;
    for face in page["data"].as_array().unwrap() {
        let assignment = &face["cluster_assignment"];
        let own = assignment["distance_to_person"]
            .as_f64()
            .expect("assigned face has a distance");
        assert!((0.0..0.2).contains(&own), "distance {own}");

        let candidates = assignment["candidates"].as_array().unwrap();
        assert!(!candidates.is_empty());
        assert!(candidates.len() <= 5, "{} candidates", candidates.len());
        assert!(
            candidates
                .iter()
                .all(|candidate| candidate["person_id"] != jesper.as_str())
        );
        let distances: Vec<f64> = candidates
            .iter()
            .map(|candidate| candidate["distance"].as_f64().unwrap())
            .collect();
        assert!(
            distances.windows(2).all(|pair| pair[0] <= pair[1]),
            "{distances:?}"
        );
    }

    let single = test
        .get_ok(&format!(
            "/api/faces/{}?include=cluster_assignment",
            page["data"][0]["id"].as_str().unwrap()
        ))
        .await;
    assert!(single["cluster_assignment"]["distance_to_person"].is_number());
}

#[tokio::test]
async fn manual_face_has_empty_assignment() {
    let test = TestServer::start().await;
    let asset_id = test.asset_id("snow.jpg").await;
    let created = test
        .post(
            "/api/faces",
            json!({"asset_id": asset_id, "bounding_box": {"x": 10, "y": 10, "w": 50, "h": 50}}),
        )
        .await;
    let face_id = created.body["id"].as_str().unwrap();
    let face = test
        .get_ok(&format!("/api/faces/{face_id}?include=cluster_assignment"))
        .await;
    assert_eq!(
        face["cluster_assignment"],
        json!({"distance_to_person": null, "candidates": []})
    );
}
