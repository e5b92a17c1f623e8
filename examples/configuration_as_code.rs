//! Flex Configuration as code: applies a JSON merge patch file (RFC 7396: `null` removes a
//! key, objects merge, arrays replace) to the Flex Configuration, prints the per-path diff, and
//! posts it only with `--apply`.
//!
//! ```sh
//! cargo run --example configuration_as_code --features mock                       # sample patch, dry run
//! cargo run --example configuration_as_code --features mock -- my-patch.json --apply
//! cargo run --example configuration_as_code --features mock -- my-patch.json --check   # exit 2 on drift
//! ```
//!
//! With no `TWILIO_*` variables it runs against the embedded mock (whose configuration is the
//! spec's example, given a few UI attributes so the diff has something to show). With
//! `TWILIO_ACCOUNT_SID` + `TWILIO_AUTH_TOKEN` (or an API key) set it reads your real Flex
//! Configuration, and changes it only when `--apply` is given. Without a patch path it uses
//! `examples/configuration-patch.json`.

use std::process::ExitCode;

use serde_json::json;
use twilio_flex::mock::MockServer;
use twilio_flex::{Client, Error};

const USAGE: &str = "usage: configuration_as_code [PATCH.json] [--apply | --check]";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut patch_path = None;
    let (mut apply, mut check) = (false, false);
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--apply" => apply = true,
            "--check" => check = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            flag if flag.starts_with("--") => return Err(format!("{flag}?\n{USAGE}").into()),
            path => patch_path = Some(path.to_string()),
        }
    }
    let patch_path = patch_path.unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/configuration-patch.json"
        )
        .to_string()
    });
    let text = std::fs::read_to_string(&patch_path)
        .map_err(|e| format!("cannot read the patch {patch_path}: {e}"))?;
    let patch: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{patch_path} is not JSON: {e}"))?;

    let server = if std::env::var_os("TWILIO_ACCOUNT_SID").is_some() {
        None
    } else {
        let server = MockServer::start().await?;
        server.set_configuration(json!({
            "ui_attributes": {
                "colorTheme": {"baseName": "GreyDefault", "light": true},
                "logLevel": "debug",
                "warmTransfers": {"enabled": true}
            }
        }))?;
        Some(server)
    };
    let client = match &server {
        Some(server) => {
            println!(
                "No TWILIO_* credentials set: the embedded mock Flex API at {}",
                server.url()
            );
            server.client()?
        }
        None => {
            let client = Client::from_env()?;
            println!(
                "Flex Configuration of your account at {}",
                client.base_url()
            );
            client
        }
    };
    println!("Patch: {patch_path}\n");

    let edit = match client.merge_configuration(patch.clone()).await {
        Ok(edit) => edit,
        Err(Error::InvalidRequest { field, message, .. }) => {
            return Err(format!("the patch is refused: `{field}`: {message}").into());
        }
        Err(e) => return Err(e.into()),
    };
    if edit.is_empty() {
        println!("No changes: the configuration already matches the patch.");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} properties change, each posted whole: {}\n",
        edit.changes().len(),
        edit.changes().join(", ")
    );
    print!("{}", edit.diff());

    if check {
        println!("\n--check: the configuration differs from the patch.");
        return Ok(ExitCode::from(2));
    }
    if !apply {
        println!("\nDry run: nothing was sent. Pass --apply to post these changes.");
        return Ok(ExitCode::SUCCESS);
    }
    match edit.apply().await {
        Ok(config) => println!(
            "\nApplied (date_updated {}).",
            config
                .date_updated
                .map_or_else(|| "not returned".to_string(), |d| d.to_rfc3339())
        ),
        Err(Error::Conflict { properties, .. }) => {
            return Err(format!(
                "not applied: {} changed while this ran; run it again",
                properties.join(", ")
            )
            .into());
        }
        Err(e) => return Err(e.into()),
    }
    let again = client.merge_configuration(patch).await?;
    println!(
        "Fetched again: {}",
        if again.is_empty() {
            "the configuration matches the patch."
        } else {
            "it still differs (Twilio changed what was posted)."
        }
    );
    Ok(ExitCode::SUCCESS)
}
