//! Walks a Flex Flow through create → list (as a stream) → fetch → update → delete.
//!
//! With no `TWILIO_*` variables set it runs against the embedded mock server (feature `mock`),
//! so it works anywhere. With `TWILIO_ACCOUNT_SID` + `TWILIO_AUTH_TOKEN` (or an API key) set,
//! it runs only the read-only steps against real Twilio, and says so.
//!
//! ```sh
//! cargo run --example quickstart --features mock
//! ```

use futures::TryStreamExt;
use twilio_flex::mock::MockServer;
use twilio_flex::options::Integration;
use twilio_flex::{Client, OptionalExt, types};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::var_os("TWILIO_ACCOUNT_SID").is_some() {
        let client = Client::from_env()?;
        println!(
            "TWILIO_ACCOUNT_SID is set: running the read-only steps against real Twilio ({}).",
            client.base_url()
        );
        read_only(&client).await?;
        return Ok(());
    }

    let server = MockServer::start().await?;
    let client = server.client()?;
    println!(
        "No TWILIO_* credentials set: using the embedded mock Flex API at {}\n",
        server.url()
    );

    println!("1. create a Flex Flow");
    let flow = client
        .create_flex_flow()
        .friendly_name("Support")
        .chat_service_sid("IS0123456789abcdef0123456789abcdef")
        .channel_type("sms")
        .integration(Integration::studio("FW0123456789abcdef0123456789abcdef").retry_count(1))
        .send()
        .await?;
    let sid = flow.sid.clone().ok_or("the created Flex Flow has no sid")?;
    println!(
        "   created {sid} \"{}\"",
        flow.friendly_name.as_deref().unwrap_or("")
    );

    server.seed("/v1/FlexFlows", 120)?;
    println!("\n2. list Flex Flows as a stream (121 across pages of 50, next page fetched ahead)");
    let all: Vec<types::FlexFlow> = client.list_flex_flow().stream().try_collect().await?;
    println!(
        "   streamed {} Flex Flows; the first is {:?}",
        all.len(),
        all[0].friendly_name
    );
    let first_ten: Vec<_> = client
        .list_flex_flow()
        .stream()
        .limit(10)
        .try_collect()
        .await?;
    println!(
        "   .limit(10) streamed {} (one request with PageSize=10)",
        first_ten.len()
    );

    println!("\n3. fetch it");
    let fetched = client.fetch_flex_flow().sid(&sid).send().await?;
    println!(
        "   {} channel_type={:?} enabled={:?}",
        sid,
        fetched.channel_type.map(|c| c.to_string()),
        fetched.enabled
    );

    println!("\n4. update it");
    let updated = client
        .update_flex_flow()
        .sid(&sid)
        .friendly_name("Support (EMEA)")
        .enabled(false)
        .send()
        .await?;
    println!(
        "   friendly_name is now {:?}, enabled={:?}",
        updated.friendly_name, updated.enabled
    );

    println!("\n5. delete it");
    client.delete_flex_flow().sid(&sid).send().await?;
    let gone = client.fetch_flex_flow().sid(&sid).send().await.optional()?;
    println!(
        "   deleted; fetching it again gives {}",
        if gone.is_none() {
            "404 (None)"
        } else {
            "it still exists?!"
        }
    );
    Ok(())
}

/// What the quickstart does against a real account: nothing that changes it.
async fn read_only(client: &Client) -> twilio_flex::Result<()> {
    let flows: Vec<_> = client
        .list_flex_flow()
        .stream()
        .limit(20)
        .try_collect()
        .await?;
    println!("listed {} Flex Flows (at most 20)", flows.len());
    for flow in &flows {
        println!(
            "  {:?} {:?} {:?}",
            flow.sid,
            flow.friendly_name,
            flow.channel_type.as_ref().map(|c| c.to_string())
        );
    }
    if let Some(sid) = flows.first().and_then(|f| f.sid.clone()) {
        let flow = client.fetch_flex_flow().sid(&sid).send().await?;
        println!("fetched {sid}: enabled={:?}", flow.enabled);
    }
    Ok(())
}
