//! `twilio-flex mock`: the built binary started on port 0 and driven over loopback with a
//! plain HTTP/1.1 client (std's `TcpStream`), as a test in another language drives it.

use serde_json::{Value, json};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_twilio-flex");

/// A running `twilio-flex mock`, killed when dropped.
struct Mock {
    child: Child,
    start: Value,
    stderr: Option<ChildStderr>,
}

impl Mock {
    /// Starts it with `--port 0 --json` and `args`, and reads its start document.
    fn start(args: &[&str]) -> Mock {
        let mut child = Command::new(BIN)
            .args(["mock", "--port", "0", "--json"])
            .args(args)
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let start = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("the start line is one JSON document ({e}): {line:?}"));
        let stderr = child.stderr.take();
        Mock {
            child,
            start,
            stderr,
        }
    }

    fn addr(&self) -> String {
        format!(
            "{}:{}",
            self.start["host"].as_str().unwrap(),
            self.start["port"]
        )
    }

    fn basic(&self) -> String {
        use base64::Engine as _;
        let user = self.start["account_sid"].as_str().unwrap();
        let pass = self.start["auth_token"].as_str().unwrap();
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
    }

    /// A request with the server's credentials.
    fn api(&self, method: &str, path: &str, form: &str) -> Answer {
        let auth = format!("Basic {}", self.basic());
        request(&self.addr(), method, path, Some(&auth), FORM, form)
    }

    /// An admin request (JSON body).
    fn admin(&self, method: &str, path: &str, body: Value) -> Answer {
        let body = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        request(&self.addr(), method, path, None, "application/json", &body)
    }

    /// SIGTERM, then its exit code and everything it wrote on stderr.
    fn terminate(mut self) -> (i32, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        let code = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server stops on SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut err = String::new();
        self.stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (code, err)
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

#[derive(Debug)]
struct Answer {
    /// `None`: the connection closed without an answer.
    status: Option<u16>,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }
}

fn request(
    addr: &str,
    method: &str,
    path: &str,
    auth: Option<&str>,
    content_type: &str,
    body: &str,
) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    if let Some(a) = auth {
        head.push_str(&format!("Authorization: {a}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    // A reset connection (the lost-answer fault) is an answer with no status.
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return Answer {
            status: None,
            body: text,
        };
    };
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok());
    Answer {
        status,
        body: body.to_string(),
    }
}

const FLOW: &str =
    "FriendlyName=support&ChatServiceSid=IS0123456789abcdef0123456789abcdef&ChannelType=web";

#[test]
fn it_starts_on_a_free_port_prints_its_url_and_credentials_and_answers_the_health_check() {
    let mock = Mock::start(&[]);
    let start = &mock.start;
    let url = start["url"].as_str().unwrap();
    assert_eq!(start["host"], "127.0.0.1");
    assert_ne!(start["port"], 0);
    assert_eq!(url, format!("http://{}", mock.addr()));
    let sid = start["account_sid"].as_str().unwrap();
    assert!(sid.starts_with("AC") && sid.len() == 34, "{sid}");
    assert_eq!(start["auth_token"].as_str().unwrap().len(), 32);
    let health = mock.admin("GET", "/__mock/health", Value::Null);
    assert_eq!(health.status, Some(200));
    assert_eq!(health.json()["status"], "ok");
    // Generated credentials differ from run to run.
    let other = Mock::start(&[]);
    assert_ne!(other.start["auth_token"], start["auth_token"]);
}

#[test]
fn the_human_start_line_is_one_line_with_the_url_and_the_given_credentials() {
    let sid = "AC00000000000000000000000000000001";
    let mut child = Command::new(BIN)
        .args([
            "mock",
            "--port",
            "0",
            "--account-sid",
            sid,
            "--auth-token",
            "t0ken",
        ])
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    assert!(line.contains(&format!("account_sid={sid}")), "{line}");
    assert!(line.contains("auth_token=t0ken"), "{line}");
    assert_eq!(line.matches('\n').count(), 1, "{line:?}");
}

#[test]
fn the_api_needs_the_servers_credentials_and_refuses_others_as_twilio_does() {
    let mock = Mock::start(&["--auth-token", "right"]);
    let addr = mock.addr();
    let none = request(&addr, "GET", "/v1/FlexFlows", None, FORM, "");
    assert_eq!(none.status, Some(401));
    assert_eq!(none.json()["code"], 20003);
    assert_eq!(none.json()["status"], 401);
    use base64::Engine as _;
    let wrong = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:wrong",
            mock.start["account_sid"].as_str().unwrap()
        ))
    );
    let refused = request(&addr, "GET", "/v1/FlexFlows", Some(&wrong), FORM, "");
    assert_eq!(refused.status, Some(401));
    assert_eq!(refused.json()["code"], 20003);
    let ok = mock.api("GET", "/v1/FlexFlows", "");
    assert_eq!(ok.status, Some(200));
    assert_eq!(ok.json()["flex_flows"], json!([]));
}

#[test]
fn any_credentials_lets_every_request_in() {
    let mock = Mock::start(&["--any-credentials"]);
    let none = request(&mock.addr(), "GET", "/v1/FlexFlows", None, FORM, "");
    assert_eq!(none.status, Some(200), "{none:?}");
    assert_eq!(mock.start["any_credentials"], true);
}

#[test]
fn the_admin_api_seeds_inserts_counts_faults_and_resets() {
    let mock = Mock::start(&[]);
    let seeded = mock.admin(
        "POST",
        "/__mock/seed",
        json!({"path": "/v1/FlexFlows", "count": 3}),
    );
    assert_eq!(seeded.status, Some(201), "{seeded:?}");
    let sids = seeded.json()["sids"].as_array().unwrap().clone();
    assert_eq!(sids.len(), 3);
    assert!(sids.iter().all(|s| s.as_str().unwrap().starts_with("FO")));
    let inserted = mock.admin(
        "POST",
        "/__mock/records",
        json!({"path": "/v1/FlexFlows", "fields": {"friendly_name": "inserted"}}),
    );
    let sid = inserted.json()["sid"].as_str().unwrap().to_string();
    let fetched = mock.api("GET", &format!("/v1/FlexFlows/{sid}"), "");
    assert_eq!(fetched.json()["friendly_name"], "inserted");
    let list = mock.api("GET", "/v1/FlexFlows?PageSize=50", "");
    assert_eq!(list.json()["flex_flows"].as_array().unwrap().len(), 4);

    // A status fault, once.
    let fault = mock.admin(
        "POST",
        "/__mock/faults",
        json!({"status": 503, "route": "ListFlexFlow", "times": 1}),
    );
    assert_eq!(fault.status, Some(201));
    let id = fault.json()["id"].as_u64().unwrap();
    let failed = mock.api("GET", "/v1/FlexFlows", "");
    assert_eq!(failed.status, Some(503));
    assert_eq!(failed.json()["code"], 20503);
    assert_eq!(mock.api("GET", "/v1/FlexFlows", "").status, Some(200));
    let hits = mock.admin("GET", &format!("/__mock/faults/{id}"), Value::Null);
    assert_eq!(hits.json()["hits"], 1);

    // Latency, then cleared.
    mock.admin(
        "POST",
        "/__mock/faults",
        json!({"latency_ms": 300, "route": "FetchFlexFlow"}),
    );
    let t = Instant::now();
    assert_eq!(
        mock.api("GET", &format!("/v1/FlexFlows/{sid}"), "").status,
        Some(200)
    );
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(
        mock.admin("DELETE", "/__mock/faults", Value::Null).status,
        Some(200)
    );
    let t = Instant::now();
    mock.api("GET", &format!("/v1/FlexFlows/{sid}"), "");
    assert!(
        t.elapsed() < Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );

    // A lost answer: the create is applied, the client gets no answer.
    mock.admin(
        "POST",
        "/__mock/faults",
        json!({"lost": true, "route": "CreateFlexFlow", "times": 1}),
    );
    let lost = mock.api("POST", "/v1/FlexFlows", FLOW);
    assert_eq!(lost.status, None, "{lost:?}");
    let counters = mock.admin("GET", "/__mock/counters", Value::Null).json();
    assert_eq!(
        counters["operations"]["CreateFlexFlow"],
        json!({"requests": 1, "applied": 1})
    );
    assert_eq!(counters["operations"]["ListFlexFlow"]["requests"], 3);
    let one = mock.admin("GET", "/__mock/counters/CreateFlexFlow", Value::Null);
    assert_eq!(one.json(), json!({"requests": 1, "applied": 1}));
    let unknown = mock.admin("GET", "/__mock/counters/CreateFlexFlows", Value::Null);
    assert_eq!(unknown.status, Some(404));
    assert_eq!(unknown.json()["code"], 20404);
    let list = mock.api("GET", "/v1/FlexFlows", "");
    assert_eq!(list.json()["flex_flows"].as_array().unwrap().len(), 5);

    // A bad request is a Twilio error body naming what is wrong.
    let bad = mock.admin("POST", "/__mock/faults", json!({"route": "CreateFlexFlow"}));
    assert_eq!(bad.status, Some(400));
    assert_eq!(bad.json()["code"], 20001);

    // Reset: no records, zeroed counters, the Configuration as new.
    assert_eq!(
        mock.admin("POST", "/__mock/reset", Value::Null).status,
        Some(200)
    );
    let counters = mock.admin("GET", "/__mock/counters", Value::Null).json();
    assert_eq!(counters["total_requests"], 0);
    assert_eq!(
        mock.api("GET", "/v1/FlexFlows", "").json()["flex_flows"],
        json!([])
    );
    assert_eq!(mock.api("GET", "/v1/Configuration", "").status, Some(200));
}

#[test]
fn sigterm_stops_it_cleanly_saving_the_state_a_restart_loads() {
    let dir = std::env::temp_dir().join(format!("twilio-flex-mock-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let path = file.to_str().unwrap();
    let mock = Mock::start(&["--state", path, "--save-state"]);
    let created = mock.api("POST", "/v1/FlexFlows", FLOW);
    assert_eq!(created.status, Some(201), "{created:?}");
    let sid = created.json()["sid"].as_str().unwrap().to_string();
    let (code, stderr) = mock.terminate();
    assert_eq!(code, 0, "{stderr}");
    // One access-log line per request: method, path, operation, status.
    assert!(
        stderr
            .lines()
            .any(|l| l == "POST /v1/FlexFlows CreateFlexFlow 201"),
        "{stderr}"
    );
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["/v1/FlexFlows"][0]["sid"], sid.as_str());

    let again = Mock::start(&["--state", path]);
    let fetched = again.api("GET", &format!("/v1/FlexFlows/{sid}"), "");
    assert_eq!(fetched.status, Some(200), "{fetched:?}");
    assert_eq!(fetched.json()["friendly_name"], "support");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn spec_serves_another_twilio_spec() {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../mock/tests/specs/twilio_taskrouter_v1.yaml"
    );
    let mock = Mock::start(&["--spec", spec]);
    let created = mock.api("POST", "/v1/Workspaces", "FriendlyName=w");
    assert_eq!(created.status, Some(201), "{created:?}");
    assert!(created.json()["sid"].as_str().unwrap().starts_with("WS"));
    let not_flex = mock.api("GET", "/v1/FlexFlows", "");
    assert_eq!(not_flex.status, Some(404));
    assert_eq!(not_flex.json()["code"], 20404);
}

#[test]
fn an_unreadable_spec_or_state_is_a_usage_error_naming_the_flag() {
    for (flag, expect) in [("--spec", "--spec"), ("--state", "--state")] {
        let out = Command::new(BIN)
            .args(["mock", "--port", "0", flag, "/nonexistent/file.json"])
            .env_clear()
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{err}");
    }
}
