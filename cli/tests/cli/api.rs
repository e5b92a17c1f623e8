//! `twilio-flex api`: every operation from the catalogue, against the mock: a list with
//! `--limit`, a create from flags, help from the spec, and bad input refused by flag with
//! nothing sent (the mock's request counters).

use crate::common::{NO_SECRET, mock, run, run_with};
use serde_json::Value;

const IS: &str = "IS0123456789abcdef0123456789abcdef";

/// Each line of stdout as a JSON document (NDJSON).
fn ndjson(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_from_flags_then_list_with_a_limit_as_ndjson() {
    let server = mock().await;
    for n in 0..7 {
        let name = format!("flow {n}");
        let created = run(
            &server,
            &[
                "api",
                "create-flex-flow",
                "--friendly-name",
                &name,
                "--chat-service-sid",
                IS,
                "--channel-type",
                "sms",
                "--integration-type",
                "external",
                "--integration-url",
                "https://example.com/hook",
                "--enabled",
                "true",
            ],
        )
        .await;
        created.code(0);
        // Twilio's answer, indented.
        assert!(created.stdout.starts_with("{\n  \""), "{}", created.stdout);
        let flow = created.json();
        assert!(flow["sid"].as_str().unwrap().starts_with("FO"), "{flow}");
        assert_eq!(flow["friendly_name"], name.as_str());
        assert_eq!(flow["channel_type"], "sms");
        assert_eq!(flow["integration"]["url"], "https://example.com/hook");
    }
    assert_eq!(server.requests("CreateFlexFlow"), 7);

    let five = run(&server, &["api", "list-flex-flow", "--limit", "5"]).await;
    five.code(0);
    let items = ndjson(&five.stdout);
    assert_eq!(items.len(), 5, "{}", five.stdout);
    assert!(
        items
            .iter()
            .all(|f| f["sid"].as_str().unwrap().starts_with("FO"))
    );
    // One page of five was asked for, not the whole list.
    assert_eq!(server.requests("ListFlexFlow"), 1);

    // All of them across pages of 3; `--json` prints the same lines.
    let all = run(
        &server,
        &["api", "list-flex-flow", "--page-size", "3", "--json"],
    )
    .await;
    all.code(0);
    assert_eq!(ndjson(&all.stdout).len(), 7);
    assert_eq!(server.requests("ListFlexFlow"), 1 + 3);

    // A fetch by path parameter, one line with --json.
    let sid = items[0]["sid"].as_str().unwrap();
    let fetched = run(&server, &["--json", "api", "fetch-flex-flow", "--sid", sid]).await;
    fetched.code(0);
    assert_eq!(fetched.stdout.lines().count(), 1);
    assert_eq!(fetched.json()["sid"], sid);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_by_flag_with_the_usage_code_and_nothing_is_sent() {
    let server = mock().await;
    let create = |extra: &'static [&'static str]| {
        let mut args = vec!["api", "create-flex-flow"];
        args.extend_from_slice(extra);
        args
    };
    for (args, flag, why) in [
        // A SID of another resource (a Flex Flow's, `FO…`, where a Chat Service's goes).
        (
            create(&[
                "--friendly-name",
                "x",
                "--channel-type",
                "sms",
                "--chat-service-sid",
                "FO0123456789abcdef0123456789abcdef",
            ]),
            "--chat-service-sid",
            "`IS` followed by 32 hexadecimal digits",
        ),
        (
            create(&["--friendly-name", "x", "--channel-type", "fax"]),
            "--channel-type",
            "expected one of ",
        ),
        // A required value missing.
        (
            create(&["--friendly-name", "x", "--channel-type", "sms"]),
            "--chat-service-sid",
            "a value is required",
        ),
        (
            vec!["api", "list-flex-flow", "--page-size", "0"],
            "--page-size",
            "expected an integer from 1 to 1000",
        ),
    ] {
        let refused = run(&server, &args).await;
        refused.code(2);
        assert!(
            refused.stderr.starts_with("error: create-flex-flow: ")
                || refused.stderr.starts_with("error: list-flex-flow: "),
            "{refused:?}"
        );
        assert!(refused.stderr.contains(&format!("{flag}: ")), "{refused:?}");
        assert!(refused.stderr.contains(why), "{why}: {refused:?}");
        assert_eq!(refused.stdout, "");
        // With --json, the error document names the flag.
        let mut json = args.clone();
        json.push("--json");
        let doc = run(&server, &json).await;
        doc.code(2);
        assert_eq!(doc.json()["error"]["flag"], flag);
        assert_eq!(doc.json()["error"]["kind"], "usage");
    }
    // An unknown operation, an unknown flag: clap's usage errors, with a suggestion.
    let unknown = run(&server, &["api", "list-flex-flows"]).await;
    unknown.code(2);
    assert!(unknown.stderr.contains("list-flex-flows"), "{unknown:?}");
    assert!(unknown.stderr.contains("list-flex-flow"), "{unknown:?}");
    run(&server, &["api", "list-flex-flow", "--colour", "red"])
        .await
        .code(2);
    assert_eq!(server.total_requests(), 0, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn help_lists_every_operation_and_each_has_its_flags_from_the_spec() {
    let help = run_with(&["api", "--help"], &[], None, NO_SECRET).await;
    help.code(0);
    let listed: Vec<&str> = help
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Operations:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A name at two spaces; its about line deeper when names are long.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    let all: Vec<&str> = twilio_flex::operations::ALL
        .iter()
        .map(|op| op.command)
        .collect();
    assert_eq!(listed, all);
    assert_eq!(listed.len(), 73);
    assert!(help.stdout.contains("list-flex-flow"), "{}", help.stdout);

    let create = run_with(&["api", "create-flex-flow", "--help"], &[], None, NO_SECRET).await;
    create.code(0);
    let text = &create.stdout;
    assert!(text.contains("POST /v1/FlexFlows"), "{text}");
    // Each flag with the spec's description and the library's rules.
    assert!(text.contains("--friendly-name <TEXT>"), "{text}");
    assert!(
        text.contains("A descriptive string that you create to describe the Flex Flow resource"),
        "{text}"
    );
    assert!(text.contains("--chat-service-sid <SID>"), "{text}");
    assert!(text.contains("a Chat Service SID, IS…"), "{text}");
    assert!(text.contains("one of: web, sms, facebook"), "{text}");
    assert!(text.contains("required"), "{text}");
    // Completions walk every operation's flags.
    let bash = run_with(&["completions", "bash"], &[], None, NO_SECRET).await;
    assert!(
        bash.stdout.contains("--integration-flow-sid"),
        "completions"
    );
    let list = run_with(&["api", "list-flex-flow", "--help"], &[], None, NO_SECRET).await;
    assert!(list.stdout.contains("--limit <N>"), "{}", list.stdout);
    assert!(list.stdout.contains("--page-size <N>"), "{}", list.stdout);
    assert!(list.stdout.contains("1 to 1000"), "{}", list.stdout);
}
