//! Calls every operation of the Flex v1 API through the generated client, parents before
//! children, with realistic values, and checks each typed result.
//!
//! Shared by `tests/e2e_operations.rs` (against the stateful mock) and
//! `examples/conformance.rs` (against Stoplight Prism, which keeps no state). With
//! `Context { stateful: false }` nothing depends on state: SIDs are taken from responses when
//! they are well formed, else well-formed stand-ins are used, and only checks that hold for
//! any spec-conforming answer (SID prefixes, list keys) are made.

use std::fmt;

use serde_json::{Map, Value, json};
use twilio_flex::{Client, Error, types};

/// Adds a record the API creates on its own side (no create operation exists for it):
/// `(collection path, response fields) -> id`. Only a mock can do this.
pub type Seed<'a> = &'a (dyn Fn(&str, Value) -> Result<String, String> + Sync);

/// How to run.
pub struct Context<'a> {
    /// The server keeps what is written: check echoes and that reads see writes.
    pub stateful: bool,
    /// Creates configured plugins, Insights segments and conversations, when possible.
    pub seed: Option<Seed<'a>>,
    /// The server reads repeated form keys as an array (`QuestionSids=GE…&QuestionSids=GE…`),
    /// as Twilio does. Prism 5 keeps only the last one and answers 422 "must be array"
    /// (stoplightio/prism#2473); without it the optional form arrays are left out.
    pub form_arrays: bool,
}

/// Why an operation did not pass.
#[derive(Debug)]
pub enum Failure {
    /// The server answered with an error status.
    Api {
        status: u16,
        code: Option<i64>,
        message: String,
    },
    /// A 2xx answer that does not decode into the generated type.
    Decode(String),
    /// The call succeeded but the result is not what was sent or expected.
    Check(String),
    /// Rejected before sending, or a transport failure.
    Client(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Api {
                status,
                code,
                message,
            } => write!(f, "HTTP {status} (code {code:?}): {message}"),
            Failure::Decode(m) => write!(f, "decode: {m}"),
            Failure::Check(m) => write!(f, "check: {m}"),
            Failure::Client(m) => write!(f, "client: {m}"),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match &e {
            Error::Api(api) => Failure::Api {
                status: api.status,
                code: api.code,
                // Keep the body excerpt: Prism's 422 lists the violations there.
                message: e.to_string(),
            },
            Error::Decode { .. } => Failure::Decode(e.to_string()),
            _ => Failure::Client(e.to_string()),
        }
    }
}

/// One operation id (as in the spec) and how it went.
pub type Outcome = (&'static str, Result<(), Failure>);

#[derive(Default)]
struct Run(Vec<Outcome>);

impl Run {
    fn step<T>(&mut self, op: &'static str, r: Result<T, Failure>) -> Option<T> {
        match r {
            Ok(v) => {
                self.0.push((op, Ok(())));
                Some(v)
            }
            Err(e) => {
                self.0.push((op, Err(e)));
                None
            }
        }
    }
}

type Checked<T = ()> = Result<T, Failure>;

/// A well-formed stand-in SID, for when no earlier step produced one.
pub fn stand_in(prefix: &str) -> String {
    format!("{prefix}0123456789abcdef0123456789abcdef")
}

fn as_str<S: AsRef<str>>(s: &Option<S>) -> Option<&str> {
    s.as_ref().map(AsRef::as_ref)
}

/// The SID in `field` if it has `prefix` + 32 hex digits.
fn sid<S: AsRef<str>>(field: &str, value: &Option<S>, prefix: &str) -> Checked<String> {
    match as_str(value) {
        Some(s) if twilio_flex::sid::is_well_formed(s, prefix) => Ok(s.to_string()),
        other => Err(Failure::Check(format!(
            "`{field}`: expected a `{prefix}…` SID, got {other:?}"
        ))),
    }
}

fn eq<T: PartialEq + fmt::Debug>(field: &str, got: T, want: T) -> Checked {
    if got == want {
        Ok(())
    } else {
        Err(Failure::Check(format!(
            "`{field}`: expected {want:?}, got {got:?}"
        )))
    }
}

fn present<T>(field: &str, v: &Option<T>) -> Checked {
    match v {
        Some(_) => Ok(()),
        None => Err(Failure::Check(format!("`{field}` is missing"))),
    }
}

/// A list page names its items with `key`, as Twilio's pages do.
fn list_key(meta: &Option<types::ListMeta>, want: &str) -> Checked {
    eq(
        "meta.key",
        meta.as_ref().and_then(|m| m.key.as_deref()),
        Some(want),
    )
}

/// `want` is among the ids of a list page.
fn listed<'x, S: AsRef<str> + 'x>(
    what: &str,
    ids: impl IntoIterator<Item = &'x Option<S>>,
    want: &str,
) -> Checked {
    if ids.into_iter().any(|s| as_str(s) == Some(want)) {
        Ok(())
    } else {
        Err(Failure::Check(format!("{want} is not in the {what} list")))
    }
}

/// A fetch after a delete must be a 404.
fn gone<T>(r: twilio_flex::Result<T>) -> Checked {
    match r {
        Err(e) if e.is_not_found() => Ok(()),
        Ok(_) => Err(Failure::Check("still there after the delete".into())),
        Err(e) => Err(e.into()),
    }
}

/// Query-array setters take a `Vec` of SIDs, not an iterator of strings like body arrays.
fn parse<T: std::str::FromStr<Err = twilio_flex::sid::InvalidSid>>(s: &str) -> Checked<T> {
    s.parse()
        .map_err(|e: twilio_flex::sid::InvalidSid| Failure::Client(e.to_string()))
}

fn map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn at<'v>(v: &'v Option<Value>, pointer: &str) -> Option<&'v str> {
    v.as_ref()?.pointer(pointer)?.as_str()
}

const IS: &str = "IS0123456789abcdef0123456789abcdef";
const FW: &str = "FW0123456789abcdef0123456789abcdef";
const WS: &str = "WS0123456789abcdef0123456789abcdef";
const WW: &str = "WW0123456789abcdef0123456789abcdef";
const WK: &str = "WK0123456789abcdef0123456789abcdef";
const WR: &str = "WR0123456789abcdef0123456789abcdef";
const KQ: &str = "KQ0123456789abcdef0123456789abcdef";
const CONVERSATION: &str = "CH00000000000000000000000000000042";
const FLEX_METADATA: &str = "twilio-flex-e2e/1.0";
const SEGMENT: &str = "5a1f0c3e-7b2d-4e8a-9c61-0d2b7e4f9a10";
const CONVERSATION_ID: &str = "0b9c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";
/// Fallbacks when the answer-set settings name none.
const ANSWER_SET: &str = "a6a8a54f-5305-4aec-b92c-a6e429932f58";
const ANSWER_YES: &str = "4e34f701-8206-4670-b376-c9fe26bb3ca3";

/// Calls each of the 73 operations at least once; one outcome per operation, in call order.
pub async fn exercise_all(client: &Client, ctx: Context<'_>) -> Vec<Outcome> {
    let st = ctx.stateful;
    let seed = |path: &str, fields: Value| -> Checked<Option<String>> {
        match ctx.seed {
            Some(f) => f(path, fields)
                .map(Some)
                .map_err(|e| Failure::Client(format!("seeding {path}: {e}"))),
            None => Ok(None),
        }
    };
    let mut run = Run::default();

    // ---- Flex Flows
    const FLOW: &str = "Support (e2e)";
    let flow = run
        .step(
            "CreateFlexFlow",
            async {
                let f = client
                    .create_flex_flow()
                    .friendly_name(FLOW)
                    .chat_service_sid(IS)
                    .channel_type(types::FlexFlowChannelType::Sms)
                    .integration_type(types::FlexFlowIntegrationType::Studio)
                    .integration_flow_sid(FW)
                    .integration_retry_count(1)
                    .contact_identity("+15005550006")
                    .enabled(true)
                    .janitor_enabled(true)
                    .long_lived(false)
                    .send()
                    .await?;
                let sid = sid("sid", &f.sid, "FO")?;
                if st {
                    eq("friendly_name", f.friendly_name.as_deref(), Some(FLOW))?;
                    eq(
                        "channel_type",
                        f.channel_type,
                        Some(types::FlexFlowChannelType::Sms),
                    )?;
                    eq("chat_service_sid", as_str(&f.chat_service_sid), Some(IS))?;
                    eq(
                        "integration.flow_sid",
                        at(&f.integration, "/flow_sid"),
                        Some(FW),
                    )?;
                    eq("janitor_enabled", f.janitor_enabled, Some(true))?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("FO"));

    run.step(
        "ListFlexFlow",
        async {
            let page = client
                .list_flex_flow()
                .friendly_name(FLOW)
                .page_size(20)
                .send()
                .await?;
            list_key(&page.meta, "flex_flows")?;
            if st {
                listed("Flex Flow", page.flex_flows.iter().map(|f| &f.sid), &flow)?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchFlexFlow",
        async {
            let f = client.fetch_flex_flow().sid(&flow).send().await?;
            sid("sid", &f.sid, "FO")?;
            if st {
                eq("sid", as_str(&f.sid), Some(flow.as_str()))?;
                eq("friendly_name", f.friendly_name.as_deref(), Some(FLOW))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateFlexFlow",
        async {
            let f = client
                .update_flex_flow()
                .sid(&flow)
                .friendly_name("Support (e2e, renamed)")
                .enabled(false)
                .integration_retry_count(2)
                .send()
                .await?;
            sid("sid", &f.sid, "FO")?;
            if st {
                eq(
                    "friendly_name",
                    f.friendly_name.as_deref(),
                    Some("Support (e2e, renamed)"),
                )?;
                eq("enabled", f.enabled, Some(false))?;
                // Untouched fields keep their values.
                eq("chat_service_sid", as_str(&f.chat_service_sid), Some(IS))?;
            }
            Ok(())
        }
        .await,
    );

    // ---- Channels
    let channel = run
        .step(
            "CreateChannel",
            async {
                let c = client
                    .create_channel()
                    .flex_flow_sid(&flow)
                    .identity("customer-42")
                    .chat_user_friendly_name("Alice Customer")
                    .chat_friendly_name("Chat with Alice")
                    .chat_unique_name("chat-alice-42")
                    .pre_engagement_data(r#"{"topic":"billing"}"#)
                    .task_attributes(r#"{"priority":"high"}"#)
                    .target("+15005550006")
                    .long_lived(false)
                    .send()
                    .await?;
                let sid = sid("sid", &c.sid, "CH")?;
                if st {
                    eq(
                        "flex_flow_sid",
                        as_str(&c.flex_flow_sid),
                        Some(flow.as_str()),
                    )?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("CH"));

    run.step(
        "ListChannel",
        async {
            let page = client.list_channel().page_size(50).send().await?;
            list_key(&page.meta, "flex_chat_channels")?;
            if st {
                listed(
                    "Channel",
                    page.flex_chat_channels.iter().map(|c| &c.sid),
                    &channel,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchChannel",
        async {
            let c = client.fetch_channel().sid(&channel).send().await?;
            sid("sid", &c.sid, "CH")?;
            if st {
                eq("sid", as_str(&c.sid), Some(channel.as_str()))?;
                eq(
                    "flex_flow_sid",
                    as_str(&c.flex_flow_sid),
                    Some(flow.as_str()),
                )?;
            }
            Ok(())
        }
        .await,
    );

    // ---- Web Channels
    let web = run
        .step(
            "CreateWebChannel",
            async {
                let w = client
                    .create_web_channel()
                    .flex_flow_sid(&flow)
                    .identity("visitor-7")
                    .customer_friendly_name("Bob Visitor")
                    .chat_friendly_name("Web chat with Bob")
                    .chat_unique_name("web-bob-7")
                    .pre_engagement_data(r#"{"page":"/pricing"}"#)
                    .send()
                    .await?;
                let sid = sid("sid", &w.sid, "CH")?;
                if st {
                    eq(
                        "flex_flow_sid",
                        as_str(&w.flex_flow_sid),
                        Some(flow.as_str()),
                    )?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("CH"));

    run.step(
        "ListWebChannel",
        async {
            let page = client.list_web_channel().page_size(50).send().await?;
            list_key(&page.meta, "flex_chat_channels")?;
            if st {
                listed(
                    "Web Channel",
                    page.flex_chat_channels.iter().map(|c| &c.sid),
                    &web,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchWebChannel",
        async {
            let w = client.fetch_web_channel().sid(&web).send().await?;
            sid("sid", &w.sid, "CH")?;
            if st {
                eq("sid", as_str(&w.sid), Some(web.as_str()))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateWebChannel",
        async {
            let w = client
                .update_web_channel()
                .sid(&web)
                .chat_status(types::WebChannelChatStatus::Inactive)
                .post_engagement_data(r#"{"rating":5}"#)
                .send()
                .await?;
            sid("sid", &w.sid, "CH")?;
            if st {
                eq("sid", as_str(&w.sid), Some(web.as_str()))?;
            }
            Ok(())
        }
        .await,
    );

    // ---- Configuration (a singleton) and provisioning status
    let account = run
        .step(
            "FetchConfiguration",
            async {
                let c = client
                    .fetch_configuration()
                    .ui_version("2.13.0")
                    .send()
                    .await?;
                let account = sid("account_sid", &c.account_sid, "AC")?;
                present("status", &c.status)?;
                Ok(account)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("AC"));

    run.step(
        "UpdateConfiguration",
        async {
            // Twilio wants the account SID in the body, then any fields to change.
            let c = client
                .update_configuration()
                .body(map(json!({
                    "account_sid": account,
                    "ui_attributes": {"colorTheme": {"baseName": "HighContrastTheme"}},
                    "crm_enabled": true,
                })))
                .send()
                .await?;
            sid("account_sid", &c.account_sid, "AC")?;
            if st {
                eq(
                    "ui_attributes.colorTheme.baseName",
                    at(&c.ui_attributes, "/colorTheme/baseName"),
                    Some("HighContrastTheme"),
                )?;
                eq("crm_enabled", c.crm_enabled, Some(true))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchProvisioningStatus",
        async {
            let p = client.fetch_provisioning_status().send().await?;
            present("status", &p.status)?;
            Ok(())
        }
        .await,
    );

    // ---- Interactions: the Interaction comes with its Channel.
    let (interaction, created_channel) = run
        .step(
            "CreateInteraction",
            async {
                let i = client
                    .create_interaction()
                    .channel(json!({
                        "type": "sms",
                        "initiated_by": "customer",
                        "properties": {"media_channel_sid": CONVERSATION},
                    }))
                    .routing(json!({"properties": {
                        "workspace_sid": WS,
                        "workflow_sid": WW,
                        "task_channel_unique_name": "sms",
                        "attributes": {"customerName": "Alice"},
                    }}))
                    .webhook_ttid("flex_interactionwebhook_e2e")
                    .send()
                    .await?;
                let sid = sid("sid", &i.sid, "KD")?;
                let channel = at(&i.channel, "/sid")
                    .filter(|s| twilio_flex::sid::is_well_formed(s, "UO"))
                    .map(str::to_string);
                if st {
                    present("channel.sid (UO…)", &channel)?;
                    eq("channel.type", at(&i.channel, "/type"), Some("sms"))?;
                    eq(
                        "webhook_ttid",
                        i.webhook_ttid.as_deref(),
                        Some("flex_interactionwebhook_e2e"),
                    )?;
                }
                Ok((sid, channel))
            }
            .await,
        )
        .unwrap_or_else(|| (stand_in("KD"), None));

    run.step(
        "FetchInteraction",
        async {
            let i = client.fetch_interaction().sid(&interaction).send().await?;
            sid("sid", &i.sid, "KD")?;
            if st {
                eq("sid", as_str(&i.sid), Some(interaction.as_str()))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateInteraction",
        async {
            let i = client
                .update_interaction()
                .sid(&interaction)
                .webhook_ttid("flex_interactionwebhook_e2e_2")
                .send()
                .await?;
            sid("sid", &i.sid, "KD")?;
            if st {
                eq(
                    "webhook_ttid",
                    i.webhook_ttid.as_deref(),
                    Some("flex_interactionwebhook_e2e_2"),
                )?;
            }
            Ok(())
        }
        .await,
    );

    let listed_channel = run
        .step(
            "ListInteractionChannel",
            async {
                let page = client
                    .list_interaction_channel()
                    .interaction_sid(&interaction)
                    .page_size(10)
                    .send()
                    .await?;
                list_key(&page.meta, "channels")?;
                if st {
                    let want = created_channel.as_deref().unwrap_or_default();
                    listed(
                        "Interaction Channel",
                        page.channels.iter().map(|c| &c.sid),
                        want,
                    )?;
                }
                Ok(page
                    .channels
                    .first()
                    .and_then(|c| sid("sid", &c.sid, "UO").ok()))
            }
            .await,
        )
        .flatten();
    let ichannel = created_channel
        .or(listed_channel)
        .unwrap_or_else(|| stand_in("UO"));

    run.step(
        "FetchInteractionChannel",
        async {
            let c = client
                .fetch_interaction_channel()
                .interaction_sid(&interaction)
                .sid(&ichannel)
                .send()
                .await?;
            sid("sid", &c.sid, "UO")?;
            if st {
                eq(
                    "interaction_sid",
                    as_str(&c.interaction_sid),
                    Some(interaction.as_str()),
                )?;
                eq("type", c.type_, Some(types::InteractionChannelType::Sms))?;
            }
            Ok(())
        }
        .await,
    );

    let routing = json!({"properties": {
        "workspace_sid": WS,
        "workflow_sid": WW,
        "task_channel_unique_name": "sms",
        "attributes": {"escalation": "tier-2"},
    }});
    run.step(
        "CreateInteractionChannelInvite",
        async {
            let inv = client
                .create_interaction_channel_invite()
                .interaction_sid(&interaction)
                .channel_sid(&ichannel)
                .routing(routing.clone())
                .send()
                .await?;
            sid("sid", &inv.sid, "KG")?;
            if st {
                eq(
                    "channel_sid",
                    as_str(&inv.channel_sid),
                    Some(ichannel.as_str()),
                )?;
                eq(
                    "routing.properties.workspace_sid",
                    at(&inv.routing, "/properties/workspace_sid"),
                    Some(WS),
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "ListInteractionChannelInvite",
        async {
            let page = client
                .list_interaction_channel_invite()
                .interaction_sid(&interaction)
                .channel_sid(&ichannel)
                .send()
                .await?;
            list_key(&page.meta, "invites")?;
            if st {
                eq("invites", page.invites.len(), 1)?;
            }
            Ok(())
        }
        .await,
    );

    let participant = run
        .step(
            "CreateInteractionChannelParticipant",
            async {
                let p = client
                    .create_interaction_channel_participant()
                    .interaction_sid(&interaction)
                    .channel_sid(&ichannel)
                    .type_(types::InteractionChannelParticipantType::Agent)
                    .media_properties(json!({"identity": "agent-alice"}))
                    .routing_properties(json!({"workspace_sid": WS, "worker_sid": WK}))
                    .send()
                    .await?;
                let sid = sid("sid", &p.sid, "UT")?;
                if st {
                    eq(
                        "type",
                        p.type_,
                        Some(types::InteractionChannelParticipantType::Agent),
                    )?;
                    eq(
                        "channel_sid",
                        as_str(&p.channel_sid),
                        Some(ichannel.as_str()),
                    )?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("UT"));

    run.step(
        "ListInteractionChannelParticipant",
        async {
            let page = client
                .list_interaction_channel_participant()
                .interaction_sid(&interaction)
                .channel_sid(&ichannel)
                .page_size(25)
                .send()
                .await?;
            list_key(&page.meta, "participants")?;
            if st {
                listed(
                    "Participant",
                    page.participants.iter().map(|p| &p.sid),
                    &participant,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateInteractionChannelParticipant",
        async {
            let p = client
                .update_interaction_channel_participant()
                .interaction_sid(&interaction)
                .channel_sid(&ichannel)
                .sid(&participant)
                .status(types::InteractionChannelParticipantStatus::Wrapup)
                .send()
                .await?;
            sid("sid", &p.sid, "UT")?;
            if st {
                eq("sid", as_str(&p.sid), Some(participant.as_str()))?;
            }
            Ok(())
        }
        .await,
    );

    let transfer = run
        .step(
            "CreateInteractionTransfer",
            async {
                let t = client
                    .create_interaction_transfer()
                    .interaction_sid(&interaction)
                    .channel_sid(&ichannel)
                    .body(map(json!({"from": participant, "to": WK, "type": "warm"})))
                    .send()
                    .await?;
                let sid = sid("sid", &t.sid, "UX")?;
                if st {
                    eq(
                        "type",
                        t.type_,
                        Some(types::InteractionTransferTransferType::Warm),
                    )?;
                    eq("from", as_str(&t.from), Some(participant.as_str()))?;
                    eq("to", t.to.as_deref(), Some(WK))?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("UX"));

    run.step(
        "FetchInteractionTransfer",
        async {
            let t = client
                .fetch_interaction_transfer()
                .interaction_sid(&interaction)
                .channel_sid(&ichannel)
                .sid(&transfer)
                .send()
                .await?;
            sid("sid", &t.sid, "UX")?;
            if st {
                eq("sid", as_str(&t.sid), Some(transfer.as_str()))?;
                eq(
                    "interaction_sid",
                    as_str(&t.interaction_sid),
                    Some(interaction.as_str()),
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateInteractionTransfer",
        async {
            let t = client
                .update_interaction_transfer()
                .interaction_sid(&interaction)
                .channel_sid(&ichannel)
                .sid(&transfer)
                .body(map(json!({"note_sid": KQ, "summary_sid": KQ})))
                .send()
                .await?;
            sid("sid", &t.sid, "UX")?;
            if st {
                eq("note_sid", as_str(&t.note_sid), Some(KQ))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateInteractionChannel",
        async {
            let c = client
                .update_interaction_channel()
                .interaction_sid(&interaction)
                .sid(&ichannel)
                .status(types::InteractionChannelUpdateChannelStatus::Closed)
                .routing(json!({"status": "closed"}))
                .send()
                .await?;
            sid("sid", &c.sid, "UO")?;
            if st {
                eq(
                    "status",
                    c.status,
                    Some(types::InteractionChannelChannelStatus::Closed),
                )?;
            }
            Ok(())
        }
        .await,
    );

    // ---- Plugin Service: Plugin → Version → Configuration → Release.
    const UNIQUE: &str = "support-dashboard-e2e";
    let plugin = run
        .step(
            "CreatePlugin",
            async {
                let p = client
                    .create_plugin()
                    .flex_metadata(FLEX_METADATA)
                    .unique_name(UNIQUE)
                    .friendly_name("Support Dashboard")
                    .description("Queue stats for supervisors")
                    .send()
                    .await?;
                let sid = sid("sid", &p.sid, "FP")?;
                if st {
                    eq("unique_name", p.unique_name.as_deref(), Some(UNIQUE))?;
                    eq("archived", p.archived, Some(false))?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("FP"));

    run.step(
        "ListPlugin",
        async {
            let page = client
                .list_plugin()
                .flex_metadata(FLEX_METADATA)
                .page_size(50)
                .send()
                .await?;
            list_key(&page.meta, "plugins")?;
            if st {
                listed("Plugin", page.plugins.iter().map(|p| &p.sid), &plugin)?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchPlugin",
        async {
            let p = client
                .fetch_plugin()
                .sid(&plugin)
                .flex_metadata(FLEX_METADATA)
                .send()
                .await?;
            sid("sid", &p.sid, "FP")?;
            if st {
                eq("unique_name", p.unique_name.as_deref(), Some(UNIQUE))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdatePlugin",
        async {
            let p = client
                .update_plugin()
                .sid(&plugin)
                .friendly_name("Support Dashboard v2")
                .description("Queue and SLA stats for supervisors")
                .send()
                .await?;
            sid("sid", &p.sid, "FP")?;
            if st {
                eq(
                    "friendly_name",
                    p.friendly_name.as_deref(),
                    Some("Support Dashboard v2"),
                )?;
            }
            Ok(())
        }
        .await,
    );

    const BUNDLE: &str =
        "https://flex-e2e-1234.twil.io/plugins/support-dashboard-e2e/1.0.0/bundle.js";
    let version = run
        .step(
            "CreatePluginVersion",
            async {
                let v = client
                    .create_plugin_version()
                    .plugin_sid(&plugin)
                    .flex_metadata(FLEX_METADATA)
                    .version("1.0.0")
                    .plugin_url(BUNDLE)
                    .private(true)
                    .changelog("First release")
                    .cli_version("6.0.0")
                    .send()
                    .await?;
                let sid = sid("sid", &v.sid, "FV")?;
                if st {
                    eq("plugin_sid", as_str(&v.plugin_sid), Some(plugin.as_str()))?;
                    eq("version", v.version.as_deref(), Some("1.0.0"))?;
                    eq("plugin_url", v.plugin_url.as_deref(), Some(BUNDLE))?;
                    eq("private", v.private, Some(true))?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("FV"));

    run.step(
        "ListPluginVersion",
        async {
            let page = client
                .list_plugin_version()
                .plugin_sid(&plugin)
                .page_size(10)
                .send()
                .await?;
            list_key(&page.meta, "plugin_versions")?;
            if st {
                listed(
                    "Plugin Version",
                    page.plugin_versions.iter().map(|v| &v.sid),
                    &version,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchPluginVersion",
        async {
            let v = client
                .fetch_plugin_version()
                .plugin_sid(&plugin)
                .sid(&version)
                .send()
                .await?;
            sid("sid", &v.sid, "FV")?;
            if st {
                eq("version", v.version.as_deref(), Some("1.0.0"))?;
            }
            Ok(())
        }
        .await,
    );

    let configuration = run
        .step(
            "CreatePluginConfiguration",
            async {
                let mut create = client
                    .create_plugin_configuration()
                    .flex_metadata(FLEX_METADATA)
                    .name("Release 2024-06")
                    .description("Support dashboard 1.0.0");
                if ctx.form_arrays {
                    create = create.plugins([
                        json!({"plugin_version": version, "phase": 3, "migratable": true}),
                    ]);
                }
                let c = create.send().await?;
                let sid = sid("sid", &c.sid, "FJ")?;
                if st {
                    eq("name", c.name.as_deref(), Some("Release 2024-06"))?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("FJ"));

    run.step(
        "ListPluginConfiguration",
        async {
            let page = client
                .list_plugin_configuration()
                .page_size(10)
                .send()
                .await?;
            list_key(&page.meta, "configurations")?;
            if st {
                listed(
                    "Plugin Configuration",
                    page.configurations.iter().map(|c| &c.sid),
                    &configuration,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchPluginConfiguration",
        async {
            let c = client
                .fetch_plugin_configuration()
                .sid(&configuration)
                .send()
                .await?;
            sid("sid", &c.sid, "FJ")?;
            if st {
                eq("sid", as_str(&c.sid), Some(configuration.as_str()))?;
            }
            Ok(())
        }
        .await,
    );

    // Twilio (and the mock) adds a configuration's plugins from its `Plugins`; a server that
    // wasn't sent any (form arrays off) needs them seeded.
    let plugins_path = format!("/v1/PluginService/Configurations/{configuration}/Plugins");
    let seeded_plugin = if ctx.form_arrays {
        Ok(None)
    } else {
        seed(
            &plugins_path,
            json!({
                "plugin_sid": plugin,
                "plugin_version_sid": version,
                "unique_name": UNIQUE,
                "friendly_name": "Support Dashboard v2",
                "version": "1.0.0",
                "plugin_url": BUNDLE,
                "phase": 3,
                "private": true,
            }),
        )
    };
    run.step(
        "ListConfiguredPlugin",
        async {
            seeded_plugin
                .as_ref()
                .map_err(|e| Failure::Client(e.to_string()))?;
            let page = client
                .list_configured_plugin()
                .configuration_sid(&configuration)
                .page_size(10)
                .send()
                .await?;
            list_key(&page.meta, "plugins")?;
            if st && ctx.seed.is_some() {
                listed(
                    "Configured Plugin",
                    page.plugins.iter().map(|p| &p.plugin_sid),
                    &plugin,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchConfiguredPlugin",
        async {
            let p = client
                .fetch_configured_plugin()
                .configuration_sid(&configuration)
                .plugin_sid(&plugin)
                .send()
                .await?;
            sid("plugin_sid", &p.plugin_sid, "FP")?;
            if st && ctx.seed.is_some() {
                eq("plugin_sid", as_str(&p.plugin_sid), Some(plugin.as_str()))?;
                eq(
                    "plugin_version_sid",
                    as_str(&p.plugin_version_sid),
                    Some(version.as_str()),
                )?;
                eq(
                    "configuration_sid",
                    as_str(&p.configuration_sid),
                    Some(configuration.as_str()),
                )?;
            }
            Ok(())
        }
        .await,
    );

    let release = run
        .step(
            "CreatePluginRelease",
            async {
                let r = client
                    .create_plugin_release()
                    .flex_metadata(FLEX_METADATA)
                    .configuration_id(&configuration)
                    .send()
                    .await?;
                let sid = sid("sid", &r.sid, "FK")?;
                if st {
                    eq(
                        "configuration_sid",
                        as_str(&r.configuration_sid),
                        Some(configuration.as_str()),
                    )?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("FK"));

    run.step(
        "ListPluginRelease",
        async {
            let page = client.list_plugin_release().page_size(10).send().await?;
            list_key(&page.meta, "releases")?;
            if st {
                listed(
                    "Plugin Release",
                    page.releases.iter().map(|r| &r.sid),
                    &release,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchPluginRelease",
        async {
            let r = client.fetch_plugin_release().sid(&release).send().await?;
            sid("sid", &r.sid, "FK")?;
            if st {
                eq("sid", as_str(&r.sid), Some(release.as_str()))?;
            }
            Ok(())
        }
        .await,
    );

    // Archiving: configuration, then version, then plugin.
    run.step(
        "UpdatePluginConfigurationArchive",
        async {
            let c = client
                .update_plugin_configuration_archive()
                .sid(&configuration)
                .flex_metadata(FLEX_METADATA)
                .send()
                .await?;
            sid("sid", &c.sid, "FJ")?;
            if st {
                eq("archived", c.archived, Some(true))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdatePluginVersionArchive",
        async {
            let v = client
                .update_plugin_version_archive()
                .plugin_sid(&plugin)
                .sid(&version)
                .send()
                .await?;
            sid("sid", &v.sid, "FV")?;
            if st {
                eq("archived", v.archived, Some(true))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdatePluginArchive",
        async {
            let p = client.update_plugin_archive().sid(&plugin).send().await?;
            sid("sid", &p.sid, "FP")?;
            if st {
                eq("archived", p.archived, Some(true))?;
                let again = client.fetch_plugin().sid(&plugin).send().await?;
                eq("archived (fetched again)", again.archived, Some(true))?;
            }
            Ok(())
        }
        .await,
    );

    // ---- Insights quality management
    run.step(
        "CreateInsightsSession",
        async {
            let s = client.create_insights_session().send().await?;
            present("session_id", &s.session_id)?;
            present("base_url", &s.base_url)?;
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchInsightsUserRoles",
        async {
            let r = client.fetch_insights_user_roles().send().await?;
            present("roles", &r.roles)?;
            Ok(())
        }
        .await,
    );

    let (answer_set, answer) = run
        .step(
            "FetchInsightsSettingsAnswersets",
            async {
                let s = client.fetch_insights_settings_answersets().send().await?;
                present("answer_sets", &s.answer_sets)?;
                let set = at(&s.answer_sets, "/0/id").map(str::to_string);
                let ans = at(&s.answer_sets, "/0/answers/0/id").map(str::to_string);
                Ok((set, ans))
            }
            .await,
        )
        .unwrap_or_default();
    let answer_set = answer_set.unwrap_or_else(|| ANSWER_SET.into());
    let answer = answer.unwrap_or_else(|| ANSWER_YES.into());

    run.step(
        "FetchInsightsSettingsComment",
        async {
            let c = client.fetch_insights_settings_comment().send().await?;
            present("comments", &c.comments)?;
            Ok(())
        }
        .await,
    );

    const CATEGORY: &str = "Customer Empathy";
    let category = run
        .step(
            "CreateInsightsQuestionnairesCategory",
            async {
                let c = client
                    .create_insights_questionnaires_category()
                    .name(CATEGORY)
                    .send()
                    .await?;
                let sid = sid("category_sid", &c.category_sid, "FY")?;
                if st {
                    eq("name", c.name.as_deref(), Some(CATEGORY))?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("FY"));

    run.step(
        "ListInsightsQuestionnairesCategory",
        async {
            let page = client
                .list_insights_questionnaires_category()
                .page_size(50)
                .send()
                .await?;
            list_key(&page.meta, "categories")?;
            if st {
                listed(
                    "Category",
                    page.categories.iter().map(|c| &c.category_sid),
                    &category,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateInsightsQuestionnairesCategory",
        async {
            let c = client
                .update_insights_questionnaires_category()
                .category_sid(&category)
                .name("Empathy & Tone")
                .send()
                .await?;
            sid("category_sid", &c.category_sid, "FY")?;
            if st {
                eq("name", c.name.as_deref(), Some("Empathy & Tone"))?;
            }
            Ok(())
        }
        .await,
    );

    const QUESTION: &str = "Did the agent greet the customer by name?";
    let question = run
        .step(
            "CreateInsightsQuestionnairesQuestion",
            async {
                let q = client
                    .create_insights_questionnaires_question()
                    .category_sid(&category)
                    .question(QUESTION)
                    .description("Within the first two messages")
                    .answer_set_id(&answer_set)
                    .allow_na(true)
                    .send()
                    .await?;
                let sid = sid("question_sid", &q.question_sid, "GE")?;
                if st {
                    eq("question", q.question.as_deref(), Some(QUESTION))?;
                    eq("allow_na", q.allow_na, Some(true))?;
                    eq(
                        "answer_set_id",
                        q.answer_set_id.as_deref(),
                        Some(answer_set.as_str()),
                    )?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("GE"));

    run.step(
        "ListInsightsQuestionnairesQuestion",
        async {
            let page = client
                .list_insights_questionnaires_question()
                .category_sid(vec![parse::<types::CategorySid>(&category)?])
                .page_size(50)
                .send()
                .await?;
            list_key(&page.meta, "questions")?;
            if st {
                listed(
                    "Question",
                    page.questions.iter().map(|q| &q.question_sid),
                    &question,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateInsightsQuestionnairesQuestion",
        async {
            let q = client
                .update_insights_questionnaires_question()
                .question_sid(&question)
                .allow_na(false)
                .question("Did the agent greet the customer by name in the first reply?")
                .send()
                .await?;
            sid("question_sid", &q.question_sid, "GE")?;
            if st {
                eq("allow_na", q.allow_na, Some(false))?;
            }
            Ok(())
        }
        .await,
    );

    const QUESTIONNAIRE: &str = "Support QA";
    let questionnaire = run
        .step(
            "CreateInsightsQuestionnaires",
            async {
                let mut create = client
                    .create_insights_questionnaires()
                    .name(QUESTIONNAIRE)
                    .description("Weekly review of support chats")
                    .active(true);
                if ctx.form_arrays {
                    create = create.question_sids([&question]);
                }
                let q = create.send().await?;
                let sid = sid("questionnaire_sid", &q.questionnaire_sid, "GM")?;
                if st {
                    eq("name", q.name.as_deref(), Some(QUESTIONNAIRE))?;
                    eq("active", q.active, Some(true))?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("GM"));

    run.step(
        "ListInsightsQuestionnaires",
        async {
            let page = client
                .list_insights_questionnaires()
                .include_inactive(true)
                .page_size(50)
                .send()
                .await?;
            list_key(&page.meta, "questionnaires")?;
            if st {
                listed(
                    "Questionnaire",
                    page.questionnaires.iter().map(|q| &q.questionnaire_sid),
                    &questionnaire,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "FetchInsightsQuestionnaires",
        async {
            let q = client
                .fetch_insights_questionnaires()
                .questionnaire_sid(&questionnaire)
                .send()
                .await?;
            sid("questionnaire_sid", &q.questionnaire_sid, "GM")?;
            if st {
                eq("name", q.name.as_deref(), Some(QUESTIONNAIRE))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateInsightsQuestionnaires",
        async {
            let q = client
                .update_insights_questionnaires()
                .questionnaire_sid(&questionnaire)
                .active(false)
                .description("Retired")
                .send()
                .await?;
            sid("questionnaire_sid", &q.questionnaire_sid, "GM")?;
            if st {
                eq("active", q.active, Some(false))?;
                eq("description", q.description.as_deref(), Some("Retired"))?;
            }
            Ok(())
        }
        .await,
    );

    // Segments and conversations come from Twilio's recordings; a mock needs them seeded.
    let seeded = seed(
        "/v1/Insights/Segments",
        json!({"segment_id": SEGMENT, "agent_id": WK, "queue": "Support"}),
    )
    .and_then(|_| {
        seed(
            "/v1/Insights/Conversations",
            json!({"conversation_id": CONVERSATION_ID, "segment_count": 1,
                   "segments": [{"segment_id": SEGMENT}]}),
        )
    });
    run.step(
        "ListInsightsSegments",
        async {
            seeded
                .as_ref()
                .map_err(|e| Failure::Client(e.to_string()))?;
            let page = client
                .list_insights_segments()
                .segment_id(SEGMENT)
                .reservation_id(vec![parse::<types::ReservationSid>(WR)?])
                .page_size(10)
                .send()
                .await?;
            list_key(&page.meta, "segments")?;
            if st && ctx.seed.is_some() {
                listed(
                    "Segment",
                    page.segments.iter().map(|s| &s.segment_id),
                    SEGMENT,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "ListInsightsConversations",
        async {
            let page = client
                .list_insights_conversations()
                .segment_id(SEGMENT)
                .page_size(10)
                .send()
                .await?;
            list_key(&page.meta, "conversations")?;
            if st && ctx.seed.is_some() {
                listed(
                    "Conversation",
                    page.conversations.iter().map(|c| &c.conversation_id),
                    CONVERSATION_ID,
                )?;
            }
            Ok(())
        }
        .await,
    );

    let assessment = run
        .step(
            "CreateInsightsAssessments",
            async {
                let a = client
                    .create_insights_assessments()
                    .category_sid(&category)
                    .category_name(CATEGORY)
                    .segment_id(SEGMENT)
                    .agent_id(WK)
                    .offset(10.5)
                    .metric_id(&question)
                    .metric_name(QUESTION)
                    .answer_text("Yes")
                    .answer_id(&answer)
                    .questionnaire_sid(&questionnaire)
                    .send()
                    .await?;
                let sid = sid("assessment_sid", &a.assessment_sid, "FM")?;
                if st {
                    eq("segment_id", a.segment_id.as_deref(), Some(SEGMENT))?;
                    eq("agent_id", a.agent_id.as_deref(), Some(WK))?;
                    eq("answer_text", a.answer_text.as_deref(), Some("Yes"))?;
                    eq("offset", a.offset.as_deref(), Some("10.5"))?;
                }
                Ok(sid)
            }
            .await,
        )
        .unwrap_or_else(|| stand_in("FM"));

    run.step(
        "ListInsightsAssessments",
        async {
            let page = client
                .list_insights_assessments()
                .segment_id(SEGMENT)
                .page_size(10)
                .send()
                .await?;
            list_key(&page.meta, "assessments")?;
            if st {
                listed(
                    "Assessment",
                    page.assessments.iter().map(|a| &a.assessment_sid),
                    &assessment,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "UpdateInsightsAssessments",
        async {
            let a = client
                .update_insights_assessments()
                .assessment_sid(&assessment)
                .answer_id(&answer)
                .answer_text("Yes, after a reminder")
                .offset(12.0)
                .send()
                .await?;
            sid("assessment_sid", &a.assessment_sid, "FM")?;
            if st {
                eq(
                    "answer_text",
                    a.answer_text.as_deref(),
                    Some("Yes, after a reminder"),
                )?;
                // Integral offsets go on the wire as integers.
                eq("offset", a.offset.as_deref(), Some("12"))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "CreateInsightsAssessmentsComment",
        async {
            let c = client
                .create_insights_assessments_comment()
                .category_id(&category)
                .category_name(CATEGORY)
                .comment("Warm tone; missed the greeting")
                .segment_id(SEGMENT)
                .agent_id(WK)
                .offset(11.25)
                .send()
                .await?;
            present("comment", &c.comment)?;
            if st {
                eq("segment_id", c.segment_id.as_deref(), Some(SEGMENT))?;
                eq("offset", c.offset.as_deref(), Some("11.25"))?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "ListInsightsAssessmentsComment",
        async {
            let page = client
                .list_insights_assessments_comment()
                .segment_id(SEGMENT)
                .agent_id(WK)
                .page_size(10)
                .send()
                .await?;
            list_key(&page.meta, "comments")?;
            if st {
                eq("comments", page.comments.len(), 1)?;
            }
            Ok(())
        }
        .await,
    );

    // ---- Deletes, children before parents.
    run.step(
        "DeleteInsightsQuestionnaires",
        async {
            client
                .delete_insights_questionnaires()
                .questionnaire_sid(&questionnaire)
                .send()
                .await?;
            if st {
                gone(
                    client
                        .fetch_insights_questionnaires()
                        .questionnaire_sid(&questionnaire)
                        .send()
                        .await,
                )?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "DeleteInsightsQuestionnairesQuestion",
        async {
            client
                .delete_insights_questionnaires_question()
                .question_sid(&question)
                .send()
                .await?;
            Ok(())
        }
        .await,
    );

    run.step(
        "DeleteInsightsQuestionnairesCategory",
        async {
            client
                .delete_insights_questionnaires_category()
                .category_sid(&category)
                .send()
                .await?;
            if st {
                let page = client
                    .list_insights_questionnaires_category()
                    .send()
                    .await?;
                if page
                    .categories
                    .iter()
                    .any(|c| as_str(&c.category_sid) == Some(&category))
                {
                    return Err(Failure::Check(
                        "category still listed after the delete".into(),
                    ));
                }
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "DeleteChannel",
        async {
            client.delete_channel().sid(&channel).send().await?;
            if st {
                gone(client.fetch_channel().sid(&channel).send().await)?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "DeleteWebChannel",
        async {
            client.delete_web_channel().sid(&web).send().await?;
            if st {
                gone(client.fetch_web_channel().sid(&web).send().await)?;
            }
            Ok(())
        }
        .await,
    );

    run.step(
        "DeleteFlexFlow",
        async {
            client.delete_flex_flow().sid(&flow).send().await?;
            if st {
                gone(client.fetch_flex_flow().sid(&flow).send().await)?;
            }
            Ok(())
        }
        .await,
    );

    run.0
}
