//! Target 6: the cost of building the crate (code generation included) and the size of the
//! generated code, against a plain progenitor run over the same spec.
//!
//! Both sides are built in target directories of their own (so other cargo invocations
//! neither block nor invalidate them), dependencies first (untimed), then N times each,
//! alternating: touch the spec copy the build script reads, `cargo build --lib` in the dev
//! profile with `CARGO_INCREMENTAL=0`, wall time of the whole cargo invocation.

use crate::BoxError;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

/// The naive baseline: progenitor 0.15.1 with the builder interface and merged tags (the
/// interface this crate has), and only the one spec fix without which progenitor panics
/// (`type: object, format: uri-map` → drop the format). No post-processing.
const NAIVE_CARGO_TOML: &str = r#"# Scratch crate written by benches/suite (scripts/bench): the naive baseline of target 6.
[package]
name = "flex-naive"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
progenitor-client = "0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "form", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
futures = "0.3"
bytes = "1"
regress = "0.10"

[build-dependencies]
progenitor = { version = "0.15.1", default-features = false }
openapiv3 = "2"
serde_json = "1"
serde_yaml_ng = "0.10"
syn = { version = "2", features = ["full"] }
prettyplease = "0.2"
"#;

const NAIVE_BUILD_RS: &str = r#"// Plain progenitor over the spec; only the uri-map fix (progenitor panics without it).
fn main() {
    let dir = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let spec = dir.join("flex_v1.yaml");
    println!("cargo:rerun-if-changed={}", spec.display());
    let text = std::fs::read_to_string(&spec).unwrap();
    let mut value: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
    drop_uri_map(&mut value);
    let openapi: openapiv3::OpenAPI = serde_json::from_value(value).unwrap();
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged);
    let tokens = progenitor::Generator::new(&settings)
        .generate_tokens(&openapi)
        .unwrap();
    let file: syn::File = syn::parse2(tokens).unwrap();
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("flex_v1.rs");
    std::fs::write(out, prettyplease::unparse(&file)).unwrap();
}

fn drop_uri_map(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            if map.get("format").and_then(|f| f.as_str()) == Some("uri-map") {
                map.remove("format");
            }
            map.values_mut().for_each(drop_uri_map);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_uri_map),
        _ => {}
    }
}
"#;

const NAIVE_LIB_RS: &str = r#"#![allow(warnings)]
include!(concat!(env!("OUT_DIR"), "/flex_v1.rs"));
"#;

pub struct BuildCost {
    pub ours_s: Vec<f64>,
    pub naive_s: Vec<f64>,
    pub ours_lines: usize,
    pub naive_lines: usize,
    pub ours_command: String,
    pub naive_command: String,
}

struct Side {
    /// Spec copy whose mtime is bumped before each timed build.
    spec: PathBuf,
    /// `target/…/debug/build` where the OUT_DIR lands.
    build_dir: PathBuf,
    package: &'static str,
    command: Command,
    shown: String,
}

impl Side {
    fn build(&mut self) -> Result<f64, BoxError> {
        let start = Instant::now();
        let output = self.command.output()?;
        let seconds = start.elapsed().as_secs_f64();
        if !output.status.success() {
            return Err(format!(
                "`{}` failed:\n{}",
                self.shown,
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Ok(seconds)
    }

    fn touch(&self) -> Result<(), BoxError> {
        std::fs::File::options()
            .write(true)
            .open(&self.spec)?
            .set_modified(SystemTime::now())?;
        Ok(())
    }

    /// Lines of the newest `OUT_DIR/flex_v1.rs` of the package.
    fn generated_lines(&self) -> Result<usize, BoxError> {
        let mut newest: Option<(SystemTime, PathBuf)> = None;
        for entry in std::fs::read_dir(&self.build_dir)? {
            let entry = entry?;
            let name = entry.file_name();
            if !name
                .to_string_lossy()
                .starts_with(&format!("{}-", self.package))
            {
                continue;
            }
            let file = entry.path().join("out/flex_v1.rs");
            if let Ok(meta) = std::fs::metadata(&file) {
                let modified = meta.modified()?;
                if newest.as_ref().is_none_or(|(t, _)| modified > *t) {
                    newest = Some((modified, file));
                }
            }
        }
        let (_, file) = newest.ok_or("no generated flex_v1.rs found")?;
        Ok(std::fs::read_to_string(file)?.lines().count())
    }
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.env("CARGO_INCREMENTAL", "0")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    c
}

/// Writes the naive crate into `dir` (spec and lock file copied from the workspace, so both
/// sides build the same dependency versions).
fn write_naive(workspace: &Path, dir: &Path) -> Result<(), BoxError> {
    std::fs::create_dir_all(dir.join("src"))?;
    let write_if_changed = |path: PathBuf, text: &str| -> std::io::Result<()> {
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::write(path, text)?;
        }
        Ok(())
    };
    write_if_changed(dir.join("Cargo.toml"), NAIVE_CARGO_TOML)?;
    write_if_changed(dir.join("build.rs"), NAIVE_BUILD_RS)?;
    write_if_changed(dir.join("src/lib.rs"), NAIVE_LIB_RS)?;
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    }
    std::fs::copy(
        workspace.join("spec/flex_v1.yaml"),
        dir.join("flex_v1.yaml"),
    )?;
    Ok(())
}

pub fn measure(workspace: &Path, naive_dir: &Path, runs: usize) -> Result<BuildCost, BoxError> {
    // Ours: the workspace's crate, reading a copy of the spec through TWILIO_FLEX_SPEC (build.rs
    // honours it), so touching it rebuilds nobody else's target directory.
    let ours_target = workspace.join("target/bench-build");
    std::fs::create_dir_all(&ours_target)?;
    let ours_spec = ours_target.join("flex_v1.yaml");
    std::fs::copy(workspace.join("spec/flex_v1.yaml"), &ours_spec)?;
    let mut command = cargo();
    command
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", &ours_target)
        .env("TWILIO_FLEX_SPEC", &ours_spec)
        .args(["build", "-p", "twilio-flex", "--lib"]);
    let mut ours = Side {
        spec: ours_spec,
        build_dir: ours_target.join("debug/build"),
        package: "twilio-flex",
        command,
        shown: "cargo build -p twilio-flex --lib".into(),
    };

    write_naive(workspace, naive_dir)?;
    let mut command = cargo();
    command
        .current_dir(naive_dir)
        .args(["build", "--lib", "--manifest-path"])
        .arg(naive_dir.join("Cargo.toml"));
    let mut naive = Side {
        spec: naive_dir.join("flex_v1.yaml"),
        build_dir: naive_dir.join("target/debug/build"),
        package: "flex-naive",
        command,
        shown: format!(
            "cargo build --lib --manifest-path {}/Cargo.toml",
            naive_dir.display()
        ),
    };

    eprintln!("  build cost: building dependencies (untimed) …");
    ours.build()?;
    naive.build()?;
    let (mut ours_s, mut naive_s) = (Vec::new(), Vec::new());
    for run in 0..runs {
        eprintln!("  build cost: run {}/{runs}", run + 1);
        let sides: [&mut Side; 2] = if run % 2 == 0 {
            [&mut ours, &mut naive]
        } else {
            [&mut naive, &mut ours]
        };
        for side in sides {
            side.touch()?;
            let t = side.build()?;
            if side.package == "twilio-flex" {
                ours_s.push(t);
            } else {
                naive_s.push(t);
            }
        }
    }
    Ok(BuildCost {
        ours_s,
        naive_s,
        ours_lines: ours.generated_lines()?,
        naive_lines: naive.generated_lines()?,
        ours_command: format!(
            "touch {0}/flex_v1.yaml && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR={0} TWILIO_FLEX_SPEC={0}/flex_v1.yaml {1}",
            rel(workspace, &ours_target),
            ours.shown
        ),
        naive_command: format!(
            "touch {0}/flex_v1.yaml && CARGO_INCREMENTAL=0 cargo build --lib --manifest-path {0}/Cargo.toml",
            rel(workspace, naive_dir)
        ),
    })
}

/// `path` relative to the workspace when inside it.
pub fn rel(workspace: &Path, path: &Path) -> String {
    path.strip_prefix(workspace)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Target 7: what depending on twilio-flex costs a user. A scratch binary calling
/// `list_flex_flow().stream().limit(5)` against the same app on the bare stack (reqwest 0.13
/// with rustls, tokio, serde_json), each built cold (fresh target directory), dev profile.
pub struct Downstream {
    pub flex_s: Vec<f64>,
    /// The same app with `mock` in its dev-dependencies and one test on the mock, built with
    /// `--all-targets` (what a user's `cargo test` compiles).
    pub flex_mock_s: Vec<f64>,
    pub bare_s: Vec<f64>,
    pub flex_command: String,
    pub flex_mock_command: String,
    pub bare_command: String,
}

const DOWNSTREAM_FLEX_TOML: &str = r#"# Scratch crate written by benches/suite (scripts/bench): target 7, an app on twilio-flex.
[package]
name = "downstream-flex"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
twilio-flex = { path = "WORKSPACE" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
futures = "0.3"
"#;

const DOWNSTREAM_FLEX_MAIN: &str = r#"use futures::StreamExt;

#[tokio::main]
async fn main() {
    let client = twilio_flex::Client::from_env().expect("TWILIO_* set");
    let mut flows = client.list_flex_flow().stream().limit(5);
    while let Some(flow) = flows.next().await {
        println!("{:?}", flow.map(|f| f.sid));
    }
}
"#;

const DOWNSTREAM_FLEX_MOCK_TOML: &str = r#"# Scratch crate written by benches/suite (scripts/bench): target 7b, an app on twilio-flex
# whose tests use the embedded mock.
[package]
name = "downstream-flex-mock"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
twilio-flex = { path = "WORKSPACE" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
futures = "0.3"

[dev-dependencies]
twilio-flex = { path = "WORKSPACE", features = ["mock"] }
"#;

const DOWNSTREAM_FLEX_MOCK_TEST: &str = r#"use futures::StreamExt;

#[tokio::test]
async fn lists_on_the_mock() {
    let server = twilio_flex::mock::MockServer::start().await.expect("mock starts");
    let client = server.client().expect("client");
    let flows: Vec<_> = client.list_flex_flow().stream().limit(5).collect().await;
    assert!(flows.is_empty());
}
"#;

const DOWNSTREAM_BARE_TOML: &str = r#"# Scratch crate written by benches/suite (scripts/bench): target 7, the bare-stack app.
[package]
name = "downstream-bare"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["rustls", "json", "query", "stream", "http2"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
serde_json = "1"
futures = "0.3"
"#;

const DOWNSTREAM_BARE_MAIN: &str = r#"#[tokio::main]
async fn main() {
    let account = std::env::var("TWILIO_ACCOUNT_SID").unwrap_or_default();
    let body: serde_json::Value = reqwest::Client::new()
        .get("https://flex-api.twilio.com/v1/FlexFlows?PageSize=5")
        .basic_auth(account, std::env::var("TWILIO_AUTH_TOKEN").ok())
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("JSON");
    println!("{body}");
}
"#;

/// Writes one scratch app (manifest, main, the workspace's lock file so both apps build the
/// same versions).
fn write_app(workspace: &Path, dir: &Path, toml: &str, main: &str) -> Result<(), BoxError> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        toml.replace("WORKSPACE", &workspace.display().to_string()),
    )?;
    std::fs::write(dir.join("src/main.rs"), main)?;
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    Ok(())
}

pub fn measure_downstream(
    workspace: &Path,
    dir: &Path,
    runs: usize,
) -> Result<Downstream, BoxError> {
    let flex = dir.join("flex");
    let flex_mock = dir.join("flex-mock");
    let bare = dir.join("bare");
    write_app(workspace, &flex, DOWNSTREAM_FLEX_TOML, DOWNSTREAM_FLEX_MAIN)?;
    write_app(
        workspace,
        &flex_mock,
        DOWNSTREAM_FLEX_MOCK_TOML,
        DOWNSTREAM_FLEX_MAIN,
    )?;
    std::fs::create_dir_all(flex_mock.join("tests"))?;
    std::fs::write(flex_mock.join("tests/mock.rs"), DOWNSTREAM_FLEX_MOCK_TEST)?;
    write_app(workspace, &bare, DOWNSTREAM_BARE_TOML, DOWNSTREAM_BARE_MAIN)?;
    let build = |app: &Path| -> Result<f64, BoxError> {
        // Cold: a fresh target directory each time (the registry sources are already on disk).
        let _ = std::fs::remove_dir_all(app.join("target"));
        let start = Instant::now();
        let output = cargo()
            .current_dir(app)
            .args(["build", "--quiet", "--all-targets"])
            .output()?;
        let seconds = start.elapsed().as_secs_f64();
        if !output.status.success() {
            return Err(format!(
                "cold build of {} failed:\n{}",
                app.display(),
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Ok(seconds)
    };
    // Fetch sources once, untimed.
    let apps = [&flex, &flex_mock, &bare];
    for app in apps {
        let _ = cargo().current_dir(app).arg("fetch").output()?;
    }
    let mut times: [Vec<f64>; 3] = Default::default();
    for run in 0..runs {
        eprintln!("  downstream build: run {}/{runs}", run + 1);
        // Each app goes first once every three runs.
        for k in 0..apps.len() {
            let i = (run + k) % apps.len();
            times[i].push(build(apps[i])?);
        }
    }
    for app in apps {
        let _ = std::fs::remove_dir_all(app.join("target"));
    }
    let [flex_s, flex_mock_s, bare_s] = times;
    Ok(Downstream {
        flex_s,
        flex_mock_s,
        bare_s,
        flex_command: format!(
            "rm -rf {0}/target && CARGO_INCREMENTAL=0 cargo build --all-targets (in {0})",
            rel(workspace, &flex)
        ),
        flex_mock_command: format!(
            "rm -rf {0}/target && CARGO_INCREMENTAL=0 cargo build --all-targets (in {0})",
            rel(workspace, &flex_mock)
        ),
        bare_command: format!(
            "rm -rf {0}/target && CARGO_INCREMENTAL=0 cargo build --all-targets (in {0})",
            rel(workspace, &bare)
        ),
    })
}
