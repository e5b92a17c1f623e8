//! Each command, human and `--json` output, `--help` for every command, completions.

use crate::common::{bundle, mock, patch_file, run, run_env};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn plugins_status_shows_the_active_release_with_each_plugin() {
    let server = mock().await;
    let none = run(&server, &["plugins", "status"]).await;
    none.code(0);
    assert_eq!(none.stdout, "no release: no plugins are active\n");
    assert_eq!(none.stderr, "", "quiet by default");
    assert_eq!(
        run(&server, &["plugins", "status", "--json"]).await.json(),
        json!(null)
    );

    let a = bundle("plugin-a", "1.0.0");
    run(
        &server,
        &["plugins", "release", "--upsert", &a, "--name", "first"],
    )
    .await
    .code(0);
    let human = run(&server, &["plugins", "status"]).await;
    human.code(0);
    assert!(human.stdout.starts_with("release FK"), "{}", human.stdout);
    assert!(human.stdout.contains("\"first\""), "{}", human.stdout);
    assert!(
        human
            .stdout
            .contains("  plugin-a 1.0.0 https://assets.example.com/plugin-a-1.0.0.js\n"),
        "{}",
        human.stdout
    );
    // Global flags go before or after the command; credentials from the environment.
    let doc = run_env(&server, &["--json", "plugins", "status"]).await;
    let doc = doc.code(0).json();
    assert!(doc["release_sid"].as_str().unwrap().starts_with("FK"));
    assert!(doc["configuration_sid"].as_str().unwrap().starts_with("FJ"));
    assert_eq!(doc["configuration_name"], "first");
    assert_eq!(doc["plugins"][0]["name"], "plugin-a");
    assert_eq!(doc["plugins"][0]["version"], "1.0.0");
    assert_eq!(
        doc["plugins"][0]["url"],
        "https://assets.example.com/plugin-a-1.0.0.js"
    );
    assert_eq!(doc["plugins"][0]["phase"], 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn plugins_release_prints_the_plan_then_applies_it_and_plan_only_prints() {
    let server = mock().await;
    let (a, b) = (bundle("plugin-a", "1.0.0"), bundle("plugin-b", "2.0.0"));
    let args = [
        "plugins", "release", "--upsert", &a, "--upsert", &b, "--name", "two",
    ];
    let mut plan_only = args.to_vec();
    plan_only.push("--plan");
    let planned = run(&server, &plan_only).await;
    planned.code(0);
    assert_eq!(
        planned.stdout,
        "Release \"two\" on no release (nothing is active yet):\n+ plugin-a 1.0.0\n+ plugin-b 2.0.0\n2 to add or change, 0 to remove, 0 unchanged\n"
    );
    assert_eq!(
        server.applied("CreatePlugin") + server.applied("CreatePluginRelease"),
        0,
        "--plan writes nothing"
    );
    let mut detailed = plan_only.clone();
    detailed.push("--detailed-exitcode");
    run(&server, &detailed).await.code(3);
    let json_plan = run(&server, &[&plan_only[..], &["--json"]].concat())
        .await
        .code(0)
        .json();
    assert_eq!(json_plan["plan"]["changes_pending"], true);
    assert_eq!(json_plan["plan"]["changes"][1]["change"], "add");
    assert_eq!(json_plan["plan"]["changes"][1]["plugin"], "plugin-b");

    let applied = run(&server, &args).await;
    applied.code(0);
    assert!(
        applied.stdout.contains("+ plugin-a 1.0.0\n"),
        "{}",
        applied.stdout
    );
    let last = applied.stdout.lines().last().unwrap();
    assert!(last.starts_with("created plugin plugin-a (FP"), "{last}");
    assert!(last.contains(", release FK"), "{last}");
    assert_eq!(server.applied("CreatePluginRelease"), 1);
    // Nothing left to do: exit 0 with --detailed-exitcode, and a rerun writes nothing.
    run(&server, &detailed).await.code(0);
    let rerun = run(&server, &[&args[..], &["--json"]].concat())
        .await
        .code(0)
        .json();
    assert_eq!(rerun["plan"]["changes_pending"], false);
    assert_eq!(rerun["applied"]["noop"], true);
    assert_eq!(rerun["applied"]["created"], json!([]));
    assert_eq!(server.applied("CreatePluginRelease"), 1);

    // Remove one, upgrade the other.
    let b2 = bundle("plugin-b", "2.1.0");
    let changed = run(
        &server,
        &[
            "plugins", "release", "--upsert", &b2, "--remove", "plugin-a", "--json",
        ],
    )
    .await;
    let doc = changed.code(0).json();
    let kinds: Vec<(&str, &str)> = doc["plan"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["change"].as_str().unwrap(), c["plugin"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("update", "plugin-b"), ("remove", "plugin-a")]);
    assert_eq!(doc["plan"]["changes"][0]["previous_version"], "2.0.0");
    let steps: Vec<&str> = doc["applied"]["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["version", "configuration", "release"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn plugins_rollback_plans_and_applies_the_previous_configuration() {
    let server = mock().await;
    let (a1, a2) = (bundle("plugin-a", "1.0.0"), bundle("plugin-a", "1.1.0"));
    run(&server, &["plugins", "release", "--upsert", &a1])
        .await
        .code(0);
    let first = run(&server, &["plugins", "status", "--json"]).await.json();
    run(&server, &["plugins", "release", "--upsert", &a2])
        .await
        .code(0);

    let plan = run(
        &server,
        &["plugins", "rollback", "--plan", "--detailed-exitcode"],
    )
    .await;
    plan.code(3);
    assert!(
        plan.stdout.starts_with("Rollback to configuration FJ"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout.contains("+ plugin-a 1.0.0 (was 1.1.0)\n"),
        "{}",
        plan.stdout
    );
    let releases = server.applied("CreatePluginRelease");
    let done = run(&server, &["plugins", "rollback", "--json"])
        .await
        .code(0)
        .json();
    assert_eq!(done["plan"]["kind"], "rollback");
    assert_eq!(
        done["applied"]["configuration_sid"],
        first["configuration_sid"]
    );
    assert_eq!(server.applied("CreatePluginRelease"), releases + 1);
    let now = run(&server, &["plugins", "status", "--json"]).await.json();
    assert_eq!(now["plugins"][0]["version"], "1.0.0");
    // --to a release: its configuration again.
    let to = run(
        &server,
        &[
            "plugins",
            "rollback",
            "--to",
            first["release_sid"].as_str().unwrap(),
            "--plan",
            "--json",
        ],
    )
    .await;
    assert_eq!(to.code(0).json()["plan"]["changes_pending"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn configuration_get_diff_and_apply() {
    let server = mock().await;
    let got = run(&server, &["configuration", "get"]).await;
    got.code(0);
    let human: serde_json::Value = serde_json::from_str(&got.stdout).unwrap();
    assert!(got.stdout.contains("\n  \""), "indented: {}", got.stdout);
    let one_line = run(&server, &["configuration", "get", "--json"])
        .await
        .code(0)
        .stdout
        .clone();
    assert_eq!(one_line.lines().count(), 1);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&one_line).unwrap(),
        human
    );
    assert_eq!(human["account_sid"], crate::common::SID);

    let patch = patch_file(
        "dark.json",
        &json!({"ui_attributes": {"colorTheme": {"baseName": "DarkTheme"}}, "crm_enabled": false}),
    );
    let patch = patch.to_str().unwrap();
    let diff = run(&server, &["configuration", "diff", patch]).await;
    diff.code(0);
    let lines: Vec<&str> = diff.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", diff.stdout);
    assert!(
        lines[0].starts_with("crm_enabled: ") && lines[0].ends_with(" → false"),
        "{}",
        diff.stdout
    );
    assert_eq!(
        lines[1],
        r#"ui_attributes.colorTheme.baseName: "GreyDefault" → "DarkTheme""#
    );
    run(
        &server,
        &["configuration", "diff", patch, "--detailed-exitcode"],
    )
    .await
    .code(3);
    let doc = run(&server, &["configuration", "diff", patch, "--json"])
        .await
        .code(0)
        .json();
    assert_eq!(doc["changes_pending"], true);
    assert_eq!(doc["properties"], json!(["crm_enabled", "ui_attributes"]));
    assert_eq!(doc["diff"][0]["path"], "crm_enabled");
    assert_eq!(doc["diff"][0]["to"], false);
    assert_eq!(
        server.applied("UpdateConfiguration"),
        0,
        "diff writes nothing"
    );

    let applied = run(&server, &["configuration", "apply", patch]).await;
    applied.code(0);
    assert!(
        applied
            .stdout
            .ends_with("updated crm_enabled, ui_attributes\n"),
        "{}",
        applied.stdout
    );
    assert_eq!(server.applied("UpdateConfiguration"), 1);
    let stored = server.get("/v1/Configuration").unwrap();
    assert_eq!(
        stored["ui_attributes"]["colorTheme"]["baseName"],
        "DarkTheme"
    );
    assert_eq!(stored["crm_enabled"], false);
    // Applied: no diff, nothing sent, exit 0 with --detailed-exitcode.
    let again = run(
        &server,
        &["configuration", "diff", patch, "--detailed-exitcode"],
    )
    .await;
    assert_eq!(again.code(0).stdout, "no changes\n");
    let noop = run(&server, &["configuration", "apply", patch, "--json"])
        .await
        .code(0)
        .json();
    assert_eq!(noop["applied"], false);
    assert_eq!(server.applied("UpdateConfiguration"), 1);
    // The patch from stdin.
    let stdin = crate::common::run_with(
        &[
            "configuration",
            "diff",
            "-",
            "--base-url",
            server.url(),
            "--account-sid",
            crate::common::SID,
            "--auth-token",
            crate::common::TOKEN,
        ],
        &[],
        Some(r#"{"crm_enabled": true}"#),
        (crate::common::TOKEN, crate::common::SID),
    )
    .await;
    assert_eq!(stdin.code(0).stdout, "crm_enabled: false → true\n");
}

/// The subcommand names a `--help` page lists under "Commands:".
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_command_has_help() {
    let mut pending: Vec<Vec<String>> = vec![vec![]];
    let mut seen = Vec::new();
    while let Some(path) = pending.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = crate::common::run_with(&args, &[], None, crate::common::NO_SECRET).await;
        help.code(0);
        assert!(
            help.stdout.contains("Usage: twilio-flex"),
            "{path:?}: {}",
            help.stdout
        );
        assert!(
            help.stdout
                .lines()
                .next()
                .is_some_and(|l| !l.trim().is_empty()),
            "{path:?} has an about line"
        );
        for sub in subcommands(&help.stdout) {
            let mut next = path.clone();
            next.push(sub);
            pending.push(next);
        }
        seen.push(path.join(" "));
    }
    seen.sort();
    for expected in [
        "",
        "plugins",
        "plugins status",
        "plugins release",
        "plugins rollback",
        "configuration get",
        "configuration diff",
        "configuration apply",
        "completions",
    ] {
        assert!(
            seen.iter().any(|s| s == expected),
            "{expected:?} in {seen:?}"
        );
    }
    let top = crate::common::run_with(&["--help"], &[], None, crate::common::NO_SECRET).await;
    assert!(
        top.stdout.contains("Exit status: 0 success"),
        "{}",
        top.stdout
    );
    let version =
        crate::common::run_with(&["--version"], &[], None, crate::common::NO_SECRET).await;
    assert_eq!(
        version.code(0).stdout,
        format!("twilio-flex {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script =
            crate::common::run_with(&["completions", shell], &[], None, crate::common::NO_SECRET)
                .await;
        script.code(0);
        assert!(script.stdout.contains("twilio-flex"), "{shell}");
        assert!(
            script.stdout.contains("rollback"),
            "{shell}: the whole tree"
        );
    }
    crate::common::run_with(
        &["completions", "tcsh"],
        &[],
        None,
        crate::common::NO_SECRET,
    )
    .await
    .code(2);
}
