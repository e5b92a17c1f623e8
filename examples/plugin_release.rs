//! Releasing Flex UI plugins with `twilio_flex::plugins`, on the embedded mock: a first
//! release, a second one that upgrades one plugin (failing once mid-way and resumed), then a
//! rollback, and two pipelines releasing at once (the stale plan is refused and replanned).
//! Each plan is printed before it is applied.
//!
//! With `TWILIO_ACCOUNT_SID` + `TWILIO_AUTH_TOKEN` (or an API key) set, it only reads: it
//! prints the active release of that account and what a rollback would change.
//!
//! ```sh
//! cargo run --example plugin_release --features mock
//! ```

use twilio_flex::Client;
use twilio_flex::mock::{Fault, MockServer};
use twilio_flex::plugins::{ReleaseError, ReleasePlan};

fn bundle(name: &str, version: &str) -> String {
    format!("https://assets.example.com/{name}-{version}.js")
}

async fn show_and_apply(title: &str, plan: &ReleasePlan<'_>) -> Result<(), ReleaseError> {
    println!("{title}:\n{plan}");
    let applied = plan.apply().await?;
    println!("  {applied}\n");
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::var_os("TWILIO_ACCOUNT_SID").is_some() {
        return read_only(&Client::from_env()?).await;
    }
    let server = MockServer::start().await?;
    let client = server.client()?;
    println!(
        "No TWILIO_* credentials set: using the embedded mock Flex API at {}\n",
        server.url()
    );
    let plugins = client.plugins().flex_metadata("example=plugin_release");

    // 1. A first release of two plugins.
    let plan = plugins
        .release()
        .upsert(
            "plugin-support-tools",
            "2.2.1",
            bundle("plugin-support-tools", "2.2.1"),
        )
        .upsert(
            "plugin-queue-view",
            "1.0.0",
            bundle("plugin-queue-view", "1.0.0"),
        )
        .name("Deploy 2026-11-29")
        .plan()
        .await?;
    show_and_apply("1. first release", &plan).await?;

    // 2. Upgrade one plugin. The configuration step fails once (a 503); nothing became
    //    active, and applying the same plan again resumes where it stopped.
    let plan = plugins
        .release()
        .upsert(
            "plugin-support-tools",
            "2.3.0",
            bundle("plugin-support-tools", "2.3.0"),
        )
        .name("Deploy 2026-11-30")
        .plan()
        .await?;
    println!("2. upgrade plugin-support-tools:\n{plan}");
    server.fault(
        Fault::status(503)
            .route("CreatePluginConfiguration")
            .times(1),
    )?;
    match plan.apply().await {
        Ok(applied) => println!("  {applied}"),
        Err(e) => {
            println!("  failed: {e}");
            let applied = plan.apply().await?;
            println!("  rerun: {applied}");
        }
    }
    println!("  again: {}\n", plan.apply().await?);

    // 3. Roll back to the configuration that was active before.
    let plan = plugins.rollback().await?;
    show_and_apply("3. rollback", &plan).await?;

    // 4. Two pipelines at once: A plans, B releases, then A applies. A's plan was made on
    //    the release before B's, so applying it would drop B's plugin: it is refused, and
    //    A replans on top of B's release.
    let a = plugins
        .release()
        .upsert("plugin-alpha", "1.0.0", bundle("plugin-alpha", "1.0.0"))
        .name("Pipeline A")
        .plan()
        .await?;
    println!("4. pipeline A plans:\n{a}");
    let b = plugins
        .release()
        .upsert("plugin-beta", "1.0.0", bundle("plugin-beta", "1.0.0"))
        .name("Pipeline B")
        .plan()
        .await?;
    show_and_apply("   pipeline B releases first", &b).await?;
    match a.apply().await {
        Err(e) if e.stale().is_some() => {
            println!("   pipeline A: {e}\n");
            show_and_apply("   pipeline A replans", &a.replan().await?).await?;
        }
        other => println!("   pipeline A: {:?}\n", other.map(|a| a.to_string())),
    }

    if let Some(active) = plugins.active().await? {
        print!("active now: {active}");
    }
    Ok(())
}

async fn read_only(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    println!("TWILIO_ACCOUNT_SID is set: only reading, nothing is released.\n");
    let plugins = client.plugins();
    match plugins.active().await? {
        None => println!("no release yet"),
        Some(active) => print!("active: {active}"),
    }
    match plugins.rollback().await {
        Ok(plan) => print!("a rollback would change:\n{plan}"),
        Err(e) => println!("no rollback: {e}"),
    }
    Ok(())
}
