//! A CI pipeline as a shell script would run it: release two plugins, upgrade one through a
//! 503 in the middle and rerun to resume, roll back, lose a race to another pipeline (stale
//! plan) and rerun, then diff and apply a Configuration patch.

use crate::common::{SID, TOKEN, bundle, mock, patch_file, run, run_with};
use serde_json::json;
use std::time::Duration;
use twilio_flex::mock::{Fault, MockServer};

fn versions(status: &serde_json::Value) -> Vec<(String, String)> {
    status["plugins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().into(),
                p["version"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn pair(name: &str, version: &str) -> (String, String) {
    (name.into(), version.into())
}

async fn status(server: &MockServer) -> serde_json::Value {
    run(server, &["plugins", "status", "--json"])
        .await
        .code(0)
        .json()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_release_pipeline_resumes_rolls_back_and_refuses_a_stale_plan() {
    let server = mock().await;
    let (a1, b1, a2) = (
        bundle("plugin-a", "1.0.0"),
        bundle("plugin-b", "1.0.0"),
        bundle("plugin-a", "2.0.0"),
    );

    // 1. Two plugins.
    run(
        &server,
        &[
            "plugins", "release", "--upsert", &a1, "--upsert", &b1, "--name", "deploy 1",
        ],
    )
    .await
    .code(0);
    let first = status(&server).await;
    assert_eq!(
        versions(&first),
        [pair("plugin-a", "1.0.0"), pair("plugin-b", "1.0.0")]
    );

    // 2. Upgrade one; the configuration step fails once with a 503 (not retried: a POST).
    server
        .fault(
            Fault::status(503)
                .route("CreatePluginConfiguration")
                .times(1),
        )
        .unwrap();
    let upgrade = ["plugins", "release", "--upsert", &a2, "--name", "deploy 2"];
    let failed = run(&server, &upgrade).await;
    failed.code(4);
    assert!(
        failed.stderr.contains("configuration step failed"),
        "{}",
        failed.stderr
    );
    assert!(failed.stderr.contains("HTTP 503"), "{}", failed.stderr);
    assert!(
        failed.stderr.contains("version plugin-a 2.0.0 (FV"),
        "names what was created: {}",
        failed.stderr
    );
    assert!(
        failed
            .stderr
            .contains("run the same command again to resume"),
        "{}",
        failed.stderr
    );
    assert!(
        failed.stdout.contains("+ plugin-a 2.0.0 (was 1.0.0)"),
        "the plan was printed: {}",
        failed.stdout
    );
    assert_eq!(
        status(&server).await["release_sid"],
        first["release_sid"],
        "nothing became active"
    );
    let versions_created = server.applied("CreatePluginVersion");

    // 3. The same command again resumes: the version is found, not created again.
    let resumed = run(&server, &[&upgrade[..], &["--json"]].concat())
        .await
        .code(0)
        .json();
    let steps: Vec<&str> = resumed["applied"]["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["configuration", "release"]);
    assert_eq!(server.applied("CreatePluginVersion"), versions_created);
    let second = status(&server).await;
    assert_eq!(
        versions(&second),
        [pair("plugin-a", "2.0.0"), pair("plugin-b", "1.0.0")]
    );
    // And once more: nothing to do, nothing written.
    let writes =
        server.applied("CreatePluginConfiguration") + server.applied("CreatePluginRelease");
    let noop = run(&server, &upgrade).await;
    assert!(
        noop.code(0)
            .stdout
            .ends_with("already runs these plugins\n"),
        "{}",
        noop.stdout
    );
    assert_eq!(
        server.applied("CreatePluginConfiguration") + server.applied("CreatePluginRelease"),
        writes
    );

    // 4. Roll back.
    run(&server, &["plugins", "rollback"]).await.code(0);
    let rolled = status(&server).await;
    assert_eq!(rolled["configuration_sid"], first["configuration_sid"]);
    assert_eq!(
        versions(&rolled),
        [pair("plugin-a", "1.0.0"), pair("plugin-b", "1.0.0")]
    );

    // 5. Two pipelines at once. This one plans, creates its plugin and version, then its read
    //    of the active release (before the configuration) is held back while the other
    //    pipeline releases plugin-d: its plan is stale, it releases nothing and exits 7.
    let (c, d) = (bundle("plugin-c", "1.0.0"), bundle("plugin-d", "1.0.0"));
    server
        .fault(
            Fault::latency(Duration::from_secs(3))
                .route("ListPluginRelease")
                .skip(1)
                .times(1),
        )
        .unwrap();
    let reads = server.requests("ListPluginRelease");
    let racing = tokio::spawn({
        let (url, c) = (server.url().to_string(), c.clone());
        async move {
            run_with(
                &[
                    "plugins",
                    "release",
                    "--upsert",
                    &c,
                    "--name",
                    "pipeline 1",
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
    while server.requests("ListPluginRelease") < reads + 2 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    run(
        &server,
        &["plugins", "release", "--upsert", &d, "--name", "pipeline 2"],
    )
    .await
    .code(0);
    let stale = racing.await.unwrap();
    stale.code(7);
    assert!(
        stale.stderr.contains("the plan is stale"),
        "{}",
        stale.stderr
    );
    assert!(
        stale.stderr.contains("+ plugin-d 1.0.0"),
        "names what changed: {}",
        stale.stderr
    );
    assert!(
        stale.stderr.contains("run the same command again"),
        "{}",
        stale.stderr
    );
    let after_race = status(&server).await;
    assert!(versions(&after_race).contains(&pair("plugin-d", "1.0.0")));
    assert!(
        !versions(&after_race).contains(&pair("plugin-c", "1.0.0")),
        "the stale plan released nothing"
    );
    // Rerun: planned on the active release, so both changes are released.
    run(
        &server,
        &["plugins", "release", "--upsert", &c, "--name", "pipeline 1"],
    )
    .await
    .code(0);
    let both = versions(&status(&server).await);
    assert!(
        both.contains(&pair("plugin-c", "1.0.0")) && both.contains(&pair("plugin-d", "1.0.0")),
        "{both:?}"
    );

    // 6. Configuration as code: diff (changes pending), apply, diff again (none).
    let patch = patch_file(
        "pipeline.json",
        &json!({"ui_attributes": {"logLevel": "debug"}, "crm_enabled": false}),
    );
    let patch = patch.to_str().unwrap();
    run(
        &server,
        &["configuration", "diff", patch, "--detailed-exitcode"],
    )
    .await
    .code(3);
    run(&server, &["configuration", "apply", patch])
        .await
        .code(0);
    run(
        &server,
        &["configuration", "diff", patch, "--detailed-exitcode"],
    )
    .await
    .code(0);
    assert_eq!(
        server.get("/v1/Configuration").unwrap()["ui_attributes"]["logLevel"],
        "debug"
    );
}
