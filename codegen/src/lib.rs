//! Build-time generator of Rust clients from Twilio's OpenAPI specs.
//!
//! Pipeline ([`generate_with`]):
//!
//! 1. the spec YAML, fixed up in memory by `twilio-spec` ([`spec::fixups`]: its own ordered
//!    table, [`spec::fixups::FIXUPS`]), recording what the emitters need in
//!    [`spec::fixups::Extras`];
//! 2. progenitor (builder interface, merged tags), with our SID and enum types in place of
//!    typify's;
//! 3. the passes of [`postprocess::PASSES`] over progenitor's output as a syn tree, in the
//!    table's order: rewrites of progenitor's code, then what [`emit`] builds (one function
//!    per construct), added where it goes;
//! 4. prettyplease.
//!
//! A product's `build.rs` calls [`generate_with`] with its declarations and writes the result
//! to `OUT_DIR`. Generated code reaches the runtime only through the paths of
//! [`runtime_paths`]; the syn helpers the passes, emitters and snapshot share are [`syntax`].
//!
//! `tests/golden.rs` generates a small fixture spec (`tests/golden/fixture.yaml`) and compares
//! the code with the committed files under `tests/golden/`; after a deliberate change to the
//! generated code, refresh them with
//! `UPDATE_GOLDEN=1 cargo test -p twilio-codegen --test golden` and review the diff.

pub mod collect;
pub mod emit;
pub mod error;
pub mod postprocess;
pub mod runtime_paths;
#[cfg(feature = "snapshot")]
pub mod snapshot;
pub mod syntax;

pub use error::{Error, Result};
/// The spec model this generator reads (fix-ups, naming, operations, declarations).
pub use twilio_spec as spec;
use twilio_spec::{fixups, model, product};

use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle, TypeImpl};
use serde_json::Value;

/// The generated client source and what went into it.
pub struct Generated {
    /// Formatted Rust source, to be `include!`d inside the crate.
    pub code: String,
    /// Operations generated.
    pub operations: Vec<model::Operation>,
    /// What the fix-ups recorded.
    pub extras: fixups::Extras,
    /// `cfg`s of the product's declared capabilities this spec has.
    pub cfgs: Vec<String>,
}

/// Generates the client for a spec text, as Twilio wrote it.
pub fn generate(text: &str) -> Result<Generated> {
    generate_with(text, &product::Declarations::new())
}

/// Generates the client for a spec text, applying a product's declarations.
pub fn generate_with(text: &str, declarations: &product::Declarations) -> Result<Generated> {
    let (spec, extras) = twilio_spec::fixed_spec_with(text, declarations)?;
    let operations = model::operations(&spec, &extras);
    let tokens = run_progenitor(&spec, &extras)?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| Error::PostProcess(format!("unparsable output: {e}")))?;
    // A spec naming no server gets a client that needs `base_url`.
    let host = model::api_host(&spec).unwrap_or_default();
    let date_times = model::count_format(&spec, "date-time");
    let mut cx = postprocess::Context::new(&operations, &extras, date_times, host);
    for pass in postprocess::PASSES {
        (pass.run)(&mut file, &mut cx)?;
    }
    let collected = cx.into_collected()?;
    let cfgs = capabilities(declarations, &operations, &collected, &extras)?;

    Ok(Generated {
        code: prettyplease::unparse(&file),
        operations,
        extras,
        cfgs,
    })
}

/// The `cfg`s of the declared capabilities this spec has in full; an error naming what is
/// missing for one the spec has only in part.
fn capabilities(
    declarations: &product::Declarations,
    operations: &[model::Operation],
    collected: &collect::Collected,
    extras: &fixups::Extras,
) -> Result<Vec<String>> {
    let mut cfgs = Vec::new();
    for cap in &declarations.capabilities {
        // A helper built on a declared body exists where the declaration applies.
        if cap
            .declared_bodies
            .iter()
            .any(|op| !extras.bodies.iter().any(|b| b.operation == *op))
        {
            continue;
        }
        let missing_ops: Vec<&String> = cap
            .operations
            .iter()
            .filter(|id| !operations.iter().any(|op| op.operation_id == **id))
            .collect();
        let missing_types: Vec<&String> = cap
            .types
            .iter()
            // Any item of `types`: progenitor's structs and enums, or our SID types.
            .filter(|t| {
                !collected.type_names.contains(*t) && !extras.sids.iter().any(|s| s.name == **t)
            })
            .collect();
        let total = cap.operations.len() + cap.types.len();
        match missing_ops.len() + missing_types.len() {
            0 => cfgs.push(cap.cfg.clone()),
            n if n == total => {}
            _ => {
                return Err(Error::unsupported(
                    format!("declared capability `{}`", cap.cfg),
                    format!(
                        "the spec has part of what it uses: missing operations [{}], types [{}]",
                        missing_ops
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        missing_types
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    Ok(cfgs)
}

/// progenitor's settings: builders, one `Client`, the runtime's state inside it, and our
/// SID and enum types in place of typify's.
fn settings(extras: &fixups::Extras) -> GenerationSettings {
    let mut s = GenerationSettings::default();
    s.with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        // progenitor's hooks stay unused (its default empty impl): builders only build the
        // request, and the runtime's `send` sends it (see `postprocess::send_into_request`).
        .with_inner_type(quote::ToTokens::to_token_stream(
            &runtime_paths::CLIENT_STATE,
        ))
        // Responses compare (`assert_eq!(fetched, created)`): every field typify writes
        // allows it (JSON values, strings, numbers, lists, maps, timestamps, and our SID and
        // enum types, which derive it).
        .with_derive("PartialEq");
    // Our SID and enum types replace typify's; they implement Display and FromStr.
    let impls = || [TypeImpl::Display, TypeImpl::FromStr].into_iter();
    for sid in &extras.sids {
        s.with_replacement(&sid.name, format!("crate::types::{}", sid.name), impls());
    }
    for e in &extras.enums {
        s.with_replacement(&e.name, format!("crate::types::{}", e.name), impls());
    }
    s
}

fn run_progenitor(spec: &Value, extras: &fixups::Extras) -> Result<proc_macro2::TokenStream> {
    let openapi: openapiv3::OpenAPI = serde_json::from_value(spec.clone())
        .map_err(|e| Error::unsupported("#", format!("not an OpenAPI 3.0 document: {e}")))?;
    let settings = settings(extras);
    let failure = match quietly(|| Generator::new(&settings).generate_tokens(&openapi)) {
        Ok(Ok(tokens)) => return Ok(tokens),
        Ok(Err(e)) => format!("progenitor failed: {e}"),
        Err(panic) => format!("progenitor panicked: {panic}"),
    };
    Err(locate_failure(spec, &settings).unwrap_or(Error::Progenitor(failure)))
}

/// Runs `f`, turning a panic into its message without printing a backtrace.
fn quietly<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".into())
    })
}

/// Finds the schema or operation progenitor fails on (an error or a panic), by generating
/// each alone (with references stubbed out), so the build error names a spec path.
fn locate_failure(spec: &Value, settings: &GenerationSettings) -> Option<Error> {
    let mut skeleton = spec.clone();
    skeleton["paths"] = Value::Object(Default::default());
    if let Some(s) = skeleton
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
    {
        *s = Value::Object(Default::default());
    }
    let try_spec = |candidate: Value| -> Option<String> {
        let openapi: openapiv3::OpenAPI = serde_json::from_value(candidate).ok()?;
        match quietly(|| Generator::new(settings).generate_tokens(&openapi)) {
            Ok(Ok(_)) => None,
            Ok(Err(e)) => Some(format!("progenitor failed: {e}")),
            Err(panic) => Some(format!("progenitor panicked: {panic}")),
        }
    };
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        let mut candidate = skeleton.clone();
        candidate["components"]["schemas"][name] = stub_refs(schema.clone());
        if let Some(msg) = try_spec(candidate) {
            return Some(Error::unsupported(
                format!("#/components/schemas/{name}"),
                msg,
            ));
        }
    }
    let paths = spec.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let mut candidate = skeleton.clone();
        candidate["paths"][path] = stub_refs(item.clone());
        if let Some(msg) = try_spec(candidate) {
            return Some(Error::unsupported(format!("#/paths/{path}"), msg));
        }
    }
    None
}

fn stub_refs(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) if m.contains_key("$ref") => *v = Value::Object(Default::default()),
            Value::Object(m) => m.values_mut().for_each(walk),
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}
