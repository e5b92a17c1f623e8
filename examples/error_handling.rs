//! How errors look, against the embedded mock: validation before sending, Twilio's error
//! body, `.optional()` for "not found", and retries riding out injected faults.
//!
//! ```sh
//! cargo run --example error_handling --features mock
//! ```

use std::time::Duration;
use twilio_flex::mock::{Fault, MockServer};
use twilio_flex::{Client, Credentials, Error, OptionalExt, RetryPolicy};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await?;
    let client = server.client()?;

    // Rejected before any request: the error names the field and the expected shape.
    match client.fetch_flex_flow().sid("FO-not-a-sid").send().await {
        Err(Error::InvalidRequest { field, message, .. }) => {
            println!("invalid `{field}`: {message}")
        }
        other => println!("unexpected: {other:?}"),
    }
    match client.list_flex_flow().page_size(5000).send().await {
        Err(e) => println!("{e}"),
        Ok(_) => println!("unexpected success"),
    }

    // Twilio's error body, typed.
    let missing = "FO00000000000000000000000000000000";
    match client.fetch_flex_flow().sid(missing).send().await {
        Err(Error::Api(e)) => println!(
            "HTTP {} code {:?}: {} ({:?})",
            e.status, e.code, e.message, e.more_info
        ),
        other => println!("unexpected: {other:?}"),
    }
    // …or "not found" as None.
    println!(
        "optional fetch: {:?}",
        client
            .fetch_flex_flow()
            .sid(missing)
            .send()
            .await
            .optional()?
            .map(|f| f.sid)
    );

    // Wrong credentials: 401, code 20003.
    let wrong = Client::builder()
        .base_url(server.url())
        .credentials(Credentials::auth_token(
            MockServer::ACCOUNT_SID,
            "not-the-token",
        ))
        .build()?;
    if let Err(e) = wrong.list_flex_flow().send().await {
        println!("wrong token: status {:?}, code {:?}", e.status(), e.code());
    }

    // Transient faults are retried (GETs after a 503, anything after a 429).
    server.reset_counters();
    server.fault(Fault::status(503).route("ListFlexFlow").times(2))?;
    let patient = Client::builder()
        .base_url(server.url())
        .credentials(Credentials::auth_token(
            MockServer::ACCOUNT_SID,
            MockServer::AUTH_TOKEN,
        ))
        .retry(
            RetryPolicy::default().backoff(Duration::from_millis(50), Duration::from_millis(500)),
        )
        .build()?;
    let page = patient.list_flex_flow().send().await?;
    println!(
        "listed {} flows after {} attempts (two injected 503s)",
        page.flex_flows.len(),
        server.requests("ListFlexFlow")
    );
    Ok(())
}
