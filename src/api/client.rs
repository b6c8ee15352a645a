//! HTTP plumbing: URL, bearer token, status check, error bodies, abort.

use gloo_net::http::{Method, Request, RequestBuilder, Response};
use gumnut_types::error::error_message;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::Serialize;
use serde::de::DeserializeOwned;
use web_sys::AbortController;

use super::ApiError;
use crate::session::{Session, SessionContext};

/// A snapshot of the credentials for one batch of calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    base_url: String,
    api_key: Option<String>,
}

impl ApiClient {
    /// Creates a client for an explicit session, as the settings form tests it.
    pub fn new(session: Session) -> Self {
        Self { base_url: session.base_url, api_key: session.api_key }
    }

    /// Creates a client for the app's current session. Calling it inside a resource
    /// makes the resource refetch when the user signs in or out.
    pub fn from_session(session: SessionContext) -> Self {
        Self::new(session.0.get())
    }

    /// Sends `GET {base_url}{path_and_query}` and decodes a 2xx JSON body.
    ///
    /// The request is aborted when the reactive owner that started it is
    /// cleaned up, such as a page being left or a resource refetching.
    pub async fn get_json<T: DeserializeOwned>(&self, path_and_query: &str) -> Result<T, ApiError> {
        let api_key = self.api_key.as_deref().ok_or_else(ApiError::not_signed_in)?;
        let url = format!("{}{}", self.base_url, path_and_query);

        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        if let Some(controller) = controller {
            let controller = SendWrapper::new(controller);
            on_cleanup(move || controller.abort());
        }

        let response = Request::get(&url)
            .header("Authorization", &format!("Bearer {api_key}"))
            .header("Accept", "application/json")
            .abort_signal(signal.as_ref())
            .send()
            .await
            .map_err(|error| self.network_error(error))?;

        decode(response).await
    }

    /// Sends `POST` with a JSON body and decodes a 2xx JSON body.
    ///
    /// Writes are never aborted when a page is left: an edit the user made
    /// must either persist or fail visibly.
    pub async fn post_json<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        self.send_json(Method::POST, path, Some(body)).await
    }

    /// Sends `PATCH` with a JSON body and decodes a 2xx JSON body.
    pub async fn patch_json<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        self.send_json(Method::PATCH, path, Some(body)).await
    }

    /// Sends `DELETE`; any 2xx status is success, with or without a body.
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        let response = self.send(Method::DELETE, path, None::<&()>).await?;
        check_status(response).await.map(|_| ())
    }

    async fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let response = self.send(method, path, body).await?;
        decode(response).await
    }

    async fn send<B: Serialize>(&self, method: Method, path: &str, body: Option<&B>) -> Result<Response, ApiError> {
        let api_key = self.api_key.as_deref().ok_or_else(ApiError::not_signed_in)?;
        let url = format!("{}{}", self.base_url, path);

        let builder = RequestBuilder::new(&url)
            .method(method)
            .header("Authorization", &format!("Bearer {api_key}"))
            .header("Accept", "application/json");
        let request = match body {
            Some(body) => builder.json(body).map_err(|error| ApiError::Decode(error.to_string()))?,
            None => builder.build().map_err(|error| ApiError::Decode(error.to_string()))?,
        };

        request.send().await.map_err(|error| self.network_error(error))
    }

    fn network_error(&self, error: gloo_net::Error) -> ApiError {
        ApiError::Network { base_url: self.base_url.clone(), message: error.to_string() }
    }
}

/// Turns a non-2xx response into its `ApiError`; passes a 2xx one through.
async fn check_status(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        return Ok(response);
    }

    let retry_after_secs = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.trim().parse::<u64>().ok());
    let body = response.text().await.unwrap_or_default();
    Err(ApiError::from_status(response.status(), error_message(&body), retry_after_secs))
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let response = check_status(response).await?;
    let body = response.text().await.map_err(|error| ApiError::Decode(error.to_string()))?;
    serde_json::from_str(&body).map_err(|error| ApiError::Decode(error.to_string()))
}
