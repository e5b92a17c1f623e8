//! Criterion micro-benchmarks of the client against the embedded mock server (which runs on a
//! runtime of its own): one fetch, 256 concurrent fetches, and streaming 10,000 items — each
//! next to the same work done with a bare `reqwest::Client` + `serde_json`.
//!
//! ```sh
//! cargo bench --features mock --bench client
//! ```
//!
//! `scripts/bench` (the `suite` bench) produces BENCHMARKS.md with the targets of issue #6;
//! this is for looking at one number closely while changing the client.

use criterion::{Criterion, criterion_group, criterion_main};
use futures::StreamExt;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue, USER_AGENT};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;
use twilio_flex::mock::MockServer;
use twilio_flex::{Client, types};

/// The baseline: what a careful user writes by hand (see `benches/suite/modes.rs`).
struct Bare {
    http: reqwest::Client,
    base: String,
    authorization: HeaderValue,
}

impl Bare {
    fn new(url: &str) -> Bare {
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            MockServer::ACCOUNT_SID,
            MockServer::AUTH_TOKEN
        ));
        Bare {
            http: reqwest::Client::new(),
            base: url.to_string(),
            authorization: HeaderValue::from_str(&format!("Basic {token}")).expect("header"),
        }
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, url: String) -> T {
        let body = self.get_bytes(url).await;
        serde_json::from_slice(&body).expect("bare decode")
    }

    async fn get_bytes(&self, url: String) -> bytes::Bytes {
        let response = self
            .http
            .get(url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(AUTHORIZATION, self.authorization.clone())
            .header(USER_AGENT, HeaderValue::from_static("bare-reqwest/1.0"))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("bare request");
        response.bytes().await.expect("bare body")
    }

    async fn fetch_flex_flow(&self, sid: &str) -> types::FlexFlow {
        self.get(format!("{}/v1/FlexFlows/{}", self.base, sid))
            .await
    }

    /// Follows `next_page_url` like the client does, without read-ahead.
    async fn list_flex_flows(&self, page_size: usize) -> usize {
        let mut url = format!("{}/v1/FlexFlows?PageSize={page_size}", self.base);
        let mut n = 0;
        loop {
            let page: types::ListFlexFlowResponse = self.get(url).await;
            n += page.flex_flows.len();
            match page.meta.and_then(|m| m.next_page_url) {
                Some(next) => url = next,
                None => return n,
            }
        }
    }
}

struct Fixture {
    _mock_rt: tokio::runtime::Runtime,
    _server: MockServer,
    rt: tokio::runtime::Runtime,
    client: Arc<Client>,
    bare: Arc<Bare>,
    sid: Arc<str>,
}

fn fixture() -> Fixture {
    // The mock on a runtime (and thread) of its own; the clients on another.
    let mock_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("mock runtime");
    let (server, sid) = mock_rt.block_on(async {
        let server = MockServer::builder().seed(6).start().await.expect("mock");
        let sids = server.seed("/v1/FlexFlows", 10_000).expect("seed");
        (server, sids[0].clone())
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    Fixture {
        client: Arc::new(server.client().expect("client")),
        bare: Arc::new(Bare::new(server.url())),
        sid: Arc::from(sid),
        _server: server,
        _mock_rt: mock_rt,
        rt,
    }
}

fn benches(c: &mut Criterion) {
    let f = fixture();

    let mut g = c.benchmark_group("fetch_flex_flow");
    g.bench_function("twilio_flex", |b| {
        b.to_async(&f.rt).iter(|| async {
            black_box(
                f.client
                    .fetch_flex_flow()
                    .sid(&*f.sid)
                    .send()
                    .await
                    .expect("fetch"),
            )
        })
    });
    g.bench_function("bare_reqwest", |b| {
        b.to_async(&f.rt)
            .iter(|| async { black_box(f.bare.fetch_flex_flow(&f.sid).await) })
    });
    g.finish();

    let mut g = c.benchmark_group("fetch_flex_flow_x256_concurrent");
    g.sample_size(20);
    g.bench_function("twilio_flex", |b| {
        b.to_async(&f.rt).iter(|| async {
            let tasks: Vec<_> = (0..256)
                .map(|_| {
                    let (client, sid) = (f.client.clone(), f.sid.clone());
                    tokio::spawn(async move {
                        client.fetch_flex_flow().sid(&*sid).send().await.map(|_| ())
                    })
                })
                .collect();
            for t in tasks {
                t.await.expect("join").expect("fetch");
            }
        })
    });
    g.bench_function("bare_reqwest", |b| {
        b.to_async(&f.rt).iter(|| async {
            let tasks: Vec<_> = (0..256)
                .map(|_| {
                    let (bare, sid) = (f.bare.clone(), f.sid.clone());
                    tokio::spawn(async move {
                        black_box(bare.fetch_flex_flow(&sid).await);
                    })
                })
                .collect();
            for t in tasks {
                t.await.expect("join");
            }
        })
    });
    g.finish();

    // Decoding alone: one page of 1,000 Flex Flows as the mock sends it.
    let page: bytes::Bytes = f.rt.block_on(async {
        let url = format!("{}/v1/FlexFlows?PageSize=1000", f.bare.base);
        f.bare.get_bytes(url).await
    });
    let mut g = c.benchmark_group("decode_page_1000_flex_flows");
    g.throughput(criterion::Throughput::Bytes(page.len() as u64));
    g.bench_function("serde_json", |b| {
        b.iter(|| {
            let p: types::ListFlexFlowResponse =
                serde_json::from_slice(black_box(&page)).expect("decode");
            black_box(p)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("list_10000_flex_flows");
    g.sample_size(10);
    g.bench_function("twilio_flex_stream", |b| {
        b.to_async(&f.rt).iter(|| async {
            let mut stream = f.client.list_flex_flow().page_size(1000).stream();
            let mut n = 0usize;
            while let Some(item) = stream.next().await {
                black_box(item.expect("item"));
                n += 1;
            }
            assert_eq!(n, 10_000);
        })
    });
    g.bench_function("bare_reqwest_pages", |b| {
        b.to_async(&f.rt)
            .iter(|| async { assert_eq!(f.bare.list_flex_flows(1000).await, 10_000) })
    });
    g.finish();
}

criterion_group! {
    name = client;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(client);
