//! What a product crate declares about its spec beyond what the spec says: the generator
//! applies these declarations, and has no special case of its own for any spec.
//!
//! A product (`twilio-flex`) passes its [`Declarations`] to the code generator (`twilio_codegen::generate_with`)
//! from its build script. Each declaration names the spec's own things (operations, schemas,
//! wire names); one that no longer matches the spec fails the build with a message saying what
//! changed, and one whose subject the spec doesn't have at all (an older release) is skipped.

/// Everything a product declares.
#[derive(Debug, Clone, Default)]
pub struct Declarations {
    /// Families of dotted body fields with cross-field rules.
    pub families: Vec<Family>,
    /// JSON bodies the spec leaves undefined, declared as the writable part of a schema.
    pub bodies: Vec<SchemaBody>,
    /// Hand-written helpers and the operations and types they use.
    pub capabilities: Vec<Capability>,
}

impl Declarations {
    /// No declarations: the spec as Twilio wrote it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a family.
    pub fn family(mut self, family: Family) -> Self {
        self.families.push(family);
        self
    }

    /// Adds a body declaration.
    pub fn body(mut self, body: SchemaBody) -> Self {
        self.bodies.push(body);
        self
    }

    /// Adds a capability.
    pub fn capability(mut self, capability: Capability) -> Self {
        self.capabilities.push(capability);
        self
    }
}

/// A family of dotted body fields (`Integration.FlowSid`, `Integration.Url`, …) whose valid
/// combinations depend on a kind field (`IntegrationType`). The generator makes the family's
/// option builder (`options::Integration`, a constructor per kind taking the fields the kind
/// requires, a setter per field), its kind enum, and `.integration(…)` on every operation that
/// has the family; the rules declared here are checked before sending, however the fields
/// were set.
#[derive(Debug, Clone)]
pub struct Family {
    /// The fields' prefix: `Integration` for `Integration.*`.
    pub prefix: String,
    /// The body field that says which kind: `IntegrationType`.
    pub kind_field: String,
    /// The rules of each kind.
    pub kinds: Vec<Kind>,
    /// Integer ranges the spec doesn't state: (field, min, max), field without the prefix.
    pub ranges: Vec<(String, i64, i64)>,
    /// One sentence on what the family is, for its docs.
    pub doc: String,
}

impl Family {
    /// A family of `prefix.*` fields whose kind is `kind_field`.
    pub fn new(prefix: &str, kind_field: &str, doc: &str) -> Self {
        Family {
            prefix: prefix.into(),
            kind_field: kind_field.into(),
            kinds: Vec::new(),
            ranges: Vec::new(),
            doc: doc.into(),
        }
    }

    /// A kind (a value of the kind field), the fields it requires and the ones it also takes
    /// (without the prefix: `FlowSid`).
    pub fn kind(mut self, value: &str, required: &[&str], optional: &[&str], doc: &str) -> Self {
        self.kinds.push(Kind {
            value: value.into(),
            required: required.iter().map(|s| s.to_string()).collect(),
            optional: optional.iter().map(|s| s.to_string()).collect(),
            doc: doc.into(),
        });
        self
    }

    /// An inclusive integer range for `field` (without the prefix).
    pub fn range(mut self, field: &str, min: i64, max: i64) -> Self {
        self.ranges.push((field.into(), min, max));
        self
    }

    /// `FlowSid` → `Integration.FlowSid`.
    pub fn wire(&self, field: &str) -> String {
        format!("{}.{field}", self.prefix)
    }
}

/// One kind of a [`Family`].
#[derive(Debug, Clone)]
pub struct Kind {
    /// The kind field's value: `studio`.
    pub value: String,
    /// Fields the kind requires (without the prefix).
    pub required: Vec<String>,
    /// Fields the kind also takes (without the prefix).
    pub optional: Vec<String>,
    /// One sentence on the kind, for its constructor's docs.
    pub doc: String,
}

/// "`operation`'s JSON body is the writable part of `schema`": the spec leaves the body
/// undefined (a free-form object), and the resource's own schema says what it holds. The
/// generator gives the operation a typed setter per property of `schema` except `read_only`
/// ones; each sets that key of the JSON body, so only the properties set are sent, and
/// `.body(map)` stays as the raw escape hatch. `account_sid_key`, when given, is filled from
/// the client's credentials when the body lacks it.
#[derive(Debug, Clone)]
pub struct SchemaBody {
    /// The operationId: `UpdateConfiguration`.
    pub operation: String,
    /// The schema whose writable properties the body holds, as the spec names it
    /// (`flex.v1.configuration`) or as the generated type is named (`Configuration`).
    pub schema: String,
    /// Properties the API sets itself: no setter, listed in the docs.
    pub read_only: Vec<String>,
    /// The body key the client fills with its account SID when absent.
    pub account_sid_key: Option<String>,
}

/// A hand-written helper (a module of the product) and the operations and generated types it
/// uses. The build sets `cfg(<cfg>)` when the spec has all of them, so the helper is compiled;
/// it leaves the helper out when the spec has none of them (an older release); and it fails,
/// naming what is missing, when the spec has some but not all: a reshape the helper must follow.
///
/// A helper built on a declared body ([`SchemaBody`], see [`Capability::declared_body`]) exists
/// where that declaration applies: a release where it doesn't (the operation is missing, or its
/// body is not a free-form JSON object) builds without the helper, whatever else it has; where
/// it applies, everything else listed must be there too.
#[derive(Debug, Clone)]
pub struct Capability {
    /// The `cfg` name: `twilio_flex_plugins`.
    pub cfg: String,
    /// operationIds the helper calls.
    pub operations: Vec<String>,
    /// Generated type names the helper names: any item of `types`, SID types included
    /// (`PluginSid`).
    pub types: Vec<String>,
    /// operationIds whose declared body ([`SchemaBody`]) the helper uses (its typed setters,
    /// `property`), which must apply.
    pub declared_bodies: Vec<String>,
}

impl Capability {
    /// A capability enabling `cfg(name)`.
    pub fn new(cfg: &str, operations: &[&str], types: &[&str]) -> Self {
        Capability {
            cfg: cfg.into(),
            operations: operations.iter().map(|s| s.to_string()).collect(),
            types: types.iter().map(|s| s.to_string()).collect(),
            declared_bodies: Vec::new(),
        }
    }

    /// The helper uses `operation`'s declared body: it is compiled only where that
    /// declaration applies (an older release whose operation is missing or form-encoded
    /// builds without it).
    pub fn declared_body(mut self, operation: &str) -> Self {
        self.declared_bodies.push(operation.into());
        self
    }
}
