//! `twilio-flex plugins …`: the Plugin Service release workflow of `twilio_flex::plugins`
//! (plan, apply, resume, roll back, stale-plan check) from the command line.

use super::Ctx;
use crate::exit::{self, Failure};
use serde_json::{Value, json};
use twilio_flex::plugins::{
    ActiveRelease, Applied, Change, ChangeKind, Created, ReleaseError, ReleaseErrorKind,
    ReleasePlan,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// The active release: its SID, its configuration, and each plugin's name, version and URL.
    Status(Common),
    /// Adds, upgrades or removes plugins relative to the active release: prints the plan, then
    /// applies it (plugin, version, configuration, release; the release last, so nothing
    /// becomes active unless every step succeeded). Running the same command again resumes a
    /// release that failed half-way, and does nothing after a success.
    #[command(
        after_help = "Examples:\n  twilio-flex plugins release --upsert plugin-support@2.3.0=https://assets.example.com/plugin-support-2.3.0.js --name \"Deploy $GITHUB_SHA\"\n  twilio-flex plugins release --remove plugin-legacy --plan --detailed-exitcode"
    )]
    Release(Release),
    /// Releases the configuration that was active before the current one again (or the one of
    /// release `--to`): prints the plan, then applies it.
    Rollback(Rollback),
}

#[derive(Debug, clap::Args)]
struct Common {
    /// Sends `Flex-Metadata: VALUE` with every request (e.g. `ci=github-actions`).
    #[arg(long, value_name = "VALUE")]
    flex_metadata: Option<String>,
}

#[derive(Debug, clap::Args)]
struct Release {
    /// A plugin at a version whose bundle is hosted at URL: added, or upgraded (downgraded) to
    /// it. The plugin and the version are created when missing. Repeatable.
    #[arg(long, value_name = "NAME@VERSION=URL", value_parser = parse_upsert)]
    upsert: Vec<(String, String, String)>,
    /// A plugin to drop from the release (one that isn't active is left alone). Repeatable.
    #[arg(long, value_name = "NAME")]
    remove: Vec<String>,
    /// The configuration's name [default: "twilio-flex release"]; a rerun finds the
    /// configuration an earlier run created by this name and its content.
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// The configuration's description.
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    #[command(flatten)]
    plan: PlanFlags,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, clap::Args)]
struct Rollback {
    /// Roll back to this release's configuration (`FK…`) instead of the previous one.
    #[arg(long, value_name = "RELEASE_SID")]
    to: Option<String>,
    #[command(flatten)]
    plan: PlanFlags,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, clap::Args)]
struct PlanFlags {
    /// Only print the plan: read, send no write.
    #[arg(long)]
    plan: bool,
    /// With --plan: exit 3 when the plan changes something, 0 when it doesn't.
    #[arg(long, requires = "plan")]
    detailed_exitcode: bool,
}

/// `NAME@VERSION=URL`: the URL after the first `=`, the version after the last `@` before it.
fn parse_upsert(text: &str) -> Result<(String, String, String), String> {
    let expected = "expected NAME@VERSION=URL, e.g. plugin-support@2.3.0=https://assets.example.com/plugin-support-2.3.0.js";
    let (left, url) = text.split_once('=').ok_or(expected)?;
    let (name, version) = left.rsplit_once('@').ok_or(expected)?;
    if name.is_empty() || version.is_empty() || url.is_empty() {
        return Err(expected.to_string());
    }
    Ok((name.to_string(), version.to_string(), url.to_string()))
}

pub async fn run(args: Args, ctx: &Ctx) -> Result<i32, Failure> {
    let client = ctx.client()?;
    let mut plugins = client.plugins();
    let common = match &args.command {
        Sub::Status(c) => c,
        Sub::Release(r) => &r.common,
        Sub::Rollback(r) => &r.common,
    };
    if let Some(value) = &common.flex_metadata {
        plugins = plugins.flex_metadata(value);
    }
    match args.command {
        Sub::Status(_) => {
            ctx.progress.start("reading the active release");
            let active = plugins.active().await.map_err(release_failure)?;
            ctx.progress.finish();
            if ctx.out.json {
                return ctx
                    .out
                    .json(&active.as_ref().map_or(Value::Null, active_json))
                    .map(|()| exit::OK);
            }
            match active {
                Some(a) => ctx.out.text(&a.to_string())?,
                None => ctx.out.text("no release: no plugins are active\n")?,
            }
            Ok(exit::OK)
        }
        Sub::Release(r) => {
            let mut builder = plugins.release();
            for (name, version, url) in r.upsert {
                builder = builder.upsert(name, version, url);
            }
            for name in r.remove {
                builder = builder.remove(name);
            }
            if let Some(name) = r.name {
                builder = builder.name(name);
            }
            if let Some(description) = r.description {
                builder = builder.description(description);
            }
            ctx.progress.start("planning the release");
            let plan = builder.plan().await.map_err(release_failure)?;
            finish(ctx, plan, &r.plan).await
        }
        Sub::Rollback(r) => {
            ctx.progress.start("planning the rollback");
            let plan = match r.to {
                Some(sid) => plugins.rollback_to(sid).await,
                None => plugins.rollback().await,
            }
            .map_err(release_failure)?;
            finish(ctx, plan, &r.plan).await
        }
    }
}

/// Prints the plan, then (without `--plan`) applies it and prints what was created.
async fn finish(ctx: &Ctx, plan: ReleasePlan<'_>, flags: &PlanFlags) -> Result<i32, Failure> {
    ctx.progress.finish();
    let pending = !plan.is_noop();
    if !ctx.out.json {
        ctx.out.text(&plan_text(&plan))?;
    }
    if flags.plan {
        if ctx.out.json {
            ctx.out.json(&json!({"plan": plan_json(&plan)}))?;
        }
        return Ok(if flags.detailed_exitcode && pending {
            exit::CHANGES
        } else {
            exit::OK
        });
    }
    ctx.progress.start("applying");
    let applied = plan.apply().await;
    ctx.progress.finish();
    match applied {
        Ok(applied) => {
            if ctx.out.json {
                ctx.out.json(&json!({
                    "plan": plan_json(&plan),
                    "applied": applied_json(&applied),
                }))?;
            } else {
                ctx.out.text(&format!("{applied}\n"))?;
            }
            Ok(exit::OK)
        }
        Err(e) => {
            let mut failure = release_failure(e);
            failure.json["plan"] = plan_json(&plan);
            Err(failure)
        }
    }
}

fn plan_text(plan: &ReleasePlan<'_>) -> String {
    let base = match plan.active() {
        Some(a) => format!("on release {}", a.release_sid),
        None => "on no release (nothing is active yet)".to_string(),
    };
    let what = match (plan.configuration_name(), plan.rollback_configuration()) {
        (_, Some(configuration)) => format!("Rollback to configuration {configuration}"),
        (Some(name), None) => format!("Release {name:?}"),
        (None, None) => "Release".to_string(),
    };
    let count = |k: &[ChangeKind]| {
        plan.changes()
            .iter()
            .filter(|c| k.contains(&c.kind))
            .count()
    };
    format!(
        "{what} {base}:\n{plan}{} to add or change, {} to remove, {} unchanged\n",
        count(&[ChangeKind::Add, ChangeKind::Update]),
        count(&[ChangeKind::Remove]),
        count(&[ChangeKind::Keep]),
    )
}

fn active_json(a: &ActiveRelease) -> Value {
    json!({
        "release_sid": a.release_sid.as_str(),
        "date_created": a.date_created.map(|d| d.to_rfc3339()),
        "configuration_sid": a.configuration_sid.as_str(),
        "configuration_name": a.configuration_name,
        "configuration_description": a.configuration_description,
        "configuration_archived": a.configuration_archived,
        "plugins": a.plugins.iter().map(|p| json!({
            "name": p.name,
            "version": p.version,
            "url": p.url,
            "phase": p.phase,
            "archived": p.archived,
            "plugin_sid": p.plugin_sid.as_str(),
            "version_sid": p.version_sid.as_str(),
        })).collect::<Vec<_>>(),
    })
}

fn change_json(c: &Change) -> Value {
    let kind = match c.kind {
        ChangeKind::Add => "add",
        ChangeKind::Update => "update",
        ChangeKind::Remove => "remove",
        ChangeKind::Keep => "keep",
        _ => "other",
    };
    json!({
        "change": kind,
        "plugin": c.plugin,
        "version": c.version,
        "url": c.url,
        "phase": c.phase,
        "previous_version": c.previous.as_ref().map(|(v, _)| v),
        "previous_phase": c.previous.as_ref().map(|(_, p)| p),
    })
}

fn plan_json(plan: &ReleasePlan<'_>) -> Value {
    json!({
        "kind": if plan.rollback_configuration().is_some() { "rollback" } else { "release" },
        "base_release_sid": plan.active().map(|a| a.release_sid.as_str()),
        "configuration_name": plan.configuration_name(),
        "rollback_configuration_sid": plan.rollback_configuration().map(|s| s.as_str()),
        "rollback_release_sid": plan.rollback_release().map(|s| s.as_str()),
        "changes_pending": !plan.is_noop(),
        "changes": plan.changes().iter().map(change_json).collect::<Vec<_>>(),
    })
}

fn created_json(c: &Created) -> Value {
    match c {
        Created::Plugin { name, sid } => {
            json!({"step": "plugin", "name": name, "sid": sid.as_str()})
        }
        Created::Version {
            plugin,
            version,
            sid,
        } => json!({"step": "version", "plugin": plugin, "version": version, "sid": sid.as_str()}),
        Created::Configuration { name, sid } => {
            json!({"step": "configuration", "name": name, "sid": sid.as_str()})
        }
        Created::Release {
            sid,
            configuration_sid,
        } => {
            json!({"step": "release", "sid": sid.as_str(), "configuration_sid": configuration_sid.as_str()})
        }
        other => json!({"step": other.step().to_string()}),
    }
}

fn applied_json(a: &Applied) -> Value {
    json!({
        "release_sid": a.release_sid.as_ref().map(|s| s.as_str()),
        "configuration_sid": a.configuration_sid.as_ref().map(|s| s.as_str()),
        "noop": a.is_noop(),
        "created": a.created.iter().map(created_json).collect::<Vec<_>>(),
    })
}

/// A failed plan or apply: the step, why, what this run created, and the exit code of the
/// kind (stale, Twilio's error, usage…).
fn release_failure(e: ReleaseError) -> Failure {
    let code = match e.kind() {
        ReleaseErrorKind::Stale(_) => exit::STALE,
        ReleaseErrorKind::Request(inner) => exit::of(inner),
        ReleaseErrorKind::InvalidInput { .. } => exit::USAGE,
        _ => exit::ERROR,
    };
    let mut message = e.to_string();
    if e.stale().is_some() {
        message.push_str("\n  run the same command again to plan the change on the active release");
    } else if code != exit::USAGE && !e.created().is_empty()
        || matches!(code, exit::API | exit::NETWORK) && e.step() != twilio_flex::plugins::Step::Plan
    {
        message.push_str(
            "\n  run the same command again to resume: what exists is found, not created again",
        );
    }
    let mut failure = Failure::new(code, exit::kind(code), message);
    let detail = &mut failure.json["error"];
    detail["step"] = e.step().to_string().into();
    detail["created"] = e
        .created()
        .iter()
        .map(created_json)
        .collect::<Vec<_>>()
        .into();
    if let Some(api) = e.api_error() {
        detail["status"] = api.status.into();
        detail["code"] = api.code.into();
        detail["operation"] = api.operation.into();
    }
    if let Some(stale) = e.stale() {
        detail["stale"] = json!({
            "planned_on": stale.planned_on.as_ref().map(|s| s.as_str()),
            "active_now": stale.active_now.as_ref().map(|s| s.as_str()),
            "changed": stale.changed.iter().map(change_json).collect::<Vec<_>>(),
        });
    }
    failure
}
