//! Response times on a large synthetic library (10,000 people, 50,000
//! faces by default), printed as the median and maximum of several runs.
//!
//! Run with `cargo bench -p gumnut-server --bench scale`; set
//! `GUMNUT_BENCH_PEOPLE` and `GUMNUT_BENCH_FACES` to change the size.

use std::time::{Duration, Instant};

use gumnut_server::Config;
use gumnut_server::synthetic::{self, SyntheticOptions};
use serde_json::Value;

const RUNS: usize = 9;

fn size_from_env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let people = size_from_env("GUMNUT_BENCH_PEOPLE", 10_000);
    let faces = size_from_env("GUMNUT_BENCH_FACES", 50_000);
    let data = tempfile::tempdir()?;

    let started = Instant::now();
    let mut connection = gumnut_server::db::open(data.path())?;
    gumnut_server::ensure_library(&connection)?;
    let store = gumnut_server::media::MediaStore::new(data.path());
    let options = SyntheticOptions {
        people,
        faces,
        seed: 1,
    };
    synthetic::generate(
        &mut connection,
        &Config::default_demo_dir(),
        &store,
        options,
    )?;
    drop(connection);
    println!(
        "generated {people} people and {faces} faces in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let config = Config {
        test_controls: false,
        ..Config::for_tests(data.path().to_path_buf())
    };
    let server = gumnut_server::start(config).await?;
    let client = reqwest::Client::new();
    let get = |path: String| {
        let request = client
            .get(format!("{}{path}", server.base_url()))
            .bearer_auth(&server.token);
        async move {
            let response = request.send().await?;
            let status = response.status();
            let body: Value = response.json().await?;
            if !status.is_success() {
                return Err(format!("{path}: {status} {body}").into());
            }
            Ok::<Value, Box<dyn std::error::Error>>(body)
        }
    };

    let middle_cursor = {
        let page = get("/api/people?name_filter=all&sort=name_asc&limit=200".to_owned()).await?;
        page["data"][199]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let mut cases: Vec<(String, String)> = Vec::new();
    for sort in [
        "created_at_desc",
        "name_asc",
        "name_desc",
        "asset_count_desc",
    ] {
        cases.push((
            format!("people, {sort}, 200"),
            format!("/api/people?name_filter=all&sort={sort}&limit=200"),
        ));
    }
    cases.push((
        "people, name_asc, second page".to_owned(),
        format!(
            "/api/people?name_filter=all&sort=name_asc&limit=200&starting_after_id={middle_cursor}"
        ),
    ));
    cases.push((
        "people, name search".to_owned(),
        "/api/people?name=%C3%B8ren&limit=200".to_owned(),
    ));
    cases.push((
        "people, cluster_metrics".to_owned(),
        "/api/people?include=cluster_metrics&limit=200".to_owned(),
    ));
    cases.push(("faces, 200".to_owned(), "/api/faces?limit=200".to_owned()));
    cases.push((
        "faces, 200, cluster_assignment".to_owned(),
        "/api/faces?limit=200&include=cluster_assignment".to_owned(),
    ));
    cases.push((
        "assets, 200, faces+people".to_owned(),
        "/api/assets?limit=200&include=faces,people".to_owned(),
    ));

    println!("{:<40} {:>10} {:>10}", "request", "median ms", "max ms");
    for (label, path) in cases {
        let mut timings: Vec<Duration> = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            get(path.clone()).await?;
            timings.push(started.elapsed());
        }
        timings.sort();
        let milliseconds = |duration: Duration| duration.as_secs_f64() * 1000.0;
        println!(
            "{label:<40} {:>10.1} {:>10.1}",
            milliseconds(timings[RUNS / 2]),
            milliseconds(timings[RUNS - 1])
        );
    }

    server.shutdown().await;
    Ok(())
}
