use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestServer, ids};

fn names(people: &[Value]) -> Vec<Option<String>> {
    people
        .iter()
        .map(|person| person["name"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn people_default_to_named() {
    let test = TestServer::start().await;
    let named = test.collect_pages("/api/people?", 200).await;
    assert_eq!(named.len(), 4);
    assert!(named.iter().all(|person| person["name"].is_string()));

    let all = test.collect_pages("/api/people?name_filter=all", 200).await;
    assert_eq!(all.len(), 5);
    let unnamed = test
        .collect_pages("/api/people?name_filter=unnamed", 200)
        .await;
    assert_eq!(unnamed.len(), 1);
    let cluster = &unnamed[0];
    let count = cluster["asset_count"].as_u64().unwrap();
    assert!(
        (2..=3).contains(&count),
        "unnamed cluster has {count} photos"
    );

    // With ids the default filter becomes all.
    let by_ids = test
        .get_ok(&format!(
            "/api/people?ids={}",
            cluster["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(by_ids["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn people_name_search_is_unicode_aware() {
    let test = TestServer::start().await;
    for name in ["Ørjan Ågesen", "ΣΩΚΡΆΤΗΣ", "דנה לוי", "🙂 Smiley"] {
        let created = test.post("/api/people", json!({"name": name})).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    }
    for (query, expected) in [
        ("ørjan", "Ørjan Ågesen"),
        ("ÅGES", "Ørjan Ågesen"),
        ("σωκ", "ΣΩΚΡΆΤΗΣ"),
        ("לוי", "דנה לוי"),
        ("🙂", "🙂 Smiley"),
        ("anne h", "Anne Helene"),
    ] {
        let encoded: String = form_encode(query);
        let found = test.get_ok(&format!("/api/people?name={encoded}")).await;
        assert_eq!(
            names(found["data"].as_array().unwrap()),
            vec![Some(expected.to_owned())],
            "query {query}"
        );
    }
}

fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn blank_name_search_is_ignored() {
    let test = TestServer::start().await;
    let all = test.collect_pages("/api/people?name_filter=all", 200).await;
    let blank = test
        .collect_pages("/api/people?name_filter=all&name=%20%20", 200)
        .await;
    assert_eq!(ids(&blank), ids(&all));
}

#[tokio::test]
async fn person_create_accepts_empty_body() {
    let test = TestServer::start().await;
    let response = test
        .client
        .post(test.url("/api/people"))
        .bearer_auth(&test.server.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let person: Value = response.json().await.unwrap();
    assert_eq!(person["name"], Value::Null);
}

#[tokio::test]
async fn people_sorts() {
    let test = TestServer::start().await;
    test.post("/api/people", json!({"name": "ada"})).await;
    test.post("/api/people", json!({"name": "Zoë"})).await;

    let by_name = test
        .collect_pages("/api/people?name_filter=all&sort=name_asc", 200)
        .await;
    let listed = names(&by_name);
    assert_eq!(listed.first().cloned().flatten().as_deref(), Some("ada"));
    assert_eq!(listed.last().cloned().flatten(), None, "unnamed last");

    let descending = names(
        &test
            .collect_pages("/api/people?name_filter=all&sort=name_desc", 200)
            .await,
    );
    assert_eq!(
        descending.first().cloned().flatten().as_deref(),
        Some("Zoë")
    );
    assert_eq!(descending.last().cloned().flatten(), None, "unnamed last");

    let by_count = test
        .collect_pages("/api/people?sort=asset_count_desc", 200)
        .await;
    let counts: Vec<u64> = by_count
        .iter()
        .map(|person| person["asset_count"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|pair| pair[0] >= pair[1]),
        "{counts:?}"
    );
    assert_eq!(by_count[0]["name"], "Jesper");

    let rejected = test
        .get("/api/people?sort=name_asc&name_filter=unnamed")
        .await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rejected.location(), "query.sort");
    for path in [
        "/api/people?sort=size",
        "/api/people?name_filter=some",
        "/api/people?include=faces",
        "/api/people?limit=500",
    ] {
        assert_eq!(
            test.get(path).await.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
    }
}

#[tokio::test]
async fn people_by_asset() {
    let test = TestServer::start().await;
    let asset_id = test.asset_id("wayne.jpg").await;
    let people = test
        .get_ok(&format!("/api/people?asset_id={asset_id}"))
        .await;
    let mut listed: Vec<String> = names(people["data"].as_array().unwrap())
        .into_iter()
        .flatten()
        .collect();
    listed.sort();
    assert_eq!(listed, vec!["Jim", "Wayne"]);
}

#[tokio::test]
async fn person_create_read_update() {
    let test = TestServer::start().await;
    let created = test
        .post(
            "/api/people",
            json!({"name": "  Grace  ", "birth_date": "1906-12-09"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["name"], "Grace");
    assert_eq!(created.body["asset_count"], 0);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let path = format!("/api/people/{id}");

    let read = test
        .get_ok(&format!("{path}?include=cluster_metrics"))
        .await;
    assert_eq!(read["birth_date"], "1906-12-09");
    assert!(read.get("cluster_metrics").is_none_or(Value::is_null));

    let renamed = test
        .patch(&path, json!({"name": "Grace Hopper", "is_favorite": true}))
        .await;
    assert_eq!(renamed.body["name"], "Grace Hopper");
    assert_eq!(renamed.body["is_favorite"], true);
    assert_eq!(renamed.body["birth_date"], "1906-12-09", "absent keys stay");

    let blank = test.patch(&path, json!({"name": "   "})).await;
    assert_eq!(blank.body["name"], Value::Null);
    let cleared = test
        .patch(&path, json!({"birth_date": null, "is_hidden": true}))
        .await;
    assert_eq!(cleared.body["birth_date"], Value::Null);
    assert_eq!(cleared.body["is_hidden"], true);
}

#[tokio::test]
async fn person_update_validation() {
    let test = TestServer::start().await;
    let jesper = test.person_id("Jesper").await;
    let path = format!("/api/people/{jesper}");
    let long_name = "x".repeat(1001);
    for (body, field) in [
        (json!({"name": long_name}), "body.name"),
        (json!({"name": 5}), "body.name"),
        (json!({"birth_date": "1990-02-30"}), "body.birth_date"),
        (json!({"birth_date": "12/01/1990"}), "body.birth_date"),
        (json!({"is_hidden": "yes"}), "body.is_hidden"),
    ] {
        let reply = test.patch(&path, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(reply.location(), field, "{body}");
    }
    assert_eq!(
        test.patch(&path, json!({"name": "é".repeat(1000)}))
            .await
            .status,
        StatusCode::OK
    );

    let wayne = test.person_id("Wayne").await;
    let wayne_face =
        test.get_ok(&format!("/api/faces?person_id={wayne}")).await["data"][0]["id"].clone();
    let foreign = test
        .patch(&path, json!({"thumbnail_face_id": wayne_face}))
        .await;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(foreign.location(), "body.thumbnail_face_id");

    let own_faces = test
        .get_ok(&format!("/api/faces?person_id={jesper}&limit=200"))
        .await;
    let last = own_faces["data"].as_array().unwrap().last().unwrap()["id"].clone();
    let chosen = test.patch(&path, json!({"thumbnail_face_id": last})).await;
    assert_eq!(chosen.body["thumbnail_face_id"], last);
    assert!(
        chosen.body["asset_urls"]["thumbnail"]["url"]
            .as_str()
            .unwrap()
            .contains(last.as_str().unwrap())
    );

    assert_eq!(
        test.patch("/api/people/person_nope", json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        test.get("/api/people/person_nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn person_delete_unassigns_faces() {
    let test = TestServer::start().await;
    let anne = test.person_id("Anne Helene").await;
    let faces = ids(&test
        .collect_pages(&format!("/api/faces?person_id={anne}"), 200)
        .await);
    assert_eq!(faces.len(), 4);

    let deleted = test.delete(&format!("/api/people/{anne}")).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(deleted.body, json!({}));
    assert_eq!(
        test.get(&format!("/api/people/{anne}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        test.delete(&format!("/api/people/{anne}")).await.status,
        StatusCode::NOT_FOUND
    );
    for face_id in &faces {
        assert_eq!(
            test.get_ok(&format!("/api/faces/{face_id}")).await["person_id"],
            Value::Null
        );
    }
}

#[tokio::test]
async fn merge_moves_faces_and_repairs_target() {
    let test = TestServer::start().await;
    let jim = test.person_id("Jim").await;
    let wayne = test.person_id("Wayne").await;
    let anne = test.person_id("Anne Helene").await;

    let merged = test
        .post(
            &format!("/api/people/{jim}/merge"),
            json!({"source_person_ids": [wayne, anne]}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    assert_eq!(merged.body["id"], jim.as_str());
    assert_eq!(merged.body["name"], "Jim");

    let target = test
        .get_ok(&format!("/api/people/{jim}?include=cluster_metrics"))
        .await;
    assert_eq!(target["cluster_metrics"]["face_count"], 8);
    let faces = test
        .collect_pages(&format!("/api/faces?person_id={jim}"), 200)
        .await;
    assert_eq!(faces.len(), 8);
    let mut assets: Vec<&str> = faces
        .iter()
        .filter_map(|face| face["asset_id"].as_str())
        .collect();
    assets.sort_unstable();
    assets.dedup();
    assert_eq!(target["asset_count"], assets.len());
    let cover = target["thumbnail_face_id"].as_str().unwrap();
    assert!(faces.iter().any(|face| face["id"] == cover));

    for source in [&wayne, &anne] {
        assert_eq!(
            test.get(&format!("/api/people/{source}")).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn merge_validation() {
    let test = TestServer::start().await;
    let jim = test.person_id("Jim").await;
    let wayne = test.person_id("Wayne").await;
    let path = format!("/api/people/{jim}/merge");

    let into_itself = test.post(&path, json!({"source_person_ids": [jim]})).await;
    assert_eq!(into_itself.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(into_itself.location(), "body.source_person_ids");
    let empty = test.post(&path, json!({"source_person_ids": []})).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let too_many: Vec<String> = (0..51).map(|index| format!("person_{index}")).collect();
    assert_eq!(
        test.post(&path, json!({"source_person_ids": too_many}))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        test.post(&path, json!({})).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let unknown_source = test
        .post(&path, json!({"source_person_ids": ["person_nope"]}))
        .await;
    assert_eq!(unknown_source.status, StatusCode::NOT_FOUND);
    let unknown_target = test
        .post(
            "/api/people/person_nope/merge",
            json!({"source_person_ids": [wayne]}),
        )
        .await;
    assert_eq!(unknown_target.status, StatusCode::NOT_FOUND);
    // Nothing moved after the failures.
    assert_eq!(
        test.get_ok(&format!("/api/people/{wayne}")).await["asset_count"],
        2
    );
}

#[tokio::test]
async fn merge_of_empty_unnamed_people_is_204() {
    let test = TestServer::start().await;
    let target = test.post("/api/people", json!({})).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let source = test.post("/api/people", json!({})).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = test
        .client
        .post(test.url(&format!("/api/people/{target}/merge")))
        .bearer_auth(&test.server.token)
        .json(&json!({"source_person_ids": [source]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.bytes().await.unwrap().is_empty());
    assert_eq!(
        test.get(&format!("/api/people/{target}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn assigning_to_coverless_person_sets_cover() {
    let test = TestServer::start().await;
    let person = test.post("/api/people", json!({"name": "New"})).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let unassigned = test.collect_pages("/api/faces?", 200).await;
    let face = unassigned
        .iter()
        .find(|face| face["person_id"].is_null())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    test.patch(&format!("/api/faces/{face}"), json!({"person_id": person}))
        .await;
    let after = test.get_ok(&format!("/api/people/{person}")).await;
    assert_eq!(after["thumbnail_face_id"], face.as_str());
    assert_eq!(after["asset_count"], 1);

    test.patch(&format!("/api/faces/{face}"), json!({"person_id": null}))
        .await;
    let emptied = test.get_ok(&format!("/api/people/{person}")).await;
    assert_eq!(emptied["thumbnail_face_id"], Value::Null);
    assert_eq!(emptied["asset_count"], 0);
}
