//! `twilio-flex configuration …`: the Flex Configuration as code through
//! `twilio_flex::configuration` (RFC 7396 merge patches, a per-path diff, and an apply that
//! refuses when what it would write changed since it was read).

use super::Ctx;
use crate::exit::{self, Failure};
use serde_json::{Value, json};
use std::path::PathBuf;
use twilio_flex::configuration::{Change, ConfigurationDiff};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Prints the Flex Configuration (indented JSON; one line with --json).
    Get,
    /// Prints what a JSON merge patch (RFC 7396: objects merge, `null` removes a key, arrays
    /// replace) would change, one line per JSON path. Sends no write.
    #[command(
        after_help = "Example: twilio-flex configuration diff flex-config.json --detailed-exitcode"
    )]
    Diff(Patch),
    /// Prints the diff, then posts each changed property whole (and only those). Just before
    /// posting it reads the Configuration again: if a property it would write changed in
    /// between, it writes nothing and exits 8.
    Apply(Patch),
}

#[derive(Debug, clap::Args)]
struct Patch {
    /// The merge patch: a JSON object of Configuration properties (`-` reads stdin).
    #[arg(value_name = "PATCH.json")]
    patch: PathBuf,
    /// For diff: exit 3 when the patch changes something, 0 when it doesn't.
    #[arg(long)]
    detailed_exitcode: bool,
}

pub async fn run(args: Args, ctx: &Ctx) -> Result<i32, Failure> {
    // The patch is read and parsed before the client is built: a bad file sends nothing.
    let patch = match &args.command {
        Sub::Get => None,
        Sub::Diff(p) | Sub::Apply(p) => Some(read_patch(&p.patch)?),
    };
    let client = ctx.client()?;
    let lib = |e: twilio_flex::Error| Failure::library(&e);
    match args.command {
        Sub::Get => {
            ctx.progress.start("reading the Configuration");
            let config = client.fetch_configuration().send().await.map_err(lib)?;
            ctx.progress.finish();
            let value = serde_json::to_value(&config).unwrap_or(Value::Null);
            if ctx.out.json {
                ctx.out.json(&value)?;
            } else {
                ctx.out.pretty(&value)?;
            }
            Ok(exit::OK)
        }
        Sub::Diff(p) => {
            let edit = client
                .merge_configuration(patch.unwrap_or_default())
                .await
                .map_err(lib)?;
            if ctx.out.json {
                ctx.out.json(&edit_json(edit.changes(), edit.diff()))?;
            } else {
                ctx.out.text(&diff_text(edit.diff()))?;
            }
            Ok(if p.detailed_exitcode && !edit.is_empty() {
                exit::CHANGES
            } else {
                exit::OK
            })
        }
        Sub::Apply(_) => {
            let edit = client
                .merge_configuration(patch.unwrap_or_default())
                .await
                .map_err(lib)?;
            let mut document = edit_json(edit.changes(), edit.diff());
            if !ctx.out.json {
                ctx.out.text(&diff_text(edit.diff()))?;
            }
            let changes = edit.changes().to_vec();
            if !changes.is_empty() {
                ctx.progress.start("updating the Configuration");
                let result = edit.apply().await;
                ctx.progress.finish();
                if let Err(e) = result {
                    let mut failure = Failure::library(&e);
                    if matches!(e, twilio_flex::Error::Conflict { .. }) {
                        failure
                            .message
                            .push_str("\n  run the same command again to diff and apply on the Configuration as it is now");
                    }
                    return Err(failure);
                }
            }
            if ctx.out.json {
                document["applied"] = (!changes.is_empty()).into();
                ctx.out.json(&document)?;
            } else if changes.is_empty() {
                ctx.out.text("nothing to apply\n")?;
            } else {
                ctx.out.text(&format!("updated {}\n", changes.join(", ")))?;
            }
            Ok(exit::OK)
        }
    }
}

/// Reads and parses the patch file; a missing file or bad JSON is a usage failure.
fn read_patch(path: &std::path::Path) -> Result<Value, Failure> {
    let shown = path.display();
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|e| Failure::usage(format!("cannot read the patch {shown}: {e}")))?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::usage(format!("the patch {shown} is not JSON: {e}")))
}

fn diff_text(diff: &ConfigurationDiff) -> String {
    if diff.is_empty() {
        "no changes\n".to_string()
    } else {
        diff.to_string()
    }
}

fn edit_json(changes: &[String], diff: &ConfigurationDiff) -> Value {
    let entries: Vec<Value> = diff
        .entries()
        .iter()
        .map(|e| {
            let mut entry = json!({"path": e.path, "pointer": e.pointer});
            match &e.change {
                Change::Added(v) => {
                    entry["change"] = "added".into();
                    entry["value"] = v.clone();
                }
                Change::Removed(v) => {
                    entry["change"] = "removed".into();
                    entry["value"] = v.clone();
                }
                Change::Changed { from, to } => {
                    entry["change"] = "changed".into();
                    entry["from"] = from.clone();
                    entry["to"] = to.clone();
                }
                _ => entry["change"] = "other".into(),
            }
            entry
        })
        .collect();
    json!({
        "changes_pending": !changes.is_empty(),
        "properties": changes,
        "diff": entries,
    })
}
