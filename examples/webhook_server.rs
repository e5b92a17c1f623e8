//! Receives the webhook of a Flex Flow whose integration type is `external`: Flex posts each
//! conversation event (form-encoded, signed with `X-Twilio-Signature`) to the Flow's
//! `Integration.Url`. Requests without a valid signature never reach the handler: the
//! `WebhookLayer` answers them 403. It guards that route only (`route_layer`): `GET /healthz`
//! answers a load balancer without a signature, and a path no route has gets 404.
//!
//! ```sh
//! TWILIO_AUTH_TOKEN=… cargo run --example webhook_server --features webhook-axum -- \
//!     --listen 127.0.0.1:3000 --public-url https://hooks.example.com
//! ```
//!
//! with the Flex Flow's `Integration.Url` set to `https://hooks.example.com/flex/external`
//! (a proxy or tunnel forwards it to 127.0.0.1:3000). `TWILIO_SECONDARY_AUTH_TOKEN`, if set,
//! is accepted too, for rotating the token. `tests/webhook.rs` builds the same [`app`] and
//! sends it correctly and wrongly signed requests over loopback.

use axum::extract::Form;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use twilio_flex::webhook::{Validator, WebhookError, WebhookLayer};

/// The path Twilio posts to (`Integration.Url` = public base URL + this).
pub const WEBHOOK_PATH: &str = "/flex/external";

/// The fields of a Flex Flow external-integration (Conversations) event this app reads.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlexEvent {
    /// `onMessageAdded`, `onConversationAdded`, …
    pub event_type: String,
    /// The conversation (`CH…`).
    #[serde(default)]
    pub conversation_sid: Option<String>,
    /// Who wrote the message.
    #[serde(default)]
    pub author: Option<String>,
    /// The message text.
    #[serde(default)]
    pub body: Option<String>,
}

/// What the handler answers: an acknowledgement naming what it received.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Ack {
    /// The event's `EventType`.
    pub received: String,
    /// The event's `ConversationSid`.
    pub conversation: Option<String>,
    /// Characters in `Body`.
    pub body_chars: usize,
}

/// The path of the health check, which needs no signature.
pub const HEALTH_PATH: &str = "/healthz";

/// The app: the webhook route behind the signature check, and a health check beside it.
pub fn app(validator: Validator, public_base_url: &str) -> Result<Router, WebhookError> {
    let layer = WebhookLayer::new(validator, public_base_url)?;
    Ok(Router::new()
        .route(WEBHOOK_PATH, post(flex_event))
        // `route_layer`, not `layer`: it guards the routes added before it and nothing else,
        // so the health check below answers unsigned requests and an unknown path gets 404
        // (with `layer`, both would get 403).
        .route_layer(layer)
        .route(HEALTH_PATH, get(|| async { "ok" })))
}

async fn flex_event(Form(event): Form<FlexEvent>) -> Json<Ack> {
    tracing::info!(
        event = %event.event_type,
        conversation = ?event.conversation_sid,
        author = ?event.author,
        "Flex Flow event"
    );
    Json(Ack {
        received: event.event_type,
        conversation: event.conversation_sid,
        body_chars: event.body.map_or(0, |b| b.chars().count()),
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt().with_target(false).init();
    let mut listen = "127.0.0.1:3000".to_string();
    let mut public_url = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => listen = args.next().ok_or("--listen needs an address")?,
            "--public-url" => public_url = Some(args.next().ok_or("--public-url needs a URL")?),
            _ => return Err(format!("unknown argument {arg}; see the example's docs").into()),
        }
    }
    let public_url = public_url.ok_or("--public-url is required (the URL Twilio calls)")?;
    let token = std::env::var("TWILIO_AUTH_TOKEN").map_err(|_| "set TWILIO_AUTH_TOKEN")?;
    let mut validator = Validator::new(token);
    if let Ok(secondary) = std::env::var("TWILIO_SECONDARY_AUTH_TOKEN") {
        validator = validator.with_token(secondary);
    }
    let app = app(validator, &public_url)?;
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!(
        "listening on http://{} for {public_url}{WEBHOOK_PATH}",
        listener.local_addr()?
    );
    axum::serve(listener, app).await?;
    Ok(())
}
