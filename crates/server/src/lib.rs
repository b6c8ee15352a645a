//! gumnut-server: a local stand-in for the Gumnut photos API.
//!
//! It serves the faces and people endpoints over SQLite, image variants
//! and face crops, optionally a demo library and the built web app, and
//! can inject faults for testing clients. [`start`] runs it inside the
//! current tokio runtime; the `gumnut-server` binary wraps it in a CLI.

pub mod app;
pub mod clock;
pub mod cluster;
pub mod db;
pub mod error;
pub mod faults;
pub mod ids;
pub mod media;
pub mod query;
pub mod routes;
pub mod seed;
pub mod synthetic;
pub mod ui;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::FaultConfig;

/// Name of the file in the data folder that keeps the generated token.
const TOKEN_FILE: &str = "token";
const MEDIA_TOKEN_SETTING: &str = "media_token";

/// Everything [`start`] needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Folder for the database, the media files and the token.
    pub data_dir: PathBuf,
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Built UI (trunk's `dist/`), served with a fallback to `index.html`.
    pub ui_dir: Option<PathBuf>,
    /// Bearer token; `None` generates one once and keeps it in
    /// `<data_dir>/token`.
    pub token: Option<String>,
    /// Seed the demo library on first start.
    pub demo: bool,
    /// Folder with `faces.json` and `images/`.
    pub demo_dir: PathBuf,
    /// Expose the `/__test/*` endpoints.
    pub test_controls: bool,
    /// Faults injected from the start.
    pub faults: FaultConfig,
    /// Extra origins the UI may connect to, added to its CSP `connect-src`.
    pub connect_src: Vec<String>,
    /// Render every image variant in the background after start, instead of
    /// only on first request.
    pub pregenerate_media: bool,
}

impl Config {
    /// Returns the repository's `demo/` folder.
    pub fn default_demo_dir() -> PathBuf {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        // crates/server -> the repository root.
        let root = manifest_dir
            .parent()
            .and_then(Path::parent)
            .unwrap_or(manifest_dir);
        root.join("demo")
    }

    /// Demo seeded, 127.0.0.1:0, the repository's demo/ folder, test
    /// controls on, no faults, media rendered on demand.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Config {
            data_dir,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            ui_dir: None,
            token: None,
            demo: true,
            demo_dir: Self::default_demo_dir(),
            test_controls: true,
            faults: FaultConfig::default(),
            connect_src: Vec::new(),
            pregenerate_media: false,
        }
    }
}

/// Failure to start the server.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot use the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("cannot seed the demo library: {0}")]
    Seed(#[from] seed::SeedError),
    #[error(transparent)]
    Ui(#[from] ui::UiError),
    #[error("cannot generate a secret token: {0}")]
    Random(getrandom::Error),
    #[error("cannot listen on {addr}: {source}; is another server using that address?")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// A server running on the current runtime.
#[derive(Debug)]
pub struct RunningServer {
    /// The bound address, with the real port when port 0 was asked for.
    pub addr: SocketAddr,
    /// The bearer token clients must send.
    pub token: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningServer {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Returns the link that signs the web app in. The token travels in the
    /// URL fragment, which browsers never send to the server.
    pub fn sign_in_url(&self) -> String {
        format!("{}/#token={}", self.base_url(), self.token)
    }

    /// Stops accepting connections, lets open requests finish, and waits.
    pub async fn shutdown(mut self) {
        if let Some(sender) = self.shutdown.take() {
            let _ = sender.send(());
        }
        if let Err(error) = (&mut self.task).await {
            tracing::error!(%error, "server task failed");
        }
    }
}

/// Opens the data folder, seeds the demo when asked, binds, and spawns
/// the server on the current tokio runtime. Returns once it accepts
/// connections.
pub async fn start(config: Config) -> Result<RunningServer, StartError> {
    let data_dir = config.data_dir.clone();
    std::fs::create_dir_all(&data_dir).map_err(|source| StartError::DataDir {
        path: data_dir.clone(),
        source,
    })?;

    let mut connection = db::open(&data_dir)?;
    ensure_library(&connection)?;
    let token = match &config.token {
        Some(token) => token.clone(),
        None => stored_token(&data_dir)?,
    };
    let media_token = match db::setting(&connection, MEDIA_TOKEN_SETTING)? {
        Some(value) => value,
        None => {
            let value = ids::random_secret().map_err(StartError::Random)?;
            db::set_setting(&connection, MEDIA_TOKEN_SETTING, &value)?;
            value
        }
    };

    let store = media::MediaStore::new(&data_dir);
    if config.demo
        && let Some(summary) = seed::seed_demo(&mut connection, &config.demo_dir, &store)?
    {
        tracing::info!(
            assets = summary.assets,
            faces = summary.faces,
            people = summary.people,
            "seeded the demo library"
        );
    }
    if config.pregenerate_media {
        spawn_pregeneration(&connection, store.clone())?;
    }

    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: config.listen,
        source,
    })?;

    let state = app::AppState::new(app::Shared::new(
        connection,
        token.clone(),
        media_token,
        store,
        faults::Faults::new(&config.faults),
        addr.to_string(),
    ));
    let ui = ui::router(config.ui_dir.as_deref(), &config.connect_src)?;
    let router = app::router(state, ui, config.test_controls);

    let (shutdown, signal) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router).with_graceful_shutdown(async {
            let _ = signal.await;
        });
        if let Err(error) = served.await {
            tracing::error!(%error, "server stopped with an error");
        }
    });
    tracing::info!(%addr, test_controls = config.test_controls, "listening");

    Ok(RunningServer {
        addr,
        token,
        shutdown: Some(shutdown),
        task,
    })
}

/// Creates the one library on first start.
pub fn ensure_library(connection: &rusqlite::Connection) -> rusqlite::Result<()> {
    let count: i64 = connection.query_row("SELECT COUNT(*) FROM library", [], |row| row.get(0))?;
    if count == 0 {
        let now = clock::now();
        connection.execute(
            "INSERT INTO library (id, name, created_at, updated_at) VALUES (?1, 'Demo library', ?2, ?2)",
            rusqlite::params![ids::random("lib_"), now],
        )?;
    }
    Ok(())
}

/// Reads the token kept in the data folder, generating it on first use.
fn stored_token(data_dir: &Path) -> Result<String, StartError> {
    let path = data_dir.join(TOKEN_FILE);
    let io_error = |source| StartError::DataDir {
        path: path.clone(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => return Ok(text.trim().to_owned()),
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(io_error(error)),
    }

    let token = format!("gnt_{}", ids::random_secret().map_err(StartError::Random)?);
    std::fs::write(&path, format!("{token}\n")).map_err(io_error)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .map_err(io_error)?;
    }
    Ok(token)
}

/// Renders every asset's variants in a background thread, so first page
/// loads do not wait for resizing.
fn spawn_pregeneration(
    connection: &rusqlite::Connection,
    store: media::MediaStore,
) -> rusqlite::Result<()> {
    let keys: Vec<String> = connection
        .prepare("SELECT DISTINCT media_key FROM assets ORDER BY media_key")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        for key in &keys {
            for variant in media::Variant::ALL {
                if let Err(error) = store.variant(key, variant) {
                    tracing::warn!(%error, media_key = key, variant = variant.name(), "could not render variant");
                }
            }
        }
        tracing::info!(
            assets = keys.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "rendered image variants"
        );
    });
    Ok(())
}
