//! A chromedriver process on a free local port, killed on drop.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::E2eError;
use crate::paths::program_from_env;

/// Environment variable that overrides the chromedriver path.
pub const CHROMEDRIVER_VAR: &str = "CHROMEDRIVER";

const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long chromedriver may take to answer `/status` after it starts.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

const READY_POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Another process can take the free port between probing and binding, so
/// starting is tried a few times.
const START_ATTEMPTS: usize = 3;

/// A running chromedriver. Dropping it kills the process.
#[derive(Debug)]
pub struct Chromedriver {
    child: Child,
    url: String,
    path: PathBuf,
    // Holds chromedriver's stdout and stderr, read back when it fails.
    log_dir: TempDir,
}

impl Chromedriver {
    /// Starts chromedriver (`CHROMEDRIVER` or `/usr/bin/chromedriver`) on a
    /// free port and waits until it reports that it is ready.
    pub async fn start() -> Result<Self, E2eError> {
        let path = program_from_env(CHROMEDRIVER_VAR, DEFAULT_CHROMEDRIVER);

        let mut last_error = None;
        for _ in 0..START_ATTEMPTS {
            match Self::start_once(&path).await {
                Ok(chromedriver) => return Ok(chromedriver),
                Err(error) => last_error = Some(error),
            }
        }
        Err(last_error.unwrap_or_else(|| E2eError::Chromedriver {
            path,
            reason: "no start was attempted".to_owned(),
        }))
    }

    /// WebDriver endpoint, e.g. `http://127.0.0.1:9515`.
    pub fn url(&self) -> &str {
        &self.url
    }

    async fn start_once(path: &Path) -> Result<Self, E2eError> {
        let failed = |reason: String| E2eError::Chromedriver {
            path: path.to_owned(),
            reason,
        };

        let port = free_local_port().map_err(|error| failed(format!("no free port: {error}")))?;
        let log_dir =
            tempfile::tempdir().map_err(|error| failed(format!("no log folder: {error}")))?;
        let log_path = log_dir.path().join("chromedriver.log");
        let stdout =
            File::create(&log_path).map_err(|error| failed(format!("no log file: {error}")))?;
        let stderr = stdout
            .try_clone()
            .map_err(|error| failed(format!("no log file: {error}")))?;

        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .map_err(|error| failed(format!("could not start it: {error}")))?;

        let mut chromedriver = Chromedriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            path: path.to_owned(),
            log_dir,
        };
        chromedriver.wait_until_ready().await?;
        Ok(chromedriver)
    }

    async fn wait_until_ready(&mut self) -> Result<(), E2eError> {
        let client = reqwest::Client::new();
        let status_url = format!("{}/status", self.url);
        let started = Instant::now();

        loop {
            if let Ok(Some(exit)) = self.child.try_wait() {
                return Err(self.failure(format!("it exited with {exit} before it was ready")));
            }

            if let Ok(response) = client.get(&status_url).send().await
                && let Ok(status) = response.json::<serde_json::Value>().await
                && status["value"]["ready"].as_bool() == Some(true)
            {
                return Ok(());
            }

            if started.elapsed() > READY_TIMEOUT {
                return Err(self.failure(format!(
                    "{status_url} did not report ready within {} s",
                    READY_TIMEOUT.as_secs()
                )));
            }
            tokio::time::sleep(READY_POLL_INTERVAL).await;
        }
    }

    fn failure(&self, reason: String) -> E2eError {
        let log = std::fs::read_to_string(self.log_dir.path().join("chromedriver.log"))
            .unwrap_or_default();
        E2eError::Chromedriver {
            path: self.path.clone(),
            reason: format!("{reason}; its output:\n{log}"),
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // Killing an already exited process fails harmlessly.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_local_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
