//! The documented exit codes, each provoked; bad flags, bad values and missing credentials
//! send nothing; `-v` logs requests and no secret.

use crate::common::{NO_SECRET, SID, TOKEN, bundle, mock, patch_file, run, run_with};
use twilio_flex::mock::Fault;

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_exit_2_and_send_nothing() {
    let server = mock().await;
    let a = bundle("plugin-a", "1.0.0");
    let missing = std::env::temp_dir().join("twilio-flex-cli-no-such-dir/none.json");
    let not_json =
        std::env::temp_dir().join(format!("twilio-flex-cli-bad-{}.json", std::process::id()));
    std::fs::write(&not_json, "{ui_attributes: 1}").unwrap();
    let read_only = patch_file("read-only.json", &serde_json::json!({"account_sid": SID}));
    let wrong_type = patch_file(
        "wrong-type.json",
        &serde_json::json!({"call_recording_enabled": "yes"}),
    );
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["plugins", "launch"],
            "unrecognized subcommand 'launch'",
        ),
        (
            vec!["plugins", "status", "--colour"],
            "unexpected argument '--colour'",
        ),
        (
            vec!["plugins", "release", "--upsert", "plugin-a"],
            "expected NAME@VERSION=URL",
        ),
        (
            vec!["plugins", "release", "--upsert", &a, "--detailed-exitcode"],
            "--plan",
        ),
        (vec!["plugins", "status", "-v", "-q"], "cannot be used with"),
        (vec!["configuration", "diff"], "PATCH.json"),
        // Refused by the library's rules before any request.
        (vec!["plugins", "rollback", "--to", "FK123"], "release_sid"),
        (
            vec![
                "plugins",
                "release",
                "--upsert",
                "plugin-a@1.0.0=/relative.js",
            ],
            "invalid `upsert`",
        ),
        (
            vec!["plugins", "release", "--upsert", &a, "--name", " "],
            "invalid `name`",
        ),
        (
            vec!["configuration", "diff", missing.to_str().unwrap()],
            "cannot read the patch",
        ),
        (
            vec!["configuration", "apply", not_json.to_str().unwrap()],
            "is not JSON",
        ),
        (
            vec!["configuration", "apply", read_only.to_str().unwrap()],
            "account_sid",
        ),
        (
            vec!["configuration", "diff", wrong_type.to_str().unwrap()],
            "call_recording_enabled",
        ),
    ];
    for (args, says) in cases {
        let r = run(&server, &args).await;
        assert_eq!(r.code, 2, "{args:?}: {r:#?}");
        assert!(
            r.stderr.contains(says),
            "{args:?} should say {says:?}: {}",
            r.stderr
        );
        assert_eq!(r.stdout, "", "{args:?}");
    }
    assert_eq!(server.total_requests(), 0, "nothing was sent");
    // With --json, a refused value is also one error document on stdout.
    let r = run(&server, &["plugins", "rollback", "--to", "FK123", "--json"]).await;
    let doc = r.code(2).json();
    assert_eq!(doc["error"]["kind"], "usage");
    assert_eq!(doc["error"]["exit_code"], 2);
    assert_eq!(doc["error"]["step"], "plan");
    assert_eq!(server.total_requests(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_or_malformed_credentials_exit_2_naming_variable_and_flag_and_send_nothing() {
    let server = mock().await;
    let url = server.url();
    /// Flags, environment, what the error says.
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case<'_>> = vec![
        (
            vec![],
            vec![],
            "TWILIO_ACCOUNT_SID (--account-sid): not set",
        ),
        (
            vec![],
            vec![("TWILIO_ACCOUNT_SID", SID)],
            "TWILIO_AUTH_TOKEN (--auth-token): not set",
        ),
        (
            vec!["--account-sid", "AC123"],
            vec![("TWILIO_AUTH_TOKEN", TOKEN)],
            "TWILIO_ACCOUNT_SID (--account-sid): expected `AC`",
        ),
        (
            vec!["--api-key", "SK0123456789abcdef0123456789abcdef"],
            vec![("TWILIO_ACCOUNT_SID", SID)],
            "TWILIO_API_SECRET (--api-secret): not set",
        ),
        (
            vec!["--region", "IE1"],
            vec![("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN)],
            "--region",
        ),
        (
            vec!["--region", "ie1", "--base-url", url],
            vec![("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN)],
            "--base-url: cannot be combined with region or edge",
        ),
        (
            vec!["--base-url", "http://example.com"],
            vec![("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN)],
            "plain http is only allowed for loopback",
        ),
    ];
    for (flags, env, says) in cases {
        let mut args = vec!["plugins", "status"];
        args.extend(flags.iter().copied());
        if !args.contains(&"--base-url") {
            args.extend(["--base-url", url]);
        }
        let r = run_with(&args, &env, None, (TOKEN, SID)).await;
        assert_eq!(r.code, 2, "{args:?} {env:?}: {r:#?}");
        assert!(r.stderr.starts_with("error: credentials: "), "{}", r.stderr);
        assert!(r.stderr.contains(says), "should say {says:?}: {}", r.stderr);
    }
    let r = run_with(
        &["configuration", "get", "--base-url", url],
        &[],
        None,
        NO_SECRET,
    )
    .await;
    assert!(
        r.stderr.contains("or pass --account-sid with --auth-token"),
        "{}",
        r.stderr
    );
    assert_eq!(server.total_requests(), 0, "nothing was sent");
    // The environment's region doesn't fight --base-url, and a flag's token beats an API key
    // in the environment.
    let r = run_with(
        &[
            "plugins",
            "status",
            "--base-url",
            url,
            "--auth-token",
            TOKEN,
        ],
        &[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_REGION", "ie1"),
            ("TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef"),
            ("TWILIO_API_SECRET", "not-the-secret"),
        ],
        None,
        (TOKEN, SID),
    )
    .await;
    r.code(0);
}

#[tokio::test(flavor = "multi_thread")]
async fn twilio_errors_auth_and_network_have_their_own_codes() {
    let server = mock().await;
    // Twilio's 404 for a release that doesn't exist: 4, with Twilio's code in the JSON.
    let r = run(
        &server,
        &[
            "plugins",
            "rollback",
            "--to",
            "FK0123456789abcdef0123456789abcdef",
            "--json",
        ],
    )
    .await;
    let doc = r.code(4).json();
    assert_eq!(doc["error"]["kind"], "api");
    assert_eq!(doc["error"]["status"], 404);
    assert!(r.stderr.contains("HTTP 404"), "{}", r.stderr);
    // Nothing to roll back to: 1.
    let r = run(&server, &["plugins", "rollback"]).await;
    r.code(1);
    assert!(r.stderr.contains("no earlier release"), "{}", r.stderr);
    // Wrong credentials: 5 (and the wrong token is never printed either).
    let wrong = "0000000000000000000000000000beef";
    let r = run_with(
        &[
            "configuration",
            "get",
            "--base-url",
            server.url(),
            "--account-sid",
            SID,
            "--auth-token",
            wrong,
            "-v",
        ],
        &[],
        None,
        (wrong, SID),
    )
    .await;
    r.code(5);
    assert!(r.stderr.contains("HTTP 401"), "{}", r.stderr);
    // Nobody listening: 6.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{closed}");
    let r = run_with(
        &["plugins", "status", "--base-url", &base, "--json"],
        &[("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN)],
        None,
        (TOKEN, SID),
    )
    .await;
    assert_eq!(r.code(6).json()["error"]["kind"], "network");
    assert!(r.stderr.contains("connection failed"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_configuration_changed_between_read_and_write_exits_8_and_writes_nothing() {
    let server = mock().await;
    let patch = patch_file(
        "conflict.json",
        &serde_json::json!({"ui_attributes": {"logLevel": "debug"}}),
    );
    // `apply` reads the Configuration, diffs, then reads it again right before posting: that
    // second read is held back while another writer changes `ui_attributes`.
    server
        .fault(
            Fault::latency(std::time::Duration::from_secs(2))
                .route("FetchConfiguration")
                .skip(1)
                .times(1),
        )
        .unwrap();
    let before = server.requests("FetchConfiguration");
    let cli = tokio::spawn({
        let (url, patch) = (
            server.url().to_string(),
            patch.to_str().unwrap().to_string(),
        );
        async move {
            run_with(
                &[
                    "configuration",
                    "apply",
                    &patch,
                    "--json",
                    "--base-url",
                    &url,
                ],
                &[("TWILIO_ACCOUNT_SID", SID), ("TWILIO_AUTH_TOKEN", TOKEN)],
                None,
                (TOKEN, SID),
            )
            .await
        }
    });
    while server.requests("FetchConfiguration") < before + 2 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    server
        .set_configuration(serde_json::json!({"ui_attributes": {"colorTheme": "other pipeline"}}))
        .unwrap();
    let r = cli.await.unwrap();
    let doc = r.code(8).json();
    assert_eq!(doc["error"]["kind"], "conflict");
    assert_eq!(
        doc["error"]["properties"],
        serde_json::json!(["ui_attributes"])
    );
    assert!(
        r.stderr.contains("ui_attributes changed since it was read"),
        "{}",
        r.stderr
    );
    assert_eq!(
        server.applied("UpdateConfiguration"),
        0,
        "nothing was written"
    );
    assert_eq!(
        server.get("/v1/Configuration").unwrap()["ui_attributes"]["colorTheme"],
        "other pipeline"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_logs_each_request_on_stderr_and_never_a_secret() {
    let server = mock().await;
    let a = bundle("plugin-a", "1.0.0");
    for flag in ["-v", "-vv", "-vvv"] {
        let r = run(&server, &["plugins", "release", "--upsert", &a, flag]).await;
        r.code(0);
        assert!(
            r.stderr.contains("ListPluginRelease"),
            "{flag}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("status=200"), "{flag}: {}", r.stderr);
        assert!(
            !r.stdout.contains("ListPluginRelease"),
            "logs stay off stdout"
        );
    }
    let quiet = run(&server, &["plugins", "status", "-q"]).await;
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
    // API key credentials: the key's secret is never printed either.
    let secret = "api-key-secret-needle-0123456789";
    let r = run_with(
        &["configuration", "get", "-vv", "--base-url", server.url()],
        &[
            ("TWILIO_ACCOUNT_SID", SID),
            ("TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef"),
            ("TWILIO_API_SECRET", secret),
        ],
        None,
        (secret, "SK0123456789abcdef0123456789abcdef"),
    )
    .await;
    r.code(5);
}
