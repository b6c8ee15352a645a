//! A running server with a client that sends the bearer token.

use std::path::PathBuf;

use gumnut_server::{Config, RunningServer};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tempfile::TempDir;

/// A demo-seeded server on its own data folder, stopped on drop of the
/// runtime.
pub struct TestServer {
    pub server: RunningServer,
    pub client: reqwest::Client,
    pub data: TempDir,
}

/// A response status and its JSON body (`Value::Null` when the body is
/// empty or not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// Returns the `detail` of an error body as text, including validation items.
    pub fn detail(&self) -> String {
        self.body["detail"].to_string()
    }

    /// Returns the FastAPI `loc` of the first validation item, joined with dots.
    pub fn location(&self) -> String {
        self.body["detail"][0]["loc"]
            .as_array()
            .map(|parts| {
                parts
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .unwrap_or_default()
    }
}

impl TestServer {
    /// Starts a server with [`Config::for_tests`].
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// Starts a server after `adjust` changed the test configuration.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let data = tempfile::tempdir().expect("temporary data folder");
        let mut config = Config::for_tests(data.path().to_path_buf());
        adjust(&mut config);
        let server = gumnut_server::start(config).await.expect("server starts");
        TestServer {
            server,
            client: reqwest::Client::new(),
            data,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    pub fn data_dir(&self) -> PathBuf {
        self.data.path().to_path_buf()
    }

    /// Sends an authorised request with an optional JSON body.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(&self.server.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request completes");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body arrives");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }

    /// Sends a GET, checks for 200 and returns the body.
    pub async fn get_ok(&self, path: &str) -> Value {
        let reply = self.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "GET {path}: {}", reply.body);
        reply.body
    }

    /// Collects every item of a paginated list, following `starting_after_id`.
    /// `path` must already contain a `?`.
    pub async fn collect_pages(&self, path: &str, limit: usize) -> Vec<Value> {
        let mut items: Vec<Value> = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..1000 {
            let mut page_path = format!("{path}&limit={limit}");
            if let Some(cursor) = &cursor {
                page_path.push_str(&format!("&starting_after_id={cursor}"));
            }
            let page = self.get_ok(&page_path).await;
            let data = page["data"].as_array().cloned().unwrap_or_default();
            assert!(data.len() <= limit, "page larger than limit");
            items.extend(data.iter().cloned());
            if !page["has_more"].as_bool().unwrap_or(false) || data.is_empty() {
                return items;
            }
            cursor = data
                .last()
                .and_then(|item| item["id"].as_str())
                .map(str::to_owned);
        }
        panic!("pagination of {path} did not end");
    }

    /// Looks up a person's id by exact name.
    pub async fn person_id(&self, name: &str) -> String {
        let people = self.get_ok("/api/people?name_filter=all&limit=200").await;
        people["data"]
            .as_array()
            .and_then(|people| people.iter().find(|person| person["name"] == name))
            .and_then(|person| person["id"].as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no person named {name}"))
    }

    /// Looks up an asset's id by original file name.
    pub async fn asset_id(&self, file_name: &str) -> String {
        let assets = self.get_ok("/api/assets?limit=200").await;
        assets["data"]
            .as_array()
            .and_then(|assets| {
                assets
                    .iter()
                    .find(|asset| asset["original_file_name"] == file_name)
            })
            .and_then(|asset| asset["id"].as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no asset named {file_name}"))
    }
}

/// Extracts the ids of a list of JSON items.
pub fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| item["id"].as_str())
        .map(str::to_owned)
        .collect()
}
