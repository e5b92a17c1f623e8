//! Option builders for families of dotted body fields. The spec has one, Flex Flow's
//! `Integration.*`: instead of ten flat setters whose validity depends on `IntegrationType`,
//!
//! ```no_run
//! # use twilio_flex::{options::Integration, Client};
//! # async fn run(client: Client) -> twilio_flex::Result<()> {
//! client
//!     .create_flex_flow()
//!     .friendly_name("Support")
//!     .chat_service_sid("IS0123456789abcdef0123456789abcdef")
//!     .channel_type("sms")
//!     .integration(Integration::studio("FW0123456789abcdef0123456789abcdef").retry_count(2))
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! `.integration(…)` also sets the matching `IntegrationType`. Everything is checked before
//! sending: SIDs, the URL, `retry_count` in 0..=3, and options that don't apply to the kind.

use crate::types::FlexFlowIntegrationType;
use std::fmt;

/// How a Flex Flow hands inbound messages on: a Studio Flow, an external webhook, or a
/// TaskRouter task.
#[derive(Debug, Clone, PartialEq)]
pub struct Integration {
    kind: Kind,
    retry_count: Option<u8>,
    channel: Option<String>,
    priority: Option<i64>,
    timeout: Option<i64>,
    creation_on_message: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Studio {
        flow_sid: String,
    },
    External {
        url: String,
    },
    Task {
        workspace_sid: String,
        workflow_sid: String,
    },
}

impl Integration {
    /// Hand messages to a Studio Flow (`FW…`).
    pub fn studio(flow_sid: impl Into<String>) -> Self {
        Self::of(Kind::Studio {
            flow_sid: flow_sid.into(),
        })
    }

    /// Post messages to an external webhook URL.
    pub fn external(url: impl Into<String>) -> Self {
        Self::of(Kind::External { url: url.into() })
    }

    /// Create a TaskRouter task in a workspace (`WS…`) with a workflow (`WW…`).
    pub fn task(workspace_sid: impl Into<String>, workflow_sid: impl Into<String>) -> Self {
        Self::of(Kind::Task {
            workspace_sid: workspace_sid.into(),
            workflow_sid: workflow_sid.into(),
        })
    }

    fn of(kind: Kind) -> Self {
        Integration {
            kind,
            retry_count: None,
            channel: None,
            priority: None,
            timeout: None,
            creation_on_message: None,
        }
    }

    /// Studio and external only: retries on failure, 0 to 3 (Twilio's default is 3).
    pub fn retry_count(mut self, n: u8) -> Self {
        self.retry_count = Some(n);
        self
    }

    /// Task only: the Task Channel SID (`TC…`) or unique name (`sms`, `default`…).
    pub fn channel(mut self, channel: impl Into<String>) -> Self {
        self.channel = Some(channel.into());
        self
    }

    /// Task only: the task's priority (default 0).
    pub fn priority(mut self, priority: i64) -> Self {
        self.priority = Some(priority);
        self
    }

    /// Task only: the task's timeout in seconds (default 86,400).
    pub fn timeout_secs(mut self, seconds: i64) -> Self {
        self.timeout = Some(seconds);
        self
    }

    /// Task only: create the task on the customer's first message rather than immediately.
    pub fn creation_on_message(mut self, on_message: bool) -> Self {
        self.creation_on_message = Some(on_message);
        self
    }

    fn integration_type(&self) -> FlexFlowIntegrationType {
        match self.kind {
            Kind::Studio { .. } => FlexFlowIntegrationType::Studio,
            Kind::External { .. } => FlexFlowIntegrationType::External,
            Kind::Task { .. } => FlexFlowIntegrationType::Task,
        }
    }

    fn is_task(&self) -> bool {
        matches!(self.kind, Kind::Task { .. })
    }
}

/// A value that fails its setter's conversion with a message: how an option that can't be
/// sent reaches `send()` as `Error::InvalidRequest` naming the field.
struct Rejected(String);

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `Ok` when allowed, else a [`Rejected`] carrying why.
enum Checked<T> {
    Ok(T),
    Rejected(Rejected),
}

macro_rules! checked_into {
    ($($t:ty),*) => {$(
        impl TryFrom<Checked<$t>> for $t {
            type Error = Rejected;
            fn try_from(c: Checked<$t>) -> Result<$t, Rejected> {
                match c {
                    Checked::Ok(v) => Ok(v),
                    Checked::Rejected(r) => Err(r),
                }
            }
        }
    )*};
}
checked_into!(i64, bool, String);

fn only_for<T>(value: T, applies: bool, kinds: &str) -> Checked<T> {
    if applies {
        Checked::Ok(value)
    } else {
        Checked::Rejected(Rejected(format!("applies only to {kinds} integrations")))
    }
}

/// Applies an [`Integration`] through the builder's flat `integration_*` setters.
macro_rules! integration_setter {
    ($($builder:ident),*) => {$(
        impl crate::builder::$builder<'_> {
            /// Sets the `Integration.*` fields and the matching `IntegrationType`.
            /// See [`Integration`].
            pub fn integration(mut self, integration: Integration) -> Self {
                let task = integration.is_task();
                self = self.integration_type(integration.integration_type());
                self = match integration.kind {
                    Kind::Studio { flow_sid } => self.integration_flow_sid(flow_sid),
                    Kind::External { url } => self.integration_url(match url::Url::parse(&url) {
                        Ok(_) => Checked::Ok(url),
                        Err(e) => Checked::Rejected(Rejected(format!("expected an absolute URL: {e}"))),
                    }),
                    Kind::Task { workspace_sid, workflow_sid } => self
                        .integration_workspace_sid(workspace_sid)
                        .integration_workflow_sid(workflow_sid),
                };
                if let Some(n) = integration.retry_count {
                    let value = match (task, n) {
                        (true, _) => only_for(0, false, "studio and external"),
                        (false, 0..=3) => Checked::Ok(i64::from(n)),
                        (false, _) => Checked::Rejected(Rejected(format!("expected an integer from 0 to 3, got {n}"))),
                    };
                    self = self.integration_retry_count(value);
                }
                if let Some(c) = integration.channel {
                    self = self.integration_channel(only_for(c, task, "task"));
                }
                if let Some(p) = integration.priority {
                    self = self.integration_priority(only_for(p, task, "task"));
                }
                if let Some(t) = integration.timeout {
                    self = self.integration_timeout(only_for(t, task, "task"));
                }
                if let Some(m) = integration.creation_on_message {
                    self = self.integration_creation_on_message(only_for(m, task, "task"));
                }
                self
            }
        }
    )*};
}
integration_setter!(CreateFlexFlow, UpdateFlexFlow);
