//! Issue 24 point 6: how fast `twilio-flex mock` serves, against the floor of serving the same
//! bytes on the same stack (a bare axum server), and its start-up time.
//!
//! ```text
//! suite floor --bodies FILE       bare axum: answers each captured path with its bytes
//! suite serving --cli BIN [--rounds R --secs S --conns C --prism BIN --v2010 SPEC --out FILE]
//! ```
//!
//! The load generator is a minimal HTTP/1.1 keep-alive client on a current-thread tokio
//! runtime (like `ab -k`: one thread, `--conns` connections, one request in flight on each):
//! every answer's status and body length are checked against what the mock answered first.

use crate::stats::{ratios, summarize};
use crate::{BoxError, Opts};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// Where `report`'s section of BENCHMARKS.md starts and ends (`--out` replaces only it).
const BEGIN: &str = "<!-- mock-serving:begin (scripts/bench --only mock-serving) -->";
const END: &str = "<!-- mock-serving:end -->";

// ------------------------------------------------------------------------------ floor

/// One captured answer.
#[derive(Clone)]
struct Answer {
    status: u16,
    content_type: Option<String>,
    body: bytes::Bytes,
}

/// `suite floor --bodies FILE`: a bare axum server on the runtime `twilio-flex mock` uses (a
/// multi-thread tokio runtime, one worker per core) with TCP_NODELAY like the mock's
/// listener, answering `path?query` with the captured status, content type and body.
pub fn floor(opts: &Opts) -> Result<(), BoxError> {
    let doc: Value = serde_json::from_slice(&std::fs::read(opts.req("bodies")?)?)?;
    let mut map = HashMap::new();
    for a in doc.as_array().ok_or("--bodies: expected an array")? {
        map.insert(
            a["path"].as_str().unwrap_or_default().to_string(),
            Answer {
                status: a["status"].as_u64().unwrap_or(500) as u16,
                content_type: a["content_type"].as_str().map(str::to_string),
                body: bytes::Bytes::from(a["body"].as_str().unwrap_or_default().to_string()),
            },
        );
    }
    let map = Arc::new(map);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        use axum::serve::ListenerExt as _;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
            let map = map.clone();
            async move {
                let key = uri.path_and_query().map_or("", |p| p.as_str());
                match map.get(key) {
                    Some(a) => {
                        let mut resp =
                            axum::response::Response::new(axum::body::Body::from(a.body.clone()));
                        *resp.status_mut() = axum::http::StatusCode::from_u16(a.status)
                            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
                        if let Some(ct) = &a.content_type
                            && let Ok(v) = axum::http::HeaderValue::from_str(ct)
                        {
                            resp.headers_mut()
                                .insert(axum::http::header::CONTENT_TYPE, v);
                        }
                        resp
                    }
                    None => {
                        let mut resp = axum::response::Response::new(axum::body::Body::empty());
                        *resp.status_mut() = axum::http::StatusCode::NOT_FOUND;
                        resp
                    }
                }
            }
        });
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", json!({ "url": format!("http://{addr}") }))?;
        out.flush()?;
        drop(out);
        tokio::select! {
            r = axum::serve(listener, app) => r?,
            _ = stdin_closed() => {}
        }
        Ok::<_, BoxError>(())
    })
}

async fn stdin_closed() {
    let _ = tokio::task::spawn_blocking(|| {
        use std::io::Read as _;
        let mut buf = [0u8; 64];
        while matches!(std::io::stdin().read(&mut buf), Ok(n) if n > 0) {}
    })
    .await;
}

// ----------------------------------------------------------------------- load generator

/// `conns` keep-alive connections to `addr`, each sending `request` again as soon as the last
/// answer is in, for `secs`; requests per second. Every answer must have `status` and a body
/// of `body_len` bytes.
async fn load(
    addr: std::net::SocketAddr,
    request: Arc<[u8]>,
    status: u16,
    body_len: usize,
    conns: usize,
    secs: f64,
) -> Result<f64, BoxError> {
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..conns {
        let request = request.clone();
        tasks.spawn_local(async move {
            let mut s = tokio::net::TcpStream::connect(addr).await?;
            s.set_nodelay(true)?;
            let mut buf: Vec<u8> = Vec::with_capacity(body_len + 4096);
            let mut n = 0u64;
            while Instant::now() < deadline {
                s.write_all(&request).await?;
                buf.clear();
                loop {
                    if buf.len() == buf.capacity() {
                        buf.reserve(buf.capacity());
                    }
                    let read = s.read_buf(&mut buf).await?;
                    if read == 0 {
                        return Err::<u64, BoxError>("connection closed mid-answer".into());
                    }
                    let mut headers = [httparse::EMPTY_HEADER; 32];
                    let mut resp = httparse::Response::new(&mut headers);
                    let httparse::Status::Complete(head) = resp.parse(&buf)? else {
                        continue;
                    };
                    if resp.code != Some(status) {
                        return Err(format!("answer {:?}, expected {status}", resp.code).into());
                    }
                    let len: usize = resp
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
                        .and_then(|h| std::str::from_utf8(h.value).ok()?.trim().parse().ok())
                        .ok_or("answer without Content-Length")?;
                    if len != body_len {
                        return Err(format!("body of {len} bytes, expected {body_len}").into());
                    }
                    if buf.len() >= head + len {
                        break;
                    }
                }
                n += 1;
            }
            Ok(n)
        });
    }
    let mut total = 0u64;
    while let Some(r) = tasks.join_next().await {
        total += r??;
    }
    Ok(total as f64 / start.elapsed().as_secs_f64())
}

/// Runs [`load`] on a fresh current-thread runtime (one thread, like `ab`).
fn measure(
    url: &str,
    path: &str,
    auth: &str,
    expect: &Answer,
    conns: usize,
    secs: f64,
) -> Result<f64, BoxError> {
    let addr: std::net::SocketAddr = url.trim_start_matches("http://").parse()?;
    let request: Arc<[u8]> = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {auth}\r\nAccept: application/json\r\n\r\n"
    )
    .into_bytes()
    .into();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let local = tokio::task::LocalSet::new();
    local.block_on(
        &rt,
        load(addr, request, expect.status, expect.body.len(), conns, secs),
    )
}

// ------------------------------------------------------------------------ processes

/// A child process that printed one JSON line on start; killed when dropped.
struct Proc {
    child: Child,
    info: Value,
}

impl Proc {
    fn start(command: &mut Command) -> Result<Proc, BoxError> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
        let info = serde_json::from_str(&line)
            .map_err(|e| format!("{command:?} did not start ({e}): {line:?}"))?;
        Ok(Proc { child, info })
    }

    fn url(&self) -> String {
        self.info["url"].as_str().unwrap_or_default().to_string()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn capture(
    http: &reqwest::Client,
    url: &str,
    path: &str,
    auth: &str,
) -> Result<Answer, BoxError> {
    let resp = http
        .get(format!("{url}{path}"))
        .header("authorization", auth)
        .header("accept", "application/json")
        .send()
        .await?;
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    Ok(Answer {
        status,
        content_type,
        body: resp.bytes().await?,
    })
}

/// Time from spawning `bin mock --quiet --port 0 --json [--spec S]` to its first answered
/// request (`GET /__mock/health`), in ms (what scripts/mock-start-time measures).
fn start_once(bin: &Path, spec: Option<&Path>) -> Result<f64, BoxError> {
    use std::io::Read as _;
    let start = Instant::now();
    let mut c = Command::new(bin);
    c.args(["mock", "--quiet", "--port", "0", "--json"]);
    if let Some(spec) = spec {
        c.arg("--spec").arg(spec);
    }
    let p = Proc::start(&mut c)?;
    let addr = format!(
        "{}:{}",
        p.info["host"].as_str().unwrap_or("127.0.0.1"),
        p.info["port"]
    );
    let mut s = std::net::TcpStream::connect(addr)?;
    s.write_all(b"GET /__mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
    let mut answer = Vec::new();
    s.read_to_end(&mut answer)?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    if !answer.starts_with(b"HTTP/1.1 200") {
        return Err(format!("health answered {:?}", String::from_utf8_lossy(&answer)).into());
    }
    Ok(ms)
}

// ------------------------------------------------------------------------- the rows

/// `suite serving --cli BIN …`: measures, prints the section, and with `--out FILE` writes
/// it into FILE between its markers (the rest of the file is kept).
pub fn run(opts: &Opts) -> Result<(), BoxError> {
    let md = section(opts)?;
    match opts.str("out") {
        Some(out) => {
            let old = std::fs::read_to_string(out).unwrap_or_default();
            let new = match (old.find(BEGIN), old.find(END)) {
                (Some(b), Some(e)) if e > b => {
                    format!("{}{}{}", &old[..b], md, &old[e + END.len()..])
                }
                _ => format!("{}\n{md}\n", old.trim_end()),
            };
            std::fs::write(out, new)?;
            eprintln!("wrote the mock-serving section of {out}");
        }
        None => println!("{md}"),
    }
    Ok(())
}

/// The measurements and their markdown section (markers included).
pub fn section(opts: &Opts) -> Result<String, BoxError> {
    let bin = PathBuf::from(opts.req("cli")?);
    let rounds: usize = opts.num("rounds", 8)?;
    let secs: f64 = opts.num("secs", 2.0)?;
    let conns: usize = opts.num("conns", 32)?;
    let flows: usize = opts.num("flows", 50)?;
    let startup_runs: usize = opts.num("startup-runs", 21)?;
    let load_before = crate::report::loadavg();
    let started = chrono::Utc::now();

    // The mock as its users run it: the release binary, its access log off (--quiet).
    let mock = Proc::start(
        Command::new(&bin).args(["mock", "--quiet", "--port", "0", "--json", "--seed", "6"]),
    )?;
    let url = mock.url();
    let auth = {
        use base64::Engine as _;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!(
                "{}:{}",
                mock.info["account_sid"].as_str().unwrap_or_default(),
                mock.info["auth_token"].as_str().unwrap_or_default()
            ))
        )
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let http = reqwest::Client::new();
    let (fetch_path, list_path, fetch, list) = rt.block_on(async {
        let seeded: Value = http
            .post(format!("{url}/__mock/seed"))
            .json(&json!({"path": "/v1/FlexFlows", "count": flows}))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let sid = seeded["sids"][0]
            .as_str()
            .ok_or("seeding returned no SID")?;
        let fetch_path = format!("/v1/FlexFlows/{sid}");
        let list_path = format!("/v1/FlexFlows?PageSize={flows}");
        let fetch = capture(&http, &url, &fetch_path, &auth).await?;
        let list = capture(&http, &url, &list_path, &auth).await?;
        Ok::<_, BoxError>((fetch_path, list_path, fetch, list))
    })?;
    for (what, a) in [("fetch", &fetch), ("list", &list)] {
        if a.status != 200 {
            return Err(format!("the mock answered the {what} with {}", a.status).into());
        }
    }

    // The floor, answering the same paths with the same bytes.
    let bodies = std::env::temp_dir().join(format!("suite-floor-{}.json", std::process::id()));
    let doc: Vec<Value> = [(&fetch_path, &fetch), (&list_path, &list)]
        .iter()
        .map(|(p, a)| {
            json!({"path": p, "status": a.status, "content_type": a.content_type,
                   "body": String::from_utf8_lossy(&a.body)})
        })
        .collect();
    std::fs::write(&bodies, serde_json::to_vec(&doc)?)?;
    let floor = Proc::start(
        Command::new(std::env::current_exe()?)
            .arg("floor")
            .arg("--bodies")
            .arg(&bodies),
    )?;
    let floor_url = floor.url();
    let _ = std::fs::remove_file(&bodies);

    let mut series = Vec::new();
    for (name, path, expect) in [("fetch", &fetch_path, &fetch), ("list", &list_path, &list)] {
        eprintln!("mock-serving: {name} ({rounds} rounds of {secs} s each side) …");
        // Warm-up: connections, caches, the servers' allocators.
        measure(&url, path, &auth, expect, conns, 0.5)?;
        measure(&floor_url, path, &auth, expect, conns, 0.5)?;
        let (mut ours, mut base) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            if round % 2 == 0 {
                ours.push(measure(&url, path, &auth, expect, conns, secs)?);
                base.push(measure(&floor_url, path, &auth, expect, conns, secs)?);
            } else {
                base.push(measure(&floor_url, path, &auth, expect, conns, secs)?);
                ours.push(measure(&url, path, &auth, expect, conns, secs)?);
            }
        }
        series.push((name, ours, base));
    }
    drop(floor);
    drop(mock);

    // Prism 5 on the vendored spec, for context: the same load generator on the fetch.
    let prism = match opts.str("prism") {
        Some(prism) => Some(prism_rps(Path::new(prism), &auth, conns)?),
        None => None,
    };

    // Start-up.
    eprintln!("mock-serving: start-up ({startup_runs} runs per spec) …");
    let v2010 = opts.str("v2010").map(PathBuf::from);
    let mut startup = Vec::new();
    for (name, spec) in [
        ("Flex v1 (built in)", None),
        ("api_v2010", v2010.as_deref()),
    ] {
        if name == "api_v2010" && spec.is_none() {
            continue;
        }
        start_once(&bin, spec)?; // page cache
        let times = (0..startup_runs)
            .map(|_| start_once(&bin, spec))
            .collect::<Result<Vec<_>, _>>()?;
        startup.push((name, spec.map(Path::to_path_buf), times));
    }
    let load_after = crate::report::loadavg();

    // ---------------------------------------------------------------- markdown
    let mut md = String::new();
    let _ = writeln!(md, "{BEGIN}\n");
    let _ = writeln!(
        md,
        "## The mock server: serving speed and start-up (issue 24, point 6)\n"
    );
    let _ = writeln!(
        md,
        "Written by `scripts/bench --only mock-serving` (also part of a full `scripts/bench`), \
         `suite serving` in `benches/suite/serving.rs`.\n"
    );
    let _ = writeln!(md, "- **Date:** {}", started.format("%Y-%m-%d %H:%M UTC"));
    let _ = writeln!(
        md,
        "- **Load average (1/5/15 min):** {load_before} at the start, {load_after} at the end \
         (2 cores shared with other builds)"
    );
    let _ = writeln!(
        md,
        "- **Server under test:** `{} mock --quiet --port 0 --json --seed 6` (the release binary, its own process, access log off), {flows} Flex Flows seeded through `POST /__mock/seed`\n",
        bin.display()
    );
    let _ = writeln!(
        md,
        "| # | Measurement | twilio-flex | Baseline | Ratio, median (p25–p75) | Target | Result |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---|");
    let mut raw = String::new();
    for (i, (name, ours, base)) in series.iter().enumerate() {
        let r = summarize(&ratios(ours, base));
        let what = match *name {
            "fetch" => format!(
                "Mock serving a fetch: `GET {fetch_path}`, {conns} keep-alive connections, req/s"
            ),
            _ => format!(
                "Mock serving a list page: `GET {list_path}` ({} bytes), {conns} keep-alive connections, req/s",
                list.body.len()
            ),
        };
        let _ = writeln!(
            md,
            "| 10{} | {what} | {} req/s | bare axum, same bytes: {} req/s | **{:.3}×** ({:.3}–{:.3}) | ≥ 0.9× | {} |",
            ["a", "b"][i],
            summarize(ours).show(0),
            summarize(base).show(0),
            r.median,
            r.p25,
            r.p75,
            if r.median >= 0.9 { "PASS" } else { "**MISS**" }
        );
        let _ = writeln!(
            raw,
            "| {name}: mock req/s | {} |\n| {name}: floor req/s | {} |\n| {name}: ratio | {} |",
            join(ours, 0),
            join(base, 0),
            join(&ratios(ours, base), 3)
        );
    }
    if let Some((rps, version)) = &prism {
        let ours = summarize(&series[0].1).median;
        let _ = writeln!(
            md,
            "| 10c | Prism {version} (`prism mock spec/flex_v1.yaml`) serving the same fetch path, same load (context) | {ours:.0} req/s (10a) | Prism: {rps:.0} req/s | **{:.0}× faster** | — | context |",
            ours / rps
        );
    }
    for (i, (name, _, times)) in startup.iter().enumerate() {
        let s = summarize(times);
        let (target, result) = if i == 0 {
            (
                "≤ 50 ms",
                if s.median <= 50.0 { "PASS" } else { "**MISS**" },
            )
        } else {
            ("—", "context")
        };
        let _ = writeln!(
            md,
            "| 11{} | Start-up, {name}: process spawn to the first answered request | {:.1} ({:.1}–{:.1}) ms, min {:.1} | — | — | {target} | {result} |",
            ["a", "b"][i],
            s.median,
            s.p25,
            s.p75,
            s.min
        );
        let _ = writeln!(raw, "| start-up {name}: ms | {} |", join(times, 1));
    }
    let _ = writeln!(md, "\n### How these are measured\n");
    let _ = writeln!(
        md,
        "- **10a, 10b.** The mock's answer to each path is captured first (status, `Content-Type`, \
         body); the floor (`suite floor`) is a bare axum 0.8 server in its own process, on the same \
         runtime as the mock's (multi-thread tokio, one worker per core) with TCP_NODELAY as the mock \
         sets it, answering that path with those bytes from a hash map. The load generator (`suite \
         serving`, in the measuring process) is a minimal HTTP/1.1 client on a current-thread tokio \
         runtime, {conns} keep-alive connections with one request in flight each (like `ab -k -c \
         {conns}`), the same request bytes for both servers (with the mock's Basic credentials), \
         every answer's status and body length checked. {rounds} rounds of {secs} s per side, order \
         alternating (ABBA…), after 0.5 s of warm-up each; ratio per round = mock / floor. Both \
         servers, the load generator and whatever else runs on the machine share its 2 cores."
    );
    if prism.is_some() {
        let _ = writeln!(
            md,
            "- **10c.** `scripts/bench` installs `@stoplight/prism-cli@5` into `.tools/prism` \
             (as `scripts/prism-check` does; a failed install fails the run), starts `prism mock \
             spec/flex_v1.yaml` on a free port, and runs the same load generator on \
             `GET /v1/FlexFlows/FO00000000000000000000000000000000` for 5 s after 1 s of warm-up \
             (Prism answers the spec's example; status 200 and an unchanging body length \
             checked). Not interleaved: context, not a ratio with a target."
        );
    }
    let _ = writeln!(
        md,
        "- **11.** {startup_runs} runs per spec after one untimed run (page cache): spawn `{} mock --quiet --port 0 --json [--spec FILE]`, read its start line, connect, `GET /__mock/health`, read the answer; the time from spawn to the last byte of that answer (what `scripts/mock-start-time` measures). 11b serves `{}` (the largest Twilio spec).",
        bin.display(),
        v2010
            .as_deref()
            .map_or("-".into(), |p| p.display().to_string())
    );
    let _ = writeln!(
        md,
        "\n### Raw numbers, per round\n\n| Series | Values |\n|---|---|\n{raw}"
    );
    let _ = writeln!(md, "{END}");
    Ok(md)
}

fn join(v: &[f64], digits: usize) -> String {
    v.iter()
        .map(|x| format!("{x:.digits$}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prism serving the vendored spec: req/s of the fetch path, and its version.
fn prism_rps(prism: &Path, auth: &str, conns: usize) -> Result<(f64, String), BoxError> {
    let version = Command::new(prism)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .map_err(|e| format!("{}: {e}", prism.display()))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec/flex_v1.yaml");
    let mut child = Command::new(prism)
        .arg("mock")
        .arg(&spec)
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let url = format!("http://127.0.0.1:{port}");
    let path = "/v1/FlexFlows/FO00000000000000000000000000000000";
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let http = reqwest::Client::new();
    let answer = rt.block_on(async {
        for _ in 0..120 {
            if let Ok(a) = capture(&http, &url, path, auth).await {
                return Ok(a);
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        Err::<Answer, BoxError>("prism did not answer within 60 s".into())
    });
    let result = answer.and_then(|a| {
        if a.status != 200 {
            return Err(format!("prism answered {}", a.status).into());
        }
        eprintln!("mock-serving: Prism {version} …");
        measure(&url, path, auth, &a, conns, 1.0)?;
        measure(&url, path, auth, &a, conns, 5.0)
    });
    let _ = child.kill();
    let _ = child.wait();
    Ok((result?, version))
}
