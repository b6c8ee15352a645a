use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::TestServer;

async fn set_faults(test: &TestServer, body: Value) -> Value {
    let response = test
        .client
        .post(test.url("/__test/faults"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn fail_next_fails_exactly_the_next_request() {
    let test = TestServer::start().await;
    let settings = set_faults(&test, json!({"fail_next": 1, "fail_status": 503})).await;
    assert_eq!(settings["fail_next"], 1);

    // Ping is never faulted and does not use up the failure.
    assert_eq!(
        reqwest::get(test.url("/api/server/ping"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let failed = test.get("/api/people").await;
    assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(failed.body["detail"].is_string());
    assert_eq!(test.get("/api/people").await.status, StatusCode::OK);
}

#[tokio::test]
async fn injected_failure_does_not_write() {
    let test = TestServer::start().await;
    set_faults(&test, json!({"fail_next": 1})).await;
    let failed = test.post("/api/people", json!({"name": "Ghost"})).await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    let found = test.get_ok("/api/people?name=ghost").await;
    assert_eq!(found["data"], json!([]));
}

#[tokio::test]
async fn rate_limit_carries_retry_after() {
    let test = TestServer::start().await;
    set_faults(
        &test,
        json!({"rate_limit_rate": 1.0, "retry_after_secs": 2}),
    )
    .await;
    let limited = test.get("/api/assets").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers["retry-after"], "2");

    let cleared = test
        .client
        .delete(test.url("/__test/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), StatusCode::OK);
    assert_eq!(test.get("/api/assets").await.status, StatusCode::OK);
}

#[tokio::test]
async fn rate_limit_from_config() {
    let test = TestServer::start_with(|config| {
        config.faults.rate_limit_rate = 1.0;
        config.faults.retry_after_secs = 7;
    })
    .await;
    let limited = test.get("/api/people").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers["retry-after"], "7");
}

#[tokio::test]
async fn dropped_connection_still_persists_the_edit() {
    let test = TestServer::start().await;
    set_faults(&test, json!({"drop_rate": 1.0})).await;
    let result = test
        .client
        .post(test.url("/api/people"))
        .bearer_auth(&test.server.token)
        .json(&json!({"name": "Persisted"}))
        .send()
        .await;
    let failed = match result {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(failed, "the client should see a network error");

    test.client
        .delete(test.url("/__test/faults"))
        .send()
        .await
        .unwrap();
    let found = test.get_ok("/api/people?name=persisted").await;
    assert_eq!(found["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn request_log_lists_api_requests() {
    let test = TestServer::start().await;
    test.get("/api/faces?limit=2").await;
    test.post("/api/people", json!({"name": "Logged"})).await;
    let log: Vec<Value> = test
        .client
        .get(test.url("/__test/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let faces = log
        .iter()
        .find(|entry| entry["path"] == "/api/faces")
        .expect("faces request logged");
    assert_eq!(faces["method"], "GET");
    assert_eq!(faces["query"], "limit=2");
    assert_eq!(faces["status"], 200);
    assert!(faces["received_at_ms"].is_u64());
    assert!(log.iter().any(|entry| entry["path"] == "/api/people"
        && entry["method"] == "POST"
        && entry["status"] == 201));
}

#[tokio::test]
async fn test_controls_absent_by_default() {
    let test = TestServer::start_with(|config| config.test_controls = false).await;
    let response = test
        .client
        .post(test.url("/__test/faults"))
        .json(&json!({"fail_next": 1}))
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), StatusCode::OK);
    assert_eq!(test.get("/api/people").await.status, StatusCode::OK);
}
