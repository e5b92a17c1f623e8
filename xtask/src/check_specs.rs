//! `check-specs`: the generator takes every spec Twilio ships. For each spec file it
//! generates the client, compiles it against the workspace's runtime in a scratch crate of
//! its own, and runs the contract check of the spec's own examples through it
//! (`twilio_spec::contract`). A Flex v1 release (host `flex-api.twilio.com`, paths under
//! `/v1/`) is also built as the whole `twilio-flex` crate (`TWILIO_FLEX_SPEC`), so the
//! hand-written Flex helpers are checked against it too.
//!
//! The scratch crates live in `target/spec-check/` (one Cargo workspace, one lock file
//! copied from the repository's, one target directory kept between runs), built together so
//! that two cores compile two of them at once.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// Usage text for `check-specs`.
pub const USAGE: &str = "\
usage: cargo xtask check-specs [--compile-only] [--contract-only-for SUBSTRING]... [--mock BIN] [--root DIR] PATH...

Generates, compiles and contract-checks every spec file (*.yaml, *.json) in each PATH
(a file or a directory). --compile-only skips the contract runs; --contract-only-for runs
them only for specs whose file name contains SUBSTRING (the others are compiled).
--mock BIN (the `twilio-flex` binary) also starts `BIN mock --spec FILE` for each spec and
sends every operation a request built from the spec: a 2xx whose answer decodes into the
generated response type passes.

Prints a line per spec and `N passed, M failed`; exit status 0 when all passed, 1 when
any failed, 2 on a usage error.";

#[derive(Debug, Default)]
struct Options {
    paths: Vec<PathBuf>,
    compile_only: bool,
    contract_only_for: Vec<String>,
    mock: Option<PathBuf>,
    root: Option<PathBuf>,
}

fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Option<Options>, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut o = Options::default();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("compile-only") => o.compile_only = true,
            Long("contract-only-for") => o.contract_only_for.push(parser.value()?.string()?),
            Long("root") => o.root = Some(parser.value()?.into()),
            Long("mock") => o.mock = Some(parser.value()?.into()),
            Short('h') | Long("help") => return Ok(None),
            Value(path) => o.paths.push(path.into()),
            _ => return Err(arg.unexpected()),
        }
    }
    if o.paths.is_empty() {
        return Err("no spec file or directory given".into());
    }
    Ok(Some(o))
}

/// Runs `check-specs`.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let options = match crate::parsed_or_exit("check-specs", USAGE, parse(args)) {
        Ok(o) => o,
        Err(code) => return code,
    };
    match check(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("check-specs: {e}");
            ExitCode::from(2)
        }
    }
}

/// One spec's way through the check.
struct Spec {
    file: PathBuf,
    /// Scratch package name.
    package: String,
    is_flex: bool,
    generated: Result<Duration, String>,
    compiled: Option<Result<(), String>>,
    flex_crate: Option<Result<Duration, String>>,
    contract: Option<Result<String, String>>,
    /// The run against `twilio-flex mock --spec` (`--mock`).
    mock: Option<Result<String, String>>,
}

fn check(o: &Options) -> Result<bool, String> {
    let root = match &o.root {
        Some(r) => r.clone(),
        None => crate::snapshot::default_root(),
    };
    let files = spec_files(&o.paths)?;
    if files.is_empty() {
        return Err("no spec files found".into());
    }
    let scratch = root.join("target/spec-check");
    std::fs::create_dir_all(scratch.join("crates")).map_err(|e| format!("{e}"))?;
    // A fresh member list each run; stale crates of earlier runs are removed.
    let _ = std::fs::remove_dir_all(scratch.join("crates"));

    // 1. Generate.
    let started = Instant::now();
    let mut specs = Vec::new();
    let mut taken = BTreeMap::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let package = package_name(&file, &mut taken);
        let t = Instant::now();
        let generated = twilio_codegen::generate(&text).map_err(|e| e.to_string());
        // A Flex v1 release: Flex's host, paths under `/v1/`.
        let is_flex = twilio_spec::parse_spec(&text).ok().is_some_and(|s| {
            twilio_spec::model::api_host(&s).is_some_and(|h| h == "flex-api.twilio.com")
                && s.get("paths")
                    .and_then(|p| p.as_object())
                    .is_some_and(|p| !p.is_empty() && p.keys().all(|k| k.starts_with("/v1/")))
        });
        let generated = match generated {
            Ok(g) => {
                write_crate(&scratch, &package, &root, &text, &g.code)?;
                Ok(t.elapsed())
            }
            Err(e) => Err(e),
        };
        specs.push(Spec {
            file,
            package,
            is_flex,
            generated,
            compiled: None,
            flex_crate: None,
            contract: None,
            mock: None,
        });
    }
    let generate_time = started.elapsed();

    // 2. Compile every generated crate against the runtime, together.
    let started = Instant::now();
    let members: Vec<&Spec> = specs.iter().filter(|s| s.generated.is_ok()).collect();
    write_workspace(&scratch, &root, &members)?;
    let failed = compile_all(&scratch, &members)?;
    for s in &mut specs {
        if s.generated.is_ok() {
            s.compiled = Some(match failed.get(&s.package) {
                Some(msg) => Err(msg.clone()),
                None => Ok(()),
            });
        }
    }
    let compile_time = started.elapsed();

    // 3. Flex releases: the whole crate, helpers included.
    let started = Instant::now();
    for s in specs
        .iter_mut()
        .filter(|s| s.is_flex && s.generated.is_ok())
    {
        let t = Instant::now();
        let out = Command::new(cargo())
            .current_dir(&root)
            // The library with its helpers, and the quickstart: hand-written code that must
            // compile against every Flex release (`.integration(Integration::studio(…))`).
            .args(["check", "--quiet", "--lib", "--example", "quickstart"])
            .args(["--package", "twilio-flex", "--features", "mock"])
            .arg("--target-dir")
            .arg(root.join("target/spec-check/flex"))
            .env("TWILIO_FLEX_SPEC", &s.file)
            .env("CARGO_INCREMENTAL", "0")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cargo: {e}"))?;
        s.flex_crate = Some(if out.status.success() {
            Ok(t.elapsed())
        } else {
            Err(first_error(&String::from_utf8_lossy(&out.stderr)))
        });
    }
    let flex_time = started.elapsed();

    // 4. Contract runs.
    let started = Instant::now();
    if !o.compile_only {
        let bin_dir = scratch.join("target/debug");
        for s in specs
            .iter_mut()
            .filter(|s| matches!(s.compiled, Some(Ok(()))))
        {
            let name = s
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !o.contract_only_for.is_empty()
                && !o
                    .contract_only_for
                    .iter()
                    .any(|w| name.contains(w.as_str()))
            {
                continue;
            }
            let out = Command::new(bin_dir.join(&s.package))
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("{}: {e}", s.package))?;
            let stdout = String::from_utf8_lossy(&out.stdout);
            let summary = stdout
                .lines()
                .rfind(|l| l.starts_with("contract examples:"))
                .unwrap_or("no summary printed")
                .trim_start_matches("contract examples: ")
                .to_string();
            let spec_errors: Vec<&str> = stdout
                .lines()
                .filter_map(|l| l.strip_prefix("spec error: "))
                .collect();
            let mut detail = summary.clone();
            for e in spec_errors.iter().take(3) {
                let _ = write!(detail, "\n          spec error: {e}");
            }
            if spec_errors.len() > 3 {
                let _ = write!(
                    detail,
                    "\n          … {} more spec errors",
                    spec_errors.len() - 3
                );
            }
            s.contract = Some(if out.status.success() {
                Ok(detail)
            } else {
                let failures: Vec<String> = String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .filter(|l| l.starts_with("FAILED") || l.contains("panicked"))
                    .take(5)
                    .map(str::to_string)
                    .collect();
                Err(format!(
                    "{summary}\n          {}",
                    failures.join("\n          ")
                ))
            });
        }
    }
    let contract_time = started.elapsed();

    // 5. Every operation against `twilio-flex mock --spec`.
    let started = Instant::now();
    if let Some(bin) = &o.mock {
        let bin_dir = scratch.join("target/debug");
        for s in specs
            .iter_mut()
            .filter(|s| matches!(s.compiled, Some(Ok(()))))
        {
            s.mock = Some(mock_run(bin, &s.file, &bin_dir.join(&s.package)));
        }
    }
    let mock_time = started.elapsed();

    // Report.
    let (mut passed, mut failed_count) = (0, 0);
    let mut contracts = 0;
    let mut mocks = 0;
    for s in &specs {
        let name = s.file.display();
        let problem = match (
            &s.generated,
            &s.compiled,
            &s.flex_crate,
            &s.contract,
            &s.mock,
        ) {
            (Err(e), ..) => Some(format!("generate: {e}")),
            (_, Some(Err(e)), ..) => Some(format!("compile: {e}")),
            (_, _, Some(Err(e)), ..) => Some(format!("twilio-flex crate: {e}")),
            (_, _, _, Some(Err(e)), _) => Some(format!("contract: {e}")),
            (.., Some(Err(e))) => Some(format!("mock: {e}")),
            _ => None,
        };
        match problem {
            Some(p) => {
                failed_count += 1;
                println!("FAILED  {name}\n        {p}");
            }
            None => {
                passed += 1;
                let mut line = format!("ok      {name}: generated, compiled");
                if let Some(Ok(_)) = &s.flex_crate {
                    line.push_str(", twilio-flex built on it");
                }
                match &s.contract {
                    Some(Ok(detail)) => {
                        contracts += 1;
                        let _ = write!(line, "; contract {detail}");
                    }
                    _ => line.push_str("; contract not run"),
                }
                if let Some(Ok(detail)) = &s.mock {
                    mocks += 1;
                    let _ = write!(line, "; {detail}");
                }
                println!("{line}");
            }
        }
    }
    println!(
        "times: generate {:.1} s, compile {:.1} s, twilio-flex on Flex releases {:.1} s, contract runs ({contracts}) {:.1} s, mock runs ({mocks}) {:.1} s",
        generate_time.as_secs_f64(),
        compile_time.as_secs_f64(),
        flex_time.as_secs_f64(),
        contract_time.as_secs_f64(),
        mock_time.as_secs_f64()
    );
    println!("{passed} passed, {failed_count} failed");
    Ok(failed_count == 0)
}

/// Starts `bin mock --spec file --port 0 --json`, has the spec's check binary send it every
/// operation (`--mock URL SID TOKEN`), stops it with SIGTERM. `Ok(summary)` when every
/// operation passed.
fn mock_run(bin: &Path, file: &Path, check: &Path) -> Result<String, String> {
    use std::io::BufRead as _;
    let mut server = Command::new(bin)
        .args(["mock", "--quiet", "--port", "0", "--json", "--spec"])
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let mut line = String::new();
    let read = server
        .stdout
        .take()
        .map(|out| std::io::BufReader::new(out).read_line(&mut line));
    let start: serde_json::Value = match (read, serde_json::from_str(&line)) {
        (Some(Ok(_)), Ok(v)) => v,
        _ => {
            let _ = server.kill();
            let out = server.wait_with_output().map_err(|e| e.to_string())?;
            return Err(format!(
                "the mock did not start: {}",
                first_error(&String::from_utf8_lossy(&out.stderr))
            ));
        }
    };
    let field = |k: &str| start[k].as_str().unwrap_or_default().to_string();
    let out = Command::new(check)
        .args([
            "--mock",
            &field("url"),
            &field("account_sid"),
            &field("auth_token"),
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", check.display()));
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let stopped = server.wait().map_err(|e| e.to_string())?;
    let out = out?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = stdout
        .lines()
        .rfind(|l| l.starts_with("mock operations:"))
        .unwrap_or("no summary printed")
        .to_string();
    if !out.status.success() {
        let failures: Vec<String> = String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| l.starts_with("FAILED") || l.contains("panicked"))
            .take(5)
            .map(str::to_string)
            .collect();
        return Err(format!(
            "{summary}\n          {}",
            failures.join("\n          ")
        ));
    }
    if !stopped.success() {
        return Err(format!(
            "{summary}; the mock did not stop cleanly ({stopped})"
        ));
    }
    Ok(summary)
}

fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Spec files in the given files and directories, sorted within each directory.
fn spec_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
                .collect();
            found.sort();
            out.extend(found);
        } else if path.is_file() {
            out.push(path.clone());
        } else {
            return Err(format!("{}: no such file or directory", path.display()));
        }
    }
    Ok(out
        .into_iter()
        .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
        .collect())
}

/// `twilio_flex_v1.2022-08-24.c31cb81.yaml` → `spec_twilio_flex_v1_2022_08_24_c31cb81`.
fn package_name(file: &Path, taken: &mut BTreeMap<String, usize>) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let base = format!("spec_{clean}");
    let n = taken.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { base } else { format!("{base}_{n}") }
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    // Unchanged files keep their timestamps, so cargo rebuilds only what changed.
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

fn write_crate(
    scratch: &Path,
    package: &str,
    root: &Path,
    spec: &str,
    code: &str,
) -> Result<(), String> {
    let dir = scratch.join("crates").join(package);
    let runtime = root.join("runtime");
    let spec_model = root.join("spec-model");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            r#"[package]
name = "{package}"
version = "0.0.0"
edition = "2024"
publish = false

[features]
default = ["contract"]
contract = []

[dependencies]
twilio-runtime = {{ path = "{runtime}" }}
twilio-spec = {{ path = "{spec_model}", features = ["contract"] }}
progenitor-client = "0.15.1"
reqwest = {{ version = "0.13", default-features = false, features = ["json", "query", "stream", "http2"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std", "clock"] }}
base64 = "0.23"
"#,
            runtime = runtime.display(),
            spec_model = spec_model.display(),
        ),
    )?;
    write(
        &dir.join("src/lib.rs"),
        r#"//! A client generated from one Twilio spec, laid out as a product crate lays it out.
#[allow(warnings, clippy::all, missing_docs)]
mod generated {
    include!("generated.rs");
}
pub use generated::{builder, contract, types, Client};
pub use twilio_runtime::{Error, Result};
"#,
    )?;
    write(&dir.join("src/generated.rs"), code)?;
    write(&dir.join("src/spec.yaml"), spec)?;
    write(
        &dir.join("src/main.rs"),
        &format!(
            r#"//! The contract check of this spec's examples; with `--mock URL SID TOKEN`, every
//! operation sent to `twilio-flex mock --spec` serving this spec instead.
fn main() {{
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, url, sid, token] = args.as_slice() {{
        if flag == "--mock" {{
            let (passed, failures) = mock_run(url, sid, token);
            for f in &failures {{
                eprintln!("FAILED {{f}}");
            }}
            println!("mock operations: {{passed}} passed, {{}} failed", failures.len());
            std::process::exit(if failures.is_empty() {{ 0 }} else {{ 1 }});
        }}
    }}
    let report = twilio_spec::contract::check(include_str!("spec.yaml"), {package}::contract::OPERATIONS)
        .expect("the spec parses");
    for (at, why) in &report.spec_errors {{
        println!("spec error: {{at}}: {{why}}");
    }}
    for f in &report.failures {{
        eprintln!("FAILED {{f}}");
    }}
    println!("{{report}}");
    std::process::exit(if report.ok() {{ 0 }} else {{ 1 }});
}}

/// Each operation: the request the mock's admin API builds from the spec, sent with the
/// server's credentials; a 2xx whose body decodes into this client's response type passes.
fn mock_run(url: &str, sid: &str, token: &str) -> (usize, Vec<String>) {{
    use base64::Engine as _;
    let addr = url.trim_start_matches("http://");
    let auth = format!(
        "Basic {{}}",
        base64::engine::general_purpose::STANDARD.encode(format!("{{sid}}:{{token}}"))
    );
    let mut passed = 0;
    let mut failures = Vec::new();
    for op in {package}::contract::OPERATIONS {{
        let example = match http(addr, "GET", &format!("/__mock/example?operation={{}}", op.id), None, None, "") {{
            Ok((200, body)) => serde_json::from_slice::<serde_json::Value>(&body).unwrap_or_default(),
            Ok((status, body)) => {{
                failures.push(format!("{{}}: no example request ({{status}}: {{}})", op.id, String::from_utf8_lossy(&body)));
                continue;
            }}
            Err(e) => {{
                failures.push(format!("{{}}: {{e}}", op.id));
                continue;
            }}
        }};
        let s = |k: &str| example[k].as_str().unwrap_or_default().to_string();
        let mut target = s("path");
        if !s("query").is_empty() {{
            target = format!("{{target}}?{{}}", s("query"));
        }}
        let ct = example["content_type"].as_str();
        match http(addr, &s("method"), &target, Some(&auth), ct, &s("body")) {{
            Ok((status, body)) if (200..300).contains(&status) => {{
                let decoded = match op.response {{
                    Some(decode) if !body.is_empty() => decode(&body).map(|_| ()).map_err(|e| e.to_string()),
                    _ => Ok(()),
                }};
                match decoded {{
                    Ok(()) => passed += 1,
                    Err(e) => failures.push(format!("{{}} {{}} {{target}}: {{status}}, the answer doesn't decode: {{e}}", op.id, s("method"))),
                }}
            }}
            Ok((status, body)) => failures.push(format!("{{}} {{}} {{target}}: {{status}} {{}}", op.id, s("method"), String::from_utf8_lossy(&body))),
            Err(e) => failures.push(format!("{{}}: {{e}}", op.id)),
        }}
    }}
    (passed, failures)
}}

/// One HTTP/1.1 exchange on a fresh connection: (status, body).
fn http(addr: &str, method: &str, target: &str, auth: Option<&str>, content_type: Option<&str>, body: &str) -> Result<(u16, Vec<u8>), String> {{
    use std::io::{{Read as _, Write as _}};
    let mut s = std::net::TcpStream::connect(addr).map_err(|e| e.to_string())?;
    let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(30)));
    let mut head = format!("{{method}} {{target}} HTTP/1.1\r\nHost: {{addr}}\r\nConnection: close\r\nContent-Length: {{}}\r\n", body.len());
    if let Some(ct) = content_type {{
        head.push_str(&format!("Content-Type: {{ct}}\r\n"));
    }}
    if let Some(a) = auth {{
        head.push_str(&format!("Authorization: {{a}}\r\n"));
    }}
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).and_then(|()| s.write_all(body.as_bytes())).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no HTTP answer")?;
    let status = String::from_utf8_lossy(&raw[..split])
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or("no status")?;
    Ok((status, raw[split + 4..].to_vec()))
}}
"#
        ),
    )
}

fn write_workspace(scratch: &Path, root: &Path, members: &[&Spec]) -> Result<(), String> {
    let list: Vec<String> = members
        .iter()
        .map(|s| format!("    \"crates/{}\",", s.package))
        .collect();
    write(
        &scratch.join("Cargo.toml"),
        &format!(
            "# Written by `cargo xtask check-specs`: one crate per spec checked.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n\n[profile.dev]\ndebug = false\n",
            list.join("\n")
        ),
    )?;
    // The repository's versions of every dependency.
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    write(&scratch.join("Cargo.lock"), &lock)
}

/// Builds all scratch crates (`--keep-going`, so one failure doesn't hide another); the
/// packages that failed, with their first error.
fn compile_all(scratch: &Path, members: &[&Spec]) -> Result<BTreeMap<String, String>, String> {
    let mut failed = BTreeMap::new();
    if members.is_empty() {
        return Ok(failed);
    }
    let out = Command::new(cargo())
        .current_dir(scratch)
        .args([
            "build",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    let mut built = std::collections::BTreeSet::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let package = msg["package_id"]
            .as_str()
            .and_then(|id| {
                members
                    .iter()
                    .find(|s| id.contains(&format!("/crates/{}#", s.package)))
            })
            .map(|s| s.package.clone());
        let Some(package) = package else { continue };
        match msg["reason"].as_str() {
            Some("compiler-artifact") if msg["target"]["kind"][0] == "bin" => {
                built.insert(package);
            }
            Some("compiler-message") if msg["message"]["level"] == "error" => {
                failed.entry(package).or_insert_with(|| {
                    msg["message"]["rendered"]
                        .as_str()
                        .map(first_error)
                        .unwrap_or_default()
                });
            }
            _ => {}
        }
    }
    for s in members {
        if !built.contains(&s.package) {
            failed
                .entry(s.package.clone())
                .or_insert_with(|| "not built (see cargo's output above)".into());
        }
    }
    Ok(failed)
}

/// The first error of a compiler output, a few lines of it.
fn first_error(text: &str) -> String {
    let start = text.find("error").unwrap_or(0);
    text[start..]
        .lines()
        .take(12)
        .collect::<Vec<_>>()
        .join("\n          ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_valid_and_distinct() {
        let mut taken = BTreeMap::new();
        let a = package_name(
            Path::new("/x/twilio_flex_v1.2022-08-24.c31cb81.yaml"),
            &mut taken,
        );
        let b = package_name(
            Path::new("/y/twilio_flex_v1.2022-08-24.c31cb81.yaml"),
            &mut taken,
        );
        assert_eq!(a, "spec_twilio_flex_v1_2022_08_24_c31cb81");
        assert_eq!(b, "spec_twilio_flex_v1_2022_08_24_c31cb81_2");
    }

    #[test]
    fn arguments() {
        let o =
            parse(["--compile-only", "a", "--contract-only-for", "flex", "b"].map(OsString::from))
                .unwrap()
                .unwrap();
        assert!(o.compile_only);
        assert_eq!(o.paths, [PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(o.contract_only_for, ["flex"]);
        assert!(parse(Vec::<OsString>::new()).is_err());
    }
}
