//! The generator's side of the contract with the runtime (`twilio_codegen::runtime_paths`)
//! names exactly what the runtime's side (`runtime/src/generated_api.rs`, the re-exports of
//! `twilio_runtime::__generated`) provides: a path the generator writes that the runtime
//! doesn't export would fail every generated client's build, and an export no generated
//! code uses is contract nobody holds to.

use std::collections::BTreeSet;
use twilio_codegen::runtime_paths::ALL;
use twilio_codegen::syntax::use_names;

/// The names `__generated` exports, with `module::name` for those of its inline modules.
fn exported(items: &[syn::Item], prefix: &str, out: &mut BTreeSet<String>) {
    for item in items {
        match item {
            syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => {
                out.extend(
                    use_names(&u.tree)
                        .into_iter()
                        .map(|n| format!("{prefix}{n}")),
                );
            }
            syn::Item::Mod(m) if matches!(m.vis, syn::Visibility::Public(_)) => {
                let inner = m.content.as_ref().map_or(&[][..], |(_, i)| i.as_slice());
                exported(inner, &format!("{prefix}{}::", m.ident), out);
            }
            _ => {}
        }
    }
}

#[test]
fn every_runtime_path_the_generator_writes_is_exported_and_every_export_is_used() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/generated_api.rs");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = syn::parse_file(&text).expect("generated_api.rs parses");
    let mut runtime = BTreeSet::new();
    exported(&file.items, "", &mut runtime);
    let generator: BTreeSet<String> = ALL.iter().map(|i| i.name().to_string()).collect();
    let missing: Vec<&String> = generator.difference(&runtime).collect();
    let unused: Vec<&String> = runtime.difference(&generator).collect();
    assert!(
        missing.is_empty(),
        "the generator writes paths runtime/src/generated_api.rs doesn't export: {missing:?}"
    );
    assert!(
        unused.is_empty(),
        "runtime/src/generated_api.rs exports what no generated code uses: {unused:?}"
    );
}

#[test]
fn generated_code_reaches_the_runtime_only_through_its_generated_module() {
    let generated =
        twilio_codegen::generate(include_str!("golden/fixture.yaml")).expect("generates");
    let mut rest = generated.code.as_str();
    let mut uses = 0;
    while let Some(at) = rest.find("twilio_runtime::") {
        rest = &rest[at + "twilio_runtime::".len()..];
        assert!(
            rest.starts_with("__generated::"),
            "a runtime path outside `__generated`: twilio_runtime::{}",
            &rest[..rest.len().min(60)]
        );
        uses += 1;
    }
    assert!(uses > 100, "{uses} runtime paths in the fixture's client");
}
