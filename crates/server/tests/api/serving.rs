use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{TestServer, ids};

const INDEX_HTML: &str = "<!doctype html><html><head><script type=\"module\">import init from '/app.js'; init();</script>\
    </head><body><div id=\"app\"></div></body></html>";

async fn server_with_ui() -> (TestServer, tempfile::TempDir) {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(ui.path().join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(
        ui.path().join("app.js"),
        "export default function init() {}",
    )
    .unwrap();
    let ui_dir = ui.path().to_path_buf();
    let test = TestServer::start_with(move |config| config.ui_dir = Some(ui_dir)).await;
    (test, ui)
}

#[tokio::test]
async fn deep_links_get_index_html() {
    let (test, _ui) = server_with_ui().await;
    for path in [
        "/",
        "/people/person_x",
        "/assets/asset_1?face=face_2",
        "/settings",
    ] {
        let response = reqwest::get(test.url(path)).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.text().await.unwrap().contains("<div id=\"app\">"),
            "{path}"
        );
    }
    let script = reqwest::get(test.url("/app.js")).await.unwrap();
    assert!(script.text().await.unwrap().contains("export default"));
}

#[tokio::test]
async fn unknown_api_path_is_json_404() {
    let (test, _ui) = server_with_ui().await;
    let reply = test.get("/api/nope").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(reply.body["detail"].is_string());
}

#[tokio::test]
async fn ui_carries_content_security_policy() {
    let (test, _ui) = server_with_ui().await;
    let response = reqwest::get(test.url("/people/person_x")).await.unwrap();
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{policy}"
    );
    assert!(
        policy.contains("connect-src 'self' https://api.gumnut.ai"),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("base-uri 'none'"), "{policy}");
}

#[tokio::test]
async fn cors_preflight_is_204_and_echoes_origin() {
    let test = TestServer::start().await;
    let response = test
        .client
        .request(reqwest::Method::OPTIONS, test.url("/api/faces/face_x"))
        .header("Origin", "http://localhost:9000")
        .header("Access-Control-Request-Method", "PATCH")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://localhost:9000"
    );
    let methods = headers["access-control-allow-methods"].to_str().unwrap();
    assert!(methods.contains("PATCH"), "{methods}");
    assert!(methods.contains("DELETE"), "{methods}");
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
    assert!(allowed.contains("content-type"), "{allowed}");

    let simple = test
        .client
        .get(test.url("/api/people"))
        .bearer_auth(&test.server.token)
        .header("Origin", "http://localhost:9000")
        .send()
        .await
        .unwrap();
    assert_eq!(
        simple.headers()["access-control-allow-origin"],
        "http://localhost:9000"
    );
    let exposed = simple.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(exposed.contains("retry-after"), "{exposed}");
}

async fn snapshot(test: &TestServer) -> (Vec<String>, Vec<String>, Vec<String>) {
    let assets = ids(&test.collect_pages("/api/assets?", 200).await);
    let faces = ids(&test.collect_pages("/api/faces?", 200).await);
    let people = ids(&test.collect_pages("/api/people?name_filter=all", 200).await);
    (assets, faces, people)
}

#[tokio::test]
async fn seed_is_idempotent_and_reproducible() {
    let data = tempfile::tempdir().unwrap();

    let first = gumnut_server::start(gumnut_server::Config::for_tests(data.path().to_path_buf()))
        .await
        .unwrap();
    let token = first.token.clone();
    let first_test = TestServer {
        server: first,
        client: reqwest::Client::new(),
        data: tempfile::tempdir().unwrap(),
    };
    let before = snapshot(&first_test).await;
    assert_eq!(
        (before.0.len(), before.1.len(), before.2.len()),
        (26, 36, 5)
    );
    first_test.server.shutdown().await;

    let second = gumnut_server::start(gumnut_server::Config::for_tests(data.path().to_path_buf()))
        .await
        .unwrap();
    assert_eq!(second.token, token, "the generated token is kept");
    let second_test = TestServer {
        server: second,
        client: reqwest::Client::new(),
        data: tempfile::tempdir().unwrap(),
    };
    assert_eq!(snapshot(&second_test).await, before);

    // Another data folder mints the same ids.
    let other = TestServer::start().await;
    let mut other_ids = snapshot(&other).await;
    let mut expected = before.clone();
    for list in [
        &mut other_ids.0,
        &mut other_ids.1,
        &mut other_ids.2,
        &mut expected.0,
        &mut expected.1,
        &mut expected.2,
    ] {
        list.sort();
    }
    assert_eq!(other_ids, expected);
}

#[tokio::test]
async fn seeded_people_match_the_demo() {
    let test = TestServer::start().await;
    let people = test
        .collect_pages("/api/people?sort=name_asc&include=cluster_metrics", 200)
        .await;
    let summary: Vec<(String, u64)> = people
        .iter()
        .map(|person| {
            (
                person["name"].as_str().unwrap().to_owned(),
                person["cluster_metrics"]["face_count"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [("Anne Helene", 4), ("Jesper", 11), ("Jim", 2), ("Wayne", 2)];
    assert_eq!(
        summary,
        expected
            .map(|(name, count)| (name.to_owned(), count))
            .to_vec()
    );
    for person in &people {
        let cover = person["thumbnail_face_id"]
            .as_str()
            .expect("every seeded person has a cover");
        let face = test.get_ok(&format!("/api/faces/{cover}")).await;
        assert_eq!(face["person_id"], person["id"]);
        assert!(
            person["cluster_metrics"]["pairwise_p90"].as_f64().unwrap()
                >= person["cluster_metrics"]["pairwise_mean"].as_f64().unwrap() - 1e-9
        );
    }
    let unassigned = test
        .collect_pages("/api/faces?", 200)
        .await
        .into_iter()
        .filter(|face| face["person_id"] == Value::Null)
        .count();
    assert!(unassigned > 10);
}
