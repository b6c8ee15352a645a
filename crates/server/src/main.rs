//! The `gumnut-server` command: parse flags, build a [`Config`], start.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use gumnut_server::synthetic::{self, SyntheticOptions};
use gumnut_server::{Config, FaultConfig};
use tracing_subscriber::EnvFilter;

/// A local stand-in for the Gumnut photos API, with a demo library and the
/// web app.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add a large synthetic library to a data folder, for scale checks.
    Synthetic(SyntheticArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Folder for the database, media files and the generated token.
    #[arg(long, default_value = ".data")]
    data: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Built web app to serve (trunk's dist/ folder).
    #[arg(long)]
    ui: Option<PathBuf>,
    /// Bearer token clients must send; generated once and kept in
    /// <data>/token when absent.
    #[arg(long, env = "GUMNUT_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Seed the demo library on first start.
    #[arg(long)]
    demo: bool,
    /// Folder with the demo's faces.json and images/.
    #[arg(long, default_value_os_t = Config::default_demo_dir())]
    demo_dir: PathBuf,
    /// Expose /__test/faults and /__test/requests for tests.
    #[arg(long)]
    test_controls: bool,
    /// Extra origin the web app may call (CSP connect-src); repeatable.
    #[arg(long = "connect-src", value_name = "ORIGIN")]
    connect_src: Vec<String>,
    #[command(flatten)]
    faults: FaultArgs,
}

/// Fault injection for `/api` requests (ping excluded). All off by default.
#[derive(Debug, Args)]
struct FaultArgs {
    /// Share of requests that fail with 500, from 0 to 1.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    fault_error_rate: f64,
    /// Share of requests rejected with 429, from 0 to 1.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    fault_rate_limit_rate: f64,
    /// Retry-After seconds sent with an injected 429.
    #[arg(long, default_value_t = 1)]
    fault_retry_after: u64,
    /// Milliseconds of delay added to every request.
    #[arg(long, default_value_t = 0)]
    fault_latency_ms: u64,
    /// Share of requests whose connection is dropped after the handler ran,
    /// from 0 to 1.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    fault_drop_rate: f64,
    /// Seed for the fault dice, for reproducible runs.
    #[arg(long)]
    fault_seed: Option<u64>,
}

#[derive(Debug, Args)]
struct SyntheticArgs {
    /// Data folder to add the library to (the demo is seeded first if empty).
    #[arg(long, default_value = ".data")]
    data: PathBuf,
    /// Folder with the demo's faces.json and images/.
    #[arg(long, default_value_os_t = Config::default_demo_dir())]
    demo_dir: PathBuf,
    /// Number of people to create.
    #[arg(long, default_value_t = 10_000)]
    people: usize,
    /// Number of faces to create (assets: one per three faces).
    #[arg(long, default_value_t = 50_000)]
    faces: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Parses a share of requests, which must lie between 0 and 1.
fn parse_rate(text: &str) -> Result<f64, String> {
    let rate: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("{rate} is outside 0 to 1"))
    }
}

fn main() -> ExitCode {
    // Colour codes only help on a terminal; in a log file they are noise.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("gumnut_server=info,warn")),
        )
        .init();
    let cli = Cli::parse();

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match cli.command {
        Some(Command::Synthetic(args)) => run_synthetic(args),
        None => runtime.block_on(serve(cli.serve)),
    };
    // Variant rendering may still run in a blocking task. Its files are
    // written under temporary names and renamed, so it is safe to abandon.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let config = Config {
        data_dir: args.data,
        listen: args.listen,
        ui_dir: args.ui,
        token: args.token.filter(|token| !token.trim().is_empty()),
        demo: args.demo,
        demo_dir: args.demo_dir,
        test_controls: args.test_controls,
        faults: FaultConfig {
            error_rate: args.faults.fault_error_rate,
            rate_limit_rate: args.faults.fault_rate_limit_rate,
            retry_after_secs: args.faults.fault_retry_after,
            latency_ms: args.faults.fault_latency_ms,
            drop_rate: args.faults.fault_drop_rate,
            seed: args.faults.fault_seed,
        },
        connect_src: args.connect_src,
        pregenerate_media: true,
    };
    let server = gumnut_server::start(config)
        .await
        .map_err(|error| error.to_string())?;
    tracing::info!("listening on {}", server.base_url());
    // The one place the token is printed: the link that signs the app in.
    println!("Sign in: {}", server.sign_in_url());

    wait_for_stop_signal().await;
    tracing::info!("shutting down");
    server.shutdown().await;
    Ok(())
}

/// Waits for Ctrl-C or, on Unix, SIGTERM.
async fn wait_for_stop_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };

    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

fn run_synthetic(args: SyntheticArgs) -> Result<(), String> {
    let started = std::time::Instant::now();
    std::fs::create_dir_all(&args.data)
        .map_err(|error| format!("cannot create {}: {error}", args.data.display()))?;
    let mut connection = gumnut_server::db::open(&args.data)
        .map_err(|error| format!("cannot open the database: {error}"))?;
    gumnut_server::ensure_library(&connection)
        .map_err(|error| format!("cannot create the library: {error}"))?;
    let store = gumnut_server::media::MediaStore::new(&args.data);
    let options = SyntheticOptions {
        people: args.people,
        faces: args.faces,
        seed: args.seed,
    };
    let summary = synthetic::generate(&mut connection, &args.demo_dir, &store, options)
        .map_err(|error| error.to_string())?;
    println!(
        "Added {} people, {} assets and {} faces to {} in {:.1} s",
        summary.people,
        summary.assets,
        summary.faces,
        args.data.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
