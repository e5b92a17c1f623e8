//! Cross-checks the client's requests against Stoplight Prism mocking `spec/flex_v1.yaml`: an
//! implementation of the spec that shares no code with ours. Prism answers 422 to a request
//! that violates the spec (a missing required field, a wrong encoding, a malformed SID) and
//! the spec's examples otherwise, so every operation must get a 2xx that decodes into our type.
//!
//! ```sh
//! scripts/prism-check          # installs Prism, starts it, runs this
//! cargo run --example conformance --features mock,contract -- http://127.0.0.1:4010
//! ```

#[path = "../tests/e2e/operations.rs"]
mod operations;

use std::process::ExitCode;
use std::time::Duration;

use operations::{Context, Failure, exercise_all};
use twilio_flex::{Client, Credentials, RetryPolicy};

/// Whether Prism takes an array as repeated form keys, the encoding Twilio's libraries use
/// (and OpenAPI's default for form bodies). Asked with a hand-written request, so that a
/// Prism that learns it makes the check stricter on its own.
async fn reads_repeated_keys(url: &str) -> Result<bool, reqwest::Error> {
    let ge = "GE0123456789abcdef0123456789abcdef";
    let status = reqwest::Client::new()
        .post(format!(
            "{}/v1/Insights/QualityManagement/Questionnaires",
            url.trim_end_matches('/')
        ))
        .basic_auth("AC0123456789abcdef0123456789abcdef", Some("probe"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("Name=probe&QuestionSids={ge}&QuestionSids={ge}"))
        .timeout(Duration::from_secs(20))
        .send()
        .await?
        .status();
    Ok(status.is_success())
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(url) = std::env::args().nth(1) else {
        eprintln!("usage: conformance <prism base URL, e.g. http://127.0.0.1:4010>");
        return ExitCode::from(2);
    };
    // Prism accepts any Basic credentials; no retries, so each operation is one request.
    let client = match Client::builder()
        .base_url(url.trim_end_matches('/'))
        .credentials(Credentials::auth_token(
            "AC0123456789abcdef0123456789abcdef",
            "prism-accepts-any-token",
        ))
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(20))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot build a client for {url}: {e}");
            return ExitCode::from(2);
        }
    };
    let form_arrays = match reads_repeated_keys(&url).await {
        Ok(yes) => yes,
        Err(e) => {
            eprintln!("cannot reach Prism at {url}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !form_arrays {
        // Said, not hidden: these two optional fields are then not checked by Prism (the
        // mock end-to-end test and tests/generated_api.rs cover their encoding).
        println!(
            "note: this Prism reads only the last of repeated form keys (stoplightio/prism#2473), \
             so CreatePluginConfiguration is sent without Plugins and \
             CreateInsightsQuestionnaires without QuestionSids"
        );
    }
    let ctx = Context {
        stateful: false,
        seed: None,
        form_arrays,
    };
    let Ok(outcomes) =
        tokio::time::timeout(Duration::from_secs(300), exercise_all(&client, ctx)).await
    else {
        eprintln!("prism conformance: timed out");
        return ExitCode::FAILURE;
    };

    let expected = twilio_flex::__contract::OPERATIONS.len();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut decode = Vec::new();
    for (op, outcome) in &outcomes {
        match outcome {
            Ok(()) => passed += 1,
            Err(Failure::Api {
                status: 422,
                message,
                ..
            }) => {
                failed += 1;
                println!("FAIL {op}: Prism rejected the request (422): {message}");
            }
            // Prism answered, but with data our types don't take: listed apart, since the
            // cause is in the response (spec example or Prism's generator), not the request.
            Err(e @ Failure::Decode(_)) => {
                failed += 1;
                decode.push(format!("{op}: {e}"));
            }
            Err(e) => {
                failed += 1;
                println!("FAIL {op}: {e}");
            }
        }
    }
    for d in &decode {
        println!("FAIL (response did not decode) {d}");
    }
    if outcomes.len() != expected {
        failed += expected.abs_diff(outcomes.len());
        println!(
            "FAIL exercised {} operations, the spec has {expected}",
            outcomes.len()
        );
    }
    println!("prism conformance: {passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
