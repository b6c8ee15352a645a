//! A small client for checking server state from a test: the Gumnut API
//! with the bearer token, and the server's `/__test/*` controls.

use gumnut_types::{Asset, AssetId, Page, Person, PersonId};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::E2eError;

/// Largest page the API serves; listing with it keeps the loops short.
const MAX_PAGE_SIZE: usize = 200;

/// One `/api` request as `GET /__test/requests` logs it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RequestLogEntry {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub query: Option<String>,
    pub status: u16,
    #[serde(default)]
    pub received_at_ms: Option<u64>,
}

/// API client for one test server.
#[derive(Debug, Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base_url: String,
    token: String,
}

impl ApiClient {
    /// Creates a client for the server at `base_url` (no trailing slash).
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            http: reqwest::Client::new(),
            base_url: base_url.into(),
            token: token.into(),
        }
    }

    /// Sends an authenticated `GET` of `path_and_query` and decodes the JSON body.
    pub async fn get<T: DeserializeOwned>(&self, path_and_query: &str) -> Result<T, E2eError> {
        let response = self
            .http
            .get(format!("{}{path_and_query}", self.base_url))
            .bearer_auth(&self.token)
            .send()
            .await?;
        decode("GET", path_and_query, response).await
    }

    /// Lists every live asset, following the pagination to the end.
    pub async fn all_assets(&self) -> Result<Vec<Asset>, E2eError> {
        self.list_all("/api/assets?", |asset: &Asset| asset.id.to_string())
            .await
    }

    /// Finds the asset whose `original_file_name` is `file_name`.
    pub async fn asset_by_file_name(&self, file_name: &str) -> Result<Asset, E2eError> {
        self.all_assets()
            .await?
            .into_iter()
            .find(|asset| asset.original_file_name.as_deref() == Some(file_name))
            .ok_or_else(|| {
                E2eError::Unexpected(format!("no asset with original_file_name {file_name}"))
            })
    }

    /// Fetches one asset with its faces (`include=faces`).
    pub async fn asset_with_faces(&self, id: &AssetId) -> Result<Asset, E2eError> {
        self.get(&format!("/api/assets/{id}?include=faces")).await
    }

    /// Lists every person, named or not, following the pagination to the end.
    pub async fn all_people(&self) -> Result<Vec<Person>, E2eError> {
        self.list_all("/api/people?name_filter=all&", |person: &Person| {
            person.id.to_string()
        })
        .await
    }

    /// Finds the person named exactly `name`.
    pub async fn person_by_name(&self, name: &str) -> Result<Person, E2eError> {
        self.all_people()
            .await?
            .into_iter()
            .find(|person| person.name.as_deref() == Some(name))
            .ok_or_else(|| E2eError::Unexpected(format!("no person named {name}")))
    }

    /// Fetches one person by id.
    pub async fn person(&self, id: &PersonId) -> Result<Person, E2eError> {
        self.get(&format!("/api/people/{id}")).await
    }

    /// Collects every item of a paginated list. `path` ends in `?` or `&`, so the
    /// page size and cursor can be appended.
    async fn list_all<T: DeserializeOwned>(
        &self,
        path: &str,
        id_of: fn(&T) -> String,
    ) -> Result<Vec<T>, E2eError> {
        let mut items: Vec<T> = Vec::new();
        loop {
            let mut page_path = format!("{path}limit={MAX_PAGE_SIZE}");
            if let Some(last) = items.last() {
                page_path.push_str(&format!("&starting_after_id={}", id_of(last)));
            }

            let page: Page<T> = self.get(&page_path).await?;
            let done = !page.has_more || page.data.is_empty();
            items.extend(page.data);
            if done {
                return Ok(items);
            }
        }
    }

    /// Merges `settings` into the server's fault injection
    /// (`POST /__test/faults`), e.g. `{"fail_next": 20, "fail_status": 500}`.
    pub async fn set_faults(&self, settings: &serde_json::Value) -> Result<(), E2eError> {
        let path = "/__test/faults";
        let response = self
            .http
            .post(format!("{}{path}", self.base_url))
            .json(settings)
            .send()
            .await?;
        decode::<serde_json::Value>("POST", path, response)
            .await
            .map(drop)
    }

    /// Turns every fault off (`DELETE /__test/faults`).
    pub async fn clear_faults(&self) -> Result<(), E2eError> {
        let path = "/__test/faults";
        let response = self
            .http
            .delete(format!("{}{path}", self.base_url))
            .send()
            .await?;
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            return Err(E2eError::Api {
                method: "DELETE",
                path: path.to_owned(),
                status: status.as_u16(),
                body,
            });
        }
        Ok(())
    }

    /// Fetches the server's log of `/api` requests so far (`GET /__test/requests`).
    pub async fn request_log(&self) -> Result<Vec<RequestLogEntry>, E2eError> {
        let path = "/__test/requests";
        let response = self
            .http
            .get(format!("{}{path}", self.base_url))
            .send()
            .await?;
        decode("GET", path, response).await
    }
}

async fn decode<T: DeserializeOwned>(
    method: &'static str,
    path: &str,
    response: reqwest::Response,
) -> Result<T, E2eError> {
    let status = response.status();
    let body = response.text().await?;
    if !status.is_success() {
        return Err(E2eError::Api {
            method,
            path: path.to_owned(),
            status: status.as_u16(),
            body,
        });
    }

    serde_json::from_str(&body).map_err(|error| {
        E2eError::Unexpected(format!(
            "{method} {path} returned a body that does not decode ({error}): {body}"
        ))
    })
}
