//! The measurements, each run as a child process of `report` that prints one JSON line.

use crate::{BoxError, Opts};
use futures::StreamExt;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue, USER_AGENT};
use serde_json::json;
use std::io::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};
use twilio_flex::mock::{Fault, MockServer};
use twilio_flex::{Client, Credentials, types};

/// The runtime every mode uses: what `#[tokio::main]` gives (one worker per core).
fn runtime() -> Result<tokio::runtime::Runtime, BoxError> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn emit(value: serde_json::Value) -> Result<(), BoxError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{value}")?;
    out.flush()?;
    Ok(())
}

/// The client under test, as a user builds it for the mock.
pub fn client(url: &str) -> Result<Client, BoxError> {
    Ok(Client::builder()
        .base_url(url)
        .credentials(Credentials::auth_token(
            MockServer::ACCOUNT_SID,
            MockServer::AUTH_TOKEN,
        ))
        .build()?)
}

/// The baseline: a bare `reqwest::Client` and `serde_json`, as a careful user writes it by
/// hand. Same URL building (`format!` of base + path + SID), same Basic credentials (encoded
/// once, not per request, which favours the baseline), same `Accept` and a User-Agent, the
/// status checked, the body read and decoded into the same `types::FlexFlow`.
pub struct Bare {
    http: reqwest::Client,
    base: String,
    authorization: HeaderValue,
    user_agent: HeaderValue,
    /// Per-request timeout (diagnostics: `--bare-timeout-ms`); none by default.
    pub timeout: Option<Duration>,
}

impl Bare {
    pub fn new(url: &str) -> Result<Bare, BoxError> {
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            MockServer::ACCOUNT_SID,
            MockServer::AUTH_TOKEN
        ));
        let mut authorization = HeaderValue::from_str(&format!("Basic {token}"))?;
        authorization.set_sensitive(true);
        Ok(Bare {
            http: reqwest::Client::new(),
            base: url.trim_end_matches('/').to_string(),
            authorization,
            user_agent: HeaderValue::from_static("bare-reqwest/1.0"),
            timeout: None,
        })
    }

    pub async fn fetch_flex_flow(&self, sid: &str) -> Result<types::FlexFlow, BoxError> {
        let body = self
            .get_bytes(format!("{}/v1/FlexFlows/{}", self.base, sid))
            .await?;
        Ok(serde_json::from_slice(&body)?)
    }

    async fn get_bytes(&self, url: String) -> Result<bytes::Bytes, BoxError> {
        let mut request = self
            .http
            .get(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(AUTHORIZATION, self.authorization.clone())
            .header(USER_AGENT, self.user_agent.clone());
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let response = request.send().await?.error_for_status()?;
        Ok(response.bytes().await?)
    }

    /// Pages through `items` Flex Flows without read-ahead, following `next_page_url`; with
    /// `decode == false` only reads the bodies (what the server and transport cost).
    pub async fn list_flex_flows(
        &self,
        items: usize,
        page_size: i64,
        decode: bool,
    ) -> Result<usize, BoxError> {
        let mut url = format!("{}/v1/FlexFlows?PageSize={page_size}", self.base);
        let mut n = 0;
        loop {
            let body = self.get_bytes(url).await?;
            let next = if decode {
                let page: types::ListFlexFlowResponse = serde_json::from_slice(&body)?;
                n += page.flex_flows.len();
                page.meta.and_then(|m| m.next_page_url)
            } else {
                #[derive(serde::Deserialize)]
                struct Meta {
                    next_page_url: Option<String>,
                }
                #[derive(serde::Deserialize)]
                struct Skim {
                    meta: Meta,
                }
                n += page_size as usize;
                serde_json::from_slice::<Skim>(&body)?.meta.next_page_url
            };
            match next {
                Some(next) if n < items => url = next,
                _ => return Ok(n.min(items)),
            }
        }
    }
}

/// `--bare-timeout-ms MS`: a per-request timeout for the bare client, like the client's deadline.
fn bare_timeout(opts: &Opts) -> Result<Option<Duration>, BoxError> {
    Ok(match opts.str("bare-timeout-ms") {
        Some(_) => Some(Duration::from_millis(opts.num("bare-timeout-ms", 0)?)),
        None => None,
    })
}

/// One fetch through the client.
pub async fn client_fetch(client: &Client, sid: &str) -> Result<types::FlexFlow, BoxError> {
    Ok(client.fetch_flex_flow().sid(sid).send().await?)
}

// ------------------------------------------------------------------------------- serve

/// A mock server in this process: seeded, optionally slowed down, until stdin closes (when
/// started by `report`), Ctrl-C, or `--max-secs` (default 2 h) so it never outlives a run.
pub fn serve(opts: &Opts) -> Result<(), BoxError> {
    let flows: usize = opts.num("flows", 100_000)?;
    let latency_ms: u64 = opts.num("latency-ms", 0)?;
    let max_secs: u64 = opts.num("max-secs", 7200)?;
    let until_stdin_closes = opts.flag("until-stdin-closes");
    runtime()?.block_on(async move {
        let server = MockServer::builder().seed(6).start().await?;
        let sids = server.seed("/v1/FlexFlows", flows)?;
        if latency_ms > 0 {
            server
                .fault(Fault::latency(Duration::from_millis(latency_ms)).route("ListFlexFlow"))?;
        }
        emit(json!({
            "url": server.url(),
            "account_sid": MockServer::ACCOUNT_SID,
            "auth_token": MockServer::AUTH_TOKEN,
            "flows": flows,
            "sid": sids.first(),
            "latency_ms": latency_ms,
        }))?;
        let stdin_closed = async {
            if until_stdin_closes {
                let _ = tokio::task::spawn_blocking(|| {
                    use std::io::Read as _;
                    let mut buf = [0u8; 64];
                    while matches!(std::io::stdin().read(&mut buf), Ok(n) if n > 0) {}
                })
                .await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            _ = stdin_closed => {}
            _ = tokio::signal::ctrl_c() => {}
            _ = tokio::time::sleep(Duration::from_secs(max_secs)) => {}
        }
        drop(server);
        Ok(())
    })
}

// ---------------------------------------------------------------------------- overhead

/// Target 1: sequential fetches, client and bare in alternating batches (the order flips
/// every round), per-request time of each batch.
pub fn overhead(opts: &Opts) -> Result<(), BoxError> {
    let url = opts.req("url")?;
    let sid = opts.req("sid")?.to_string();
    let rounds: usize = opts.num("rounds", 30)?;
    let batch: u32 = opts.num("batch", 300)?;
    let only = opts.str("only").map(str::to_string);
    let client = client(url)?;
    let mut bare = Bare::new(url)?;
    bare.timeout = bare_timeout(opts)?;
    runtime()?.block_on(async move {
        async fn run_client(c: &Client, sid: &str, n: u32) -> Result<Duration, BoxError> {
            let start = Instant::now();
            for _ in 0..n {
                std::hint::black_box(client_fetch(c, sid).await?);
            }
            Ok(start.elapsed() / n)
        }
        async fn run_bare(b: &Bare, sid: &str, n: u32) -> Result<Duration, BoxError> {
            let start = Instant::now();
            for _ in 0..n {
                std::hint::black_box(b.fetch_flex_flow(sid).await?);
            }
            Ok(start.elapsed() / n)
        }
        // Warm-up: connections, allocator, caches.
        run_client(&client, &sid, batch).await?;
        run_bare(&bare, &sid, batch).await?;
        // For profiling one side alone (`--only client` or `--only bare`).
        if let Some(only) = only {
            let mut per_request = Vec::new();
            for _ in 0..rounds {
                per_request.push(match only.as_str() {
                    "client" => run_client(&client, &sid, batch).await?,
                    _ => run_bare(&bare, &sid, batch).await?,
                });
            }
            return emit(json!({ "only": only, "us": micros(&per_request) }));
        }
        let (mut ours, mut base) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            if round % 2 == 0 {
                ours.push(run_client(&client, &sid, batch).await?);
                base.push(run_bare(&bare, &sid, batch).await?);
            } else {
                base.push(run_bare(&bare, &sid, batch).await?);
                ours.push(run_client(&client, &sid, batch).await?);
            }
        }
        emit(json!({
            "client_us": micros(&ours),
            "bare_us": micros(&base),
            "batch": batch,
        }))
    })
}

fn micros(d: &[Duration]) -> Vec<f64> {
    d.iter().map(|d| d.as_secs_f64() * 1e6).collect()
}

// ------------------------------------------------------------------------- concurrency

/// Target 5: `tasks` tasks sharing one client, each doing `per-task` fetches; the same with
/// one shared bare `reqwest::Client`. Requests per second of each round.
pub fn concurrency(opts: &Opts) -> Result<(), BoxError> {
    let url = opts.req("url")?;
    let sid: Arc<str> = Arc::from(opts.req("sid")?);
    let rounds: usize = opts.num("rounds", 10)?;
    let tasks: usize = opts.num("tasks", 256)?;
    let per_task: usize = opts.num("per-task", 20)?;
    let only = opts.str("only").map(str::to_string);
    let client = Arc::new(client(url)?);
    let mut bare = Bare::new(url)?;
    bare.timeout = bare_timeout(opts)?;
    let bare = Arc::new(bare);
    runtime()?.block_on(async move {
        let run_client = |n: usize| throughput(client.clone(), sid.clone(), tasks, n);
        let run_bare = |n: usize| throughput(bare.clone(), sid.clone(), tasks, n);
        // Warm-up: opens the connections both pools keep.
        run_client(2).await?;
        run_bare(2).await?;
        // For profiling one side alone (`--only client` or `--only bare`).
        if let Some(only) = only {
            let mut rps = Vec::new();
            for _ in 0..rounds {
                rps.push(match only.as_str() {
                    "client" => run_client(per_task).await?,
                    _ => run_bare(per_task).await?,
                });
            }
            return emit(json!({ "only": only, "rps": rps }));
        }
        let (mut ours, mut base) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            if round % 2 == 0 {
                ours.push(run_client(per_task).await?);
                base.push(run_bare(per_task).await?);
            } else {
                base.push(run_bare(per_task).await?);
                ours.push(run_client(per_task).await?);
            }
        }
        emit(json!({
            "client_rps": ours,
            "bare_rps": base,
            "tasks": tasks,
            "requests_per_round": tasks * per_task,
        }))
    })
}

/// One fetch of the Flex Flow `sid`, by the client or by the bare baseline.
trait Fetch: Send + Sync + 'static {
    fn fetch(&self, sid: &str) -> impl std::future::Future<Output = Result<(), BoxError>> + Send;
}

impl Fetch for Client {
    async fn fetch(&self, sid: &str) -> Result<(), BoxError> {
        std::hint::black_box(client_fetch(self, sid).await?);
        Ok(())
    }
}

impl Fetch for Bare {
    async fn fetch(&self, sid: &str) -> Result<(), BoxError> {
        std::hint::black_box(self.fetch_flex_flow(sid).await?);
        Ok(())
    }
}

/// `tasks` tokio tasks sharing `target`, each doing `n` fetches; requests per second.
async fn throughput<T: Fetch>(
    target: Arc<T>,
    sid: Arc<str>,
    tasks: usize,
    n: usize,
) -> Result<f64, BoxError> {
    let start = Instant::now();
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let (target, sid) = (target.clone(), sid.clone());
            tokio::spawn(async move {
                for _ in 0..n {
                    target.fetch(&sid).await?;
                }
                Ok::<_, BoxError>(())
            })
        })
        .collect();
    for h in handles {
        h.await??;
    }
    Ok((tasks * n) as f64 / start.elapsed().as_secs_f64())
}

// -------------------------------------------------------------------------------- list

/// Streams `items` Flex Flows (pages of `page-size`) and touches each one.
async fn stream_items(client: &Client, items: usize, page_size: i64) -> Result<usize, BoxError> {
    let mut stream = client
        .list_flex_flow()
        .page_size(page_size)
        .stream()
        .limit(items);
    let (mut n, mut checksum) = (0usize, 0usize);
    while let Some(flow) = stream.next().await {
        let flow = flow?;
        checksum += flow.sid.as_ref().map_or(0, |s| s.as_str().len());
        n += 1;
    }
    std::hint::black_box(checksum);
    Ok(n)
}

/// Target 2, Rust side: time to stream `items` Flex Flows, as the peers measure it (client
/// built, then the clock runs around the listing only).
pub fn list(opts: &Opts) -> Result<(), BoxError> {
    let url = opts.req("url")?;
    let items: usize = opts.num("items", 100_000)?;
    let page_size: i64 = opts.num("page-size", 1000)?;
    let client = client(url)?;
    let bare = Bare::new(url)?;
    let variant = opts.str("variant").unwrap_or("client").to_string();
    runtime()?.block_on(async move {
        let start = Instant::now();
        let n = match variant.as_str() {
            "client" => stream_items(&client, items, page_size).await?,
            "bare" => bare.list_flex_flows(items, page_size, true).await?,
            "bytes" => bare.list_flex_flows(items, page_size, false).await?,
            other => return Err(format!("--variant {other}: client, bare or bytes").into()),
        };
        let seconds = start.elapsed().as_secs_f64();
        if n != items {
            return Err(format!("streamed {n} items, expected {items}").into());
        }
        emit(json!({
            "impl": if variant == "client" {
                "twilio-flex".to_string()
            } else {
                format!("bare reqwest + serde_json ({variant})")
            },
            "version": env!("CARGO_PKG_VERSION"),
            "items": n,
            "seconds": seconds,
        }))
    })
}

// --------------------------------------------------------------------------------- rss

/// Target 3: streams `items` Flex Flows and reports the peak resident set (VmHWM).
pub fn rss(opts: &Opts) -> Result<(), BoxError> {
    let url = opts.req("url")?;
    let items: usize = opts.num("items", 100_000)?;
    let page_size: i64 = opts.num("page-size", 1000)?;
    let before = proc_status_kb("VmHWM")?;
    let client = client(url)?;
    let n = match opts.str("variant").unwrap_or("client") {
        "client" => runtime()?.block_on(stream_items(&client, items, page_size))?,
        // Diagnosis: the same listing with bare reqwest + serde_json, page after page.
        "bare" => {
            let bare = Bare::new(url)?;
            runtime()?.block_on(bare.list_flex_flows(items, page_size, true))?
        }
        other => return Err(format!("--variant {other}: client or bare").into()),
    };
    if n != items {
        return Err(format!("streamed {n} items, expected {items}").into());
    }
    emit(json!({
        "items": n,
        "vmhwm_kb": proc_status_kb("VmHWM")?,
        "vmhwm_at_start_kb": before,
        "sockets": open_sockets(),
    }))
}

/// Open sockets of this process (the connections the client keeps).
fn open_sockets() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| {
                    std::fs::read_link(e.path())
                        .is_ok_and(|t| t.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
        .unwrap_or(0)
}

fn proc_status_kb(field: &str) -> Result<u64, BoxError> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| format!("no {field} in /proc/self/status").into())
}

// --------------------------------------------------------------------------- readahead

/// Target 4: against a mock that delays every list page, with a consumer that spends
/// `work-ms` per page: `pages()` (read-ahead) vs strictly sequential paging (`send()` page by
/// page, following `next_page_url`'s `Page` and `PageToken`).
pub fn readahead(opts: &Opts) -> Result<(), BoxError> {
    let url = opts.req("url")?;
    let pages: usize = opts.num("pages", 50)?;
    let page_size: i64 = opts.num("page-size", 100)?;
    let work = Duration::from_millis(opts.num("work-ms", 20)?);
    let rounds: usize = opts.num("rounds", 5)?;
    let client = client(url)?;
    runtime()?.block_on(async move {
        let (mut ahead, mut seq) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            if round % 2 == 0 {
                ahead.push(read_ahead(&client, pages, page_size, work).await?);
                seq.push(sequential(&client, pages, page_size, work).await?);
            } else {
                seq.push(sequential(&client, pages, page_size, work).await?);
                ahead.push(read_ahead(&client, pages, page_size, work).await?);
            }
        }
        emit(json!({
            "readahead_s": ahead,
            "sequential_s": seq,
            "pages": pages,
        }))
    })
}

async fn read_ahead(
    client: &Client,
    pages: usize,
    page_size: i64,
    work: Duration,
) -> Result<f64, BoxError> {
    let start = Instant::now();
    let mut stream = client.list_flex_flow().page_size(page_size).pages();
    let mut n = 0;
    while let Some(page) = stream.next().await {
        std::hint::black_box(page?);
        tokio::time::sleep(work).await;
        n += 1;
        if n == pages {
            break;
        }
    }
    check_pages(n, pages)?;
    Ok(start.elapsed().as_secs_f64())
}

async fn sequential(
    client: &Client,
    pages: usize,
    page_size: i64,
    work: Duration,
) -> Result<f64, BoxError> {
    let start = Instant::now();
    let mut page = client.list_flex_flow().page_size(page_size).send().await?;
    let mut n = 0;
    loop {
        let next = page.meta.as_ref().and_then(|m| m.next_page_url.clone());
        std::hint::black_box(page);
        tokio::time::sleep(work).await;
        n += 1;
        let Some(next) = next.filter(|_| n < pages) else {
            break;
        };
        let next = url::Url::parse(&next)?;
        let mut request = client.list_flex_flow().page_size(page_size);
        for (key, value) in next.query_pairs() {
            match &*key {
                "Page" => request = request.page(value.parse::<i64>()?),
                "PageToken" => request = request.page_token(value.into_owned()),
                _ => {}
            }
        }
        page = request.send().await?;
    }
    check_pages(n, pages)?;
    Ok(start.elapsed().as_secs_f64())
}

fn check_pages(got: usize, expected: usize) -> Result<(), BoxError> {
    if got == expected {
        Ok(())
    } else {
        Err(
            format!("got {got} pages, expected {expected}: seed the mock with pages × page-size")
                .into(),
        )
    }
}
