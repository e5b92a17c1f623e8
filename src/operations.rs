//! Every operation by name, as data and as a call: what a command line, a proxy or a script
//! needs to call any Flex operation without compiling against its typed builder.
//!
//! [`ALL`] describes each of the spec's operations ([`OperationInfo`]): its command name
//! (`list-flex-flow`, the operationId in kebab case), method, path template, the spec's
//! description, and each parameter and body field ([`ParamInfo`]) with its wire name, its
//! flag (the typed setter's name in kebab case: `friendly-name`, `integration-flow-sid`),
//! where it goes, whether it is required, its description, and the checks its typed setter
//! makes ([`ValueRule`]: SID prefix, enum values, lengths, pattern, range, absolute URL,
//! timestamp). List operations have the key of their items ([`ListInfo`]). The generator
//! builds it from the same spec model as the typed builders, so a new Twilio release brings
//! its operations here with no hand edits.
//!
//! [`Client::operation`] calls one by name: values are given as text (as a command line
//! has them) or JSON, each checked at once by the typed setter's rules, and a missing
//! required value is refused before anything is sent. The answer is JSON; a list streams
//! its items across pages. A refused value is [`Error::InvalidRequest`](crate::Error) whose
//! `field` is the value's flag (`page-size`, `sid`).
//!
//! ```no_run
//! use futures::TryStreamExt as _;
//! # async fn run(client: twilio_flex::Client) -> twilio_flex::Result<()> {
//! // The first five Flex Flows, as JSON.
//! let flows: Vec<serde_json::Value> = client
//!     .operation("list-flex-flow")?
//!     .arg("page-size", "5")?
//!     .stream()?
//!     .limit(5)
//!     .try_collect()
//!     .await?;
//! // A Flex Flow created from text values, as a command line gives them.
//! let flow = client
//!     .operation("create-flex-flow")?
//!     .arg("friendly-name", "Support")?
//!     .arg("chat-service-sid", "IS0123456789abcdef0123456789abcdef")?
//!     .arg("channel-type", "sms")?
//!     .send()
//!     .await?;
//! println!("{} flows; created {}", flows.len(), flow["sid"]);
//! # Ok(()) }
//! ```

use crate::{Client, Error, Result};
use serde_json::Value;
use twilio_runtime::dynamic::DynamicRequest;

pub use crate::generated::operations::{ALL, find};
pub use twilio_runtime::catalogue::{
    BodyEncoding, BodyInfo, EnumRule, ListInfo, Location, OperationInfo, ParamInfo, SidRule,
    StrRule, ValueRule,
};
pub use twilio_runtime::dynamic::{JsonMeta, JsonPage};
pub use twilio_runtime::pagination::{Items, Pages};

impl Client {
    /// The operation named `name` (its command name `create-flex-flow`, operationId
    /// `CreateFlexFlow` or method `create_flex_flow`), to call with values given by name; see
    /// [`operations`](crate::operations). An unknown name is [`Error::InvalidRequest`] with
    /// `field` `operation`.
    pub fn operation(&self, name: &str) -> Result<Call<'_>> {
        let info = find(name).ok_or_else(|| {
            Error::invalid_request(
                "operation",
                "operation",
                format!("no operation named {name:?} (see `twilio_flex::operations::ALL`)"),
            )
        })?;
        Ok(Call {
            info,
            request: DynamicRequest::new(&self.inner, info),
        })
    }
}

/// An operation's call being put together from values given by name; from
/// [`Client::operation`]. Each value is checked when it is given; [`send`](Self::send) and
/// [`stream`](Self::stream) check that every required value is there before anything is
/// sent. Errors name a value by its flag.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    info: &'static OperationInfo,
    request: DynamicRequest<'a>,
}

impl<'a> Call<'a> {
    /// The operation.
    pub fn info(&self) -> &'static OperationInfo {
        self.info
    }

    /// Sets the value named `name` (its flag `friendly-name`, wire name `FriendlyName` or
    /// setter `friendly_name`) from text, read as its type: an integer, a number,
    /// `true`/`false`, JSON for an object, one item for a list (each call adds one). A value
    /// its typed setter would refuse is refused now, naming the flag.
    pub fn arg(self, name: &str, text: &str) -> Result<Self> {
        let info = self.info;
        let request = self
            .request
            .try_arg_str(name, text)
            .map_err(|e| by_flag(info, e))?;
        Ok(Call { info, request })
    }

    /// [`arg`](Self::arg) with a JSON value of the field's type (`null` unsets it).
    pub fn arg_json(self, name: &str, value: Value) -> Result<Self> {
        let info = self.info;
        let request = self
            .request
            .try_arg(name, value)
            .map_err(|e| by_flag(info, e))?;
        Ok(Call { info, request })
    }

    /// Whether it would be sent: every value given was accepted and every required one is
    /// there.
    pub fn check(&self) -> Result<()> {
        self.request.check().map_err(|e| by_flag(self.info, e))
    }

    /// Sends it; Twilio's answer as JSON (`null` for an empty answer, as a delete has). For a
    /// list, the first page as Twilio sent it ([`stream`](Self::stream) has its items).
    pub async fn send(self) -> Result<Value> {
        let info = self.info;
        self.check()?;
        self.request.send().await.map_err(|e| by_flag(info, e))
    }

    /// The items of a list operation across pages, as JSON, the next page requested while
    /// this one is consumed; [`Items::limit`] stops after n of them and asks for pages no
    /// bigger than needed (unless `page-size` was given). Checked first: a missing value, or
    /// an operation that isn't a list, is an error here, and nothing is sent.
    pub fn stream(self) -> Result<Items<'a, JsonPage>> {
        self.ready_list()?;
        Ok(self.request.stream())
    }

    /// The pages of a list operation, with their `meta`; checked as [`stream`](Self::stream).
    pub fn pages(self) -> Result<Pages<'a, JsonPage>> {
        self.ready_list()?;
        Ok(self.request.pages())
    }

    fn ready_list(&self) -> Result<()> {
        if !self.info.is_list() {
            return Err(Error::invalid_request(
                self.info.id,
                "operation",
                format!("{} is not a list operation", self.info.command),
            ));
        }
        self.check()
    }
}

/// The runtime names a refused value by its wire name; a call by name names it by its flag.
fn by_flag(info: &OperationInfo, error: Error) -> Error {
    let flag_of = |wire: String| {
        info.params
            .iter()
            .find(|p| p.wire == wire)
            .map_or(wire, |p| p.flag.to_string())
    };
    match error {
        Error::InvalidRequest {
            operation,
            field,
            message,
            problems,
        } => Error::InvalidRequest {
            operation,
            field: flag_of(field),
            message,
            // Each problem is named by the flag too; its wire name stays beside it.
            problems: problems
                .into_iter()
                .map(|mut p| {
                    p.setter = flag_of(p.field.clone());
                    p
                })
                .collect(),
        },
        other => other,
    }
}
