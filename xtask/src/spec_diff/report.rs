//! The result of a comparison, and its Markdown rendering for a PR description.

use std::fmt::Write as _;

use super::api::{ApiChange, ApiSection, BREAKING_RULES};
use super::naming::{method_name, setter_name, sid_prefix, type_name};

/// How many operations are named in a "used by" note before it is cut short.
const MAX_USED_BY: usize = 6;

/// What changed between two specs: in the generated Rust API (the verdict), and in the
/// spec itself (context).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Changes to the generated Rust API, from the two API snapshots, each judged breaking or
    /// not; they alone decide [`Report::has_breaking`]. Sorted.
    pub api: Vec<ApiChange>,
    /// Spec-level changes, as the spec states them: context for the reviewer. Sorted by
    /// section, then subject, member and kind, so output is stable.
    pub spec: Vec<Change>,
}

/// One spec-level change. It says what the spec changed, not whether Rust callers notice:
/// that is [`Report::api`]'s job.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// The report section the change is listed under.
    pub section: Section,
    /// The operation or named type that changed.
    pub subject: Subject,
    /// The parameter or field that changed, if the change is below the subject.
    pub member: Option<Member>,
    /// What happened.
    pub kind: ChangeKind,
    /// Operation ids that use the changed named type (for enum value changes),
    /// to show the reviewer where it matters.
    pub used_by: Vec<String>,
}

/// Sections of the spec-level changes, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Operations (client methods) added, removed or renamed.
    Operations,
    /// Operations whose HTTP method or path template changed.
    Paths,
    /// Named types added, removed or changed in kind.
    Types,
    /// Path, query and header parameters.
    Parameters,
    /// Fields of request bodies (form or JSON).
    RequestBodies,
    /// Fields of response bodies: named types and inline (list) responses.
    Responses,
    /// Enum values, of named enums and inline `enum:` lists.
    EnumValues,
    /// SID (and other) `pattern` changes.
    SidPatterns,
}

impl Section {
    /// The section heading.
    pub fn title(self) -> &'static str {
        match self {
            Section::Operations => "Operations",
            Section::Paths => "Paths and methods",
            Section::Types => "Types",
            Section::Parameters => "Parameters",
            Section::RequestBodies => "Request body fields",
            Section::Responses => "Response fields",
            Section::EnumValues => "Enum values",
            Section::SidPatterns => "SID patterns",
        }
    }
}

/// The operation or named schema a change belongs to (spec spelling).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An operation, with the method and path of the spec it is described from
    /// (the new one, or the old one if it was removed).
    Operation {
        /// `operationId`, e.g. `CreateFlexFlow`.
        id: String,
        /// HTTP method, upper case.
        method: String,
        /// Path template.
        path: String,
    },
    /// A component schema, e.g. `flex.v1.flex_flow`.
    Type {
        /// The schema's name under `components/schemas`.
        name: String,
    },
}

/// A parameter or field inside a subject.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Member {
    /// What kind of member it is.
    pub role: Role,
    /// Spec name; nested fields are dotted (`meta.page_size`), array items end in `[]`.
    /// Empty for [`Role::RequestBody`] and [`Role::Response`] (the body as a whole).
    pub name: String,
    /// Whether the member sits below a top-level field (inside an inline
    /// object or array), so it has no setter of its own.
    pub nested: bool,
}

/// The kind of a [`Member`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// A path parameter.
    PathParameter,
    /// A query parameter.
    QueryParameter,
    /// A header parameter.
    HeaderParameter,
    /// A cookie parameter.
    CookieParameter,
    /// A request body as a whole.
    RequestBody,
    /// A field of an inline request body.
    BodyField,
    /// A success response body as a whole.
    Response,
    /// A field of an inline response body.
    ResponseField,
    /// A field of a named type.
    Field,
}

impl Role {
    /// Whether callers send this member.
    pub fn is_request(self) -> bool {
        matches!(
            self,
            Role::PathParameter
                | Role::QueryParameter
                | Role::HeaderParameter
                | Role::CookieParameter
                | Role::RequestBody
                | Role::BodyField
        )
    }
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Added; `required` matters for request-side members only.
    Added {
        /// Whether the new member is required.
        required: bool,
    },
    /// Removed.
    Removed,
    /// An operation now has this `operationId`; it used to be the one given
    /// (same method and path).
    RenamedFrom(String),
    /// The Rust type changed.
    Retyped {
        /// Old type, described.
        from: String,
        /// New type, described.
        to: String,
    },
    /// An optional member became required.
    MadeRequired,
    /// A required member became optional.
    MadeOptional,
    /// An enum gained a value.
    EnumValueAdded(String),
    /// An enum lost a value.
    EnumValueRemoved(String),
    /// A string's `pattern` changed (`None`: no pattern).
    PatternChanged {
        /// Old pattern.
        from: Option<String>,
        /// New pattern.
        to: Option<String>,
    },
    /// An operation's method or path template changed (`"POST /v1/X"` form).
    Moved {
        /// Old `METHOD path`.
        from: String,
        /// New `METHOD path`.
        to: String,
    },
    /// A request body's media type changed.
    ContentType {
        /// Old media type.
        from: String,
        /// New media type.
        to: String,
    },
}

impl Report {
    /// Whether any change to the Rust API is breaking.
    pub fn has_breaking(&self) -> bool {
        self.api.iter().any(|c| c.breaking)
    }

    /// Whether the two specs generate the same Rust API (the spec may still differ).
    pub fn api_unchanged(&self) -> bool {
        self.api.is_empty()
    }

    /// Whether nothing changed, in the Rust API or in the spec.
    pub fn is_empty(&self) -> bool {
        self.api.is_empty() && self.spec.is_empty()
    }

    /// The number of breaking changes to the Rust API.
    pub fn breaking_count(&self) -> usize {
        self.api.iter().filter(|c| c.breaking).count()
    }

    /// The one-line verdict, in Markdown: `**3 changes to the Rust API, 1 breaking** (5
    /// spec-level changes)`, or `No change to the Rust API (47 spec-level changes)`.
    pub fn summary(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let spec = match self.spec.len() {
            0 => "no spec-level changes".to_string(),
            n => plural(n, "spec-level change", "spec-level changes"),
        };
        if self.is_empty() {
            return "No changes to the generated API".into();
        }
        if self.api.is_empty() {
            return format!("No change to the Rust API ({spec})");
        }
        let api = plural(self.api.len(), "change", "changes");
        match self.breaking_count() {
            0 => format!("**{api} to the Rust API, none breaking** ({spec})"),
            n => format!("**{api} to the Rust API, {n} breaking** ({spec})"),
        }
    }

    /// Renders the report as Markdown: the verdict line, the changes to the Rust API (each
    /// marked **breaking** where it is), then the spec-level changes as context.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        out.push_str("## Flex v1 spec update: changes to the Rust API\n\n");
        out.push_str(&self.summary());
        out.push('\n');
        if self.is_empty() {
            return out;
        }

        out.push_str("\n### Rust API\n\n");
        if self.api.is_empty() {
            out.push_str(
                "The generated API is identical on both sides (same `api/flex_v1.txt`): \
                 nothing changes for Rust callers.\n",
            );
        } else {
            out.push_str("Judged from the generated API (`api/flex_v1.txt` of each side).\n");
            let mut current: Option<ApiSection> = None;
            for change in &self.api {
                if current != Some(change.section) {
                    current = Some(change.section);
                    let _ = write!(out, "\n#### {}\n\n", change.section.title());
                }
                out.push_str("- ");
                if change.breaking {
                    out.push_str("**breaking** ");
                }
                out.push_str(&change.describe());
                out.push('\n');
            }
            let _ = write!(out, "\n<sub>{BREAKING_RULES}</sub>\n");
        }

        out.push_str("\n### Spec changes (context)\n\n");
        if self.spec.is_empty() {
            out.push_str("None.\n");
            return out;
        }
        out.push_str(
            "What the spec itself changed, whether or not it reaches the generated code; the \
             verdict above comes from the Rust API only.\n",
        );
        let mut current = None;
        for change in &self.spec {
            if current != Some(change.section) {
                current = Some(change.section);
                let _ = write!(out, "\n#### {}\n\n", change.section.title());
            }
            out.push_str("- ");
            out.push_str(&change.describe());
            out.push('\n');
        }
        out
    }
}

impl Change {
    /// The entry's text, in Markdown.
    pub fn describe(&self) -> String {
        let subject = self.subject.describe();
        let member = self.member.as_ref().map(Member::describe);
        let mut text = match (&self.kind, member) {
            (ChangeKind::Added { .. }, None) => format!("added {subject}"),
            (ChangeKind::Removed, None) => format!("removed {subject}"),
            (ChangeKind::Added { required }, Some(m)) => {
                let which = match self.member.as_ref().map(|m| m.role) {
                    Some(Role::RequestBody) => "",
                    Some(r) if r.is_request() && *required => "required ",
                    Some(r) if r.is_request() => "optional ",
                    _ => "",
                };
                format!("{subject}: added {which}{m}")
            }
            (ChangeKind::Removed, Some(m)) => format!("{subject}: removed {m}"),
            (ChangeKind::RenamedFrom(old), _) => format!(
                "{subject}: renamed from `{old}` (method `{}` is gone)",
                method_name(old)
            ),
            (ChangeKind::Retyped { from, to }, None) => {
                format!("{subject}: changed from {from} to {to}")
            }
            (ChangeKind::Retyped { from, to }, Some(m)) => {
                format!("{subject}: {m} changed type from {from} to {to}")
            }
            (ChangeKind::MadeRequired, m) => {
                format!("{subject}: {} is now required", m.unwrap_or_default())
            }
            (ChangeKind::MadeOptional, m) => {
                format!("{subject}: {} is now optional", m.unwrap_or_default())
            }
            (ChangeKind::EnumValueAdded(v), None) => format!("{subject}: added value `{v}`"),
            (ChangeKind::EnumValueRemoved(v), None) => format!("{subject}: removed value `{v}`"),
            (ChangeKind::EnumValueAdded(v), Some(m)) => {
                format!("{subject}: {m}: added value `{v}`")
            }
            (ChangeKind::EnumValueRemoved(v), Some(m)) => {
                format!("{subject}: {m}: removed value `{v}`")
            }
            (ChangeKind::PatternChanged { from, to }, m) => {
                let what = m.map_or_else(|| "pattern".to_string(), |m| format!("{m} pattern"));
                let show = |p: &Option<String>| {
                    p.as_ref()
                        .map_or_else(|| "none".to_string(), |p| format!("`{p}`"))
                };
                let mut line = format!("{subject}: {what} {} → {}", show(from), show(to));
                let prefixes = (
                    from.as_deref().and_then(sid_prefix),
                    to.as_deref().and_then(sid_prefix),
                );
                if let (Some(a), Some(b)) = prefixes {
                    let _ = write!(line, " (SID prefix `{a}` → `{b}`)");
                }
                line
            }
            (ChangeKind::Moved { from, to }, _) => {
                format!("{subject}: moved from `{from}` to `{to}`")
            }
            (ChangeKind::ContentType { from, to }, _) => {
                format!("{subject}: request body media type `{from}` → `{to}`")
            }
        };
        if !self.used_by.is_empty() {
            let names: Vec<String> = self
                .used_by
                .iter()
                .take(MAX_USED_BY)
                .map(|id| format!("`{}`", method_name(id)))
                .collect();
            let _ = write!(text, " — used by {}", names.join(", "));
            if self.used_by.len() > MAX_USED_BY {
                let _ = write!(text, " and {} more", self.used_by.len() - MAX_USED_BY);
            }
        }
        text
    }
}

impl Subject {
    /// `` `create_flex_flow` (`CreateFlexFlow`, `POST /v1/FlexFlows`) `` or
    /// `` `FlexFlow` (`flex.v1.flex_flow`) ``.
    pub fn describe(&self) -> String {
        match self {
            Subject::Operation { id, method, path } => {
                format!("`{}` (`{id}`, `{method} {path}`)", method_name(id))
            }
            Subject::Type { name } => format!("type `{}` (`{name}`)", type_name(name)),
        }
    }
}

impl Member {
    /// E.g. `` body field `Integration.FlowSid` (`.integration_flow_sid()`) ``.
    pub fn describe(&self) -> String {
        let setter = || {
            if self.nested {
                format!("`{}`", self.name)
            } else {
                format!("`{}` (`.{}()`)", self.name, setter_name(&self.name))
            }
        };
        match self.role {
            Role::PathParameter => format!("path parameter {}", setter()),
            Role::QueryParameter => format!("query parameter {}", setter()),
            Role::HeaderParameter => format!("header parameter {}", setter()),
            Role::CookieParameter => format!("cookie parameter {}", setter()),
            Role::RequestBody => "the request body".into(),
            Role::BodyField => format!("body field {}", setter()),
            Role::Response => "the response body".into(),
            Role::ResponseField => format!("response field `{}`", self.name),
            Role::Field => format!("field `{}`", self.name),
        }
    }
}
