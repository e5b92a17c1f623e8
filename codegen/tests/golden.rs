//! Golden output: the code generated from a small fixture spec (`tests/golden/fixture.yaml`,
//! one of each construct the fix-ups, passes and emitters handle), compared with the
//! committed files under `tests/golden/`, one per top-level part of the generated file
//! (`types.rs`, `builder.rs`, `prelude.rs`, `options.rs`, `contract.rs`, and `client.rs` for
//! the rest). Any difference fails, with a short diff, so a change to the generator shows up
//! here, in review, as the code it changes.
//!
//! After a deliberate change, refresh the files and review their diff:
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test -p twilio-codegen --test golden
//! ```

use std::path::PathBuf;
use twilio_spec::product::{Declarations, Family, SchemaBody};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// What the fixture's product declares: a family of dotted fields decided by a kind field
/// (like Flex's `Integration.*`) and a JSON body declared as the writable part of a schema
/// (like Flex's Configuration).
fn declarations() -> Declarations {
    Declarations::new()
        .family(
            Family::new(
                "Integration",
                "IntegrationType",
                "how a widget hands messages on: to a Studio Flow or a webhook.",
            )
            .kind("studio", &["FlowSid"], &["RetryCount"], "to a Studio Flow.")
            .kind("external", &["Url"], &["RetryCount"], "to a webhook.")
            .range("RetryCount", 0, 3),
        )
        .body(SchemaBody {
            operation: "UpdateSettings".into(),
            schema: "test.v1.settings".into(),
            read_only: ["account_sid", "date_updated", "url"]
                .map(String::from)
                .to_vec(),
            account_sid_key: Some("account_sid".into()),
        })
}

fn generate() -> twilio_codegen::Generated {
    let path = golden_dir().join("fixture.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    twilio_codegen::generate_with(&text, &declarations())
        .unwrap_or_else(|e| panic!("the fixture generates: {e}"))
}

/// The generated file in parts: each of the top-level modules, and `client.rs` for the
/// items outside them (imports, `Client`, its impls), in the file's order.
fn parts(code: &str) -> Vec<(String, String)> {
    let file = syn::parse_file(code).expect("generated code parses");
    let mut parts: Vec<(String, syn::File)> = Vec::new();
    let empty = |attrs| syn::File {
        shebang: None,
        attrs,
        items: Vec::new(),
    };
    parts.push(("client.rs".into(), empty(file.attrs.clone())));
    for item in file.items {
        let name = match &item {
            syn::Item::Mod(m) => format!("{}.rs", m.ident),
            _ => "client.rs".into(),
        };
        match parts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, f)) => f.items.push(item),
            None => {
                let mut f = empty(Vec::new());
                f.items.push(item);
                parts.push((name, f));
            }
        }
    }
    parts
        .into_iter()
        .map(|(name, f)| (name, prettyplease::unparse(&f)))
        .collect()
}

/// The lines that differ, between the common head and tail, with 1-based line numbers: at
/// most `max` of each side.
fn short_diff(old: &str, new: &str, max: usize) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (removed, added) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut out = format!(
        "@@ -{},{} +{},{} @@\n",
        head + 1,
        removed.len(),
        head + 1,
        added.len()
    );
    for (sign, lines) in [('-', removed), ('+', added)] {
        for line in lines.iter().take(max) {
            out.push_str(&format!("{sign}{line}\n"));
        }
        if lines.len() > max {
            out.push_str(&format!("{sign}… {} more lines\n", lines.len() - max));
        }
    }
    out
}

#[test]
fn generated_code_matches_the_committed_golden_files() {
    let generated = generate();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (name, text) in parts(&generated.code) {
        let path = golden_dir().join(&name);
        if update {
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(committed) if committed == text => {}
            Ok(committed) => failures.push(format!(
                "tests/golden/{name} differs from the generated code:\n{}",
                short_diff(&committed, &text, 20)
            )),
            Err(e) => failures.push(format!("tests/golden/{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nIf the change is meant, refresh with \
         `UPDATE_GOLDEN=1 cargo test -p twilio-codegen --test golden` and review the diff.",
        failures.join("\n")
    );
}

#[test]
fn the_golden_files_are_exactly_the_parts_generated() {
    let mut expected: Vec<String> = parts(&generate().code)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    expected.sort();
    let mut committed: Vec<String> = std::fs::read_dir(golden_dir())
        .expect("tests/golden")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".rs"))
        .collect();
    committed.sort();
    assert_eq!(
        committed, expected,
        "a part was added or removed: refresh the golden files"
    );
}

/// The fixture keeps one of each construct: trimmed, the golden files would stop showing
/// what the generator does with it.
#[test]
fn the_fixture_has_every_construct() {
    let g = generate();
    let x = &g.extras;
    let op = |id: &str| {
        g.operations
            .iter()
            .find(|o| o.operation_id == id)
            .unwrap_or_else(|| panic!("operation {id}"))
    };
    let sids: Vec<&str> = x.sids.iter().map(|s| s.name.as_str()).collect();
    assert!(
        sids.contains(&"WidgetSid") && sids.contains(&"ChatServiceSid"),
        "{sids:?}"
    );
    let enums: Vec<&str> = x.enums.iter().map(|e| e.name.as_str()).collect();
    assert!(enums.contains(&"WidgetStatus"), "inline enum: {enums:?}");
    assert!(
        enums.contains(&"WidgetChannelType"),
        "shared enum: {enums:?}"
    );
    assert_eq!(x.lists.len(), 1, "a list with `meta`");
    assert!(x.wire_names.values().any(|w| w == "DateCreated<"));
    assert!(
        op("CreateWidget")
            .params
            .iter()
            .any(|p| p.location == "header")
    );
    assert!(
        !op("ListWidget")
            .params
            .iter()
            .any(|p| p.api_name == "Authorization")
    );
    assert!(
        op("CreateWidget")
            .body
            .as_ref()
            .is_some_and(|b| b.content_type.contains("form"))
    );
    let transfer = op("CreateWidgetTransfer")
        .body
        .as_ref()
        .expect("a JSON body");
    assert!(transfer.content_type.contains("json") && transfer.fields.is_empty());
    assert!(op("ListWidget").params.iter().any(|p| p.range.is_some()));
    assert!(!x.ranges.is_empty(), "body integer ranges");
    assert!(!x.checks.patterns.is_empty() && !x.checks.lengths.is_empty());
    assert!(!x.checks.uris.is_empty());
    assert!(
        g.code.contains("timestamp::deserialize_option"),
        "date-time fields"
    );
    assert!(g.code.contains("null_as_default"), "nullable collections");
    assert!(g.code.contains("string_map_without_nulls"), "links");
    op("DeleteWidget"); // named by `name_unnamed_operations`
    assert_eq!(x.families.len(), 1, "the declared family applies");
    assert_eq!(x.bodies.len(), 1, "the declared body applies");
}
