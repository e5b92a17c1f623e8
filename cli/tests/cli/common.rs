//! Running the binary against a mock: every run's stdout and stderr are checked for the auth
//! token and its Basic encoding.

use std::process::Stdio;
use twilio_flex::mock::MockServer;

pub const BIN: &str = env!("CARGO_BIN_EXE_twilio-flex");
pub const SID: &str = MockServer::ACCOUNT_SID;
pub const TOKEN: &str = MockServer::AUTH_TOKEN;
/// For runs given no secret (`--help`, `--version`, completions).
pub const NO_SECRET: (&str, &str) = ("", "");

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The single JSON document on stdout.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {self:?}"))
    }

    /// Asserts the exit code, showing the run when it differs.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "{self:#?}");
        self
    }
}

/// The secrets no output may hold: the token, and the `Authorization` value made from it.
fn needles(secret: &str, user: &str) -> Vec<String> {
    use base64::Engine as _;
    vec![
        secret.to_string(),
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}")),
    ]
}

/// Runs the binary with `args` and `env` only (no `TWILIO_*` from the test's environment),
/// checking that `secret` (sent as `user`'s) appears in no output.
pub async fn run_with(
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&str>,
    secret: (&str, &str),
) -> Run {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = cmd.spawn().expect("the binary starts");
    if let Some(text) = stdin {
        use tokio::io::AsyncWriteExt as _;
        let mut input = child.stdin.take().unwrap();
        input.write_all(text.as_bytes()).await.unwrap();
    }
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("the binary ends within 60 s")
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    for needle in needles(secret.0, secret.1)
        .into_iter()
        .filter(|_| !secret.0.is_empty())
    {
        assert!(
            !run.stdout.contains(&needle) && !run.stderr.contains(&needle),
            "a secret was printed by {args:?}: {run:#?}"
        );
    }
    run
}

/// Runs `twilio-flex ARGS… --base-url MOCK --account-sid … --auth-token …`.
pub async fn run(server: &MockServer, args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    all.extend([
        "--base-url",
        server.url(),
        "--account-sid",
        SID,
        "--auth-token",
        TOKEN,
    ]);
    run_with(&all, &[], None, (TOKEN, SID)).await
}

/// The same with credentials from the environment, as CI passes them.
pub async fn run_env(server: &MockServer, args: &[&str]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--base-url", server.url()]);
    run_with(
        &all,
        &[("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN)],
        None,
        (TOKEN, SID),
    )
    .await
}

pub async fn mock() -> MockServer {
    MockServer::start().await.expect("the mock starts")
}

pub fn bundle(name: &str, version: &str) -> String {
    format!("{name}@{version}=https://assets.example.com/{name}-{version}.js")
}

/// Writes `json` to a fresh file and returns its path.
pub fn patch_file(name: &str, json: &serde_json::Value) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("twilio-flex-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec(json).unwrap()).unwrap();
    path
}
