//! Generates the Flex v1 client from the vendored spec at compile time, with the Flex
//! product's declarations (`declarations.rs`). `TWILIO_FLEX_SPEC` points it at another Flex
//! release (how `scripts/check-twilio-specs` builds the crate from every release);
//! `TWILIO_FLEX_NAMES` at another names file than `api/flex_v1.names.json`.

use std::path::PathBuf;
use twilio_codegen::snapshot::names::{Names, release_date};

/// The names the crate published, with their shapes (maintained by `cargo xtask update-spec`).
const NAMES: &str = "api/flex_v1.names.json";

include!("declarations.rs");

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let spec_path = std::env::var_os("TWILIO_FLEX_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("spec/flex_v1.yaml"));
    println!("cargo:rerun-if-env-changed=TWILIO_FLEX_SPEC");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=declarations.rs");
    // The names the crate published are an input, like the spec: a release that renames one
    // keeps the old name as a deprecated alias (README, "Naming").
    // `TWILIO_FLEX_NAMES` builds as a crate that published other names would (`cargo xtask
    // spec-history DIR --names FILE` writes them; scripts/check-renamed-names uses it).
    let names_path = std::env::var_os("TWILIO_FLEX_NAMES")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join(NAMES));
    println!("cargo:rerun-if-env-changed=TWILIO_FLEX_NAMES");
    println!("cargo:rerun-if-changed={}", names_path.display());
    let provenance_path = manifest.join("spec/PROVENANCE.toml");
    println!("cargo:rerun-if-changed={}", provenance_path.display());
    // The mock serves the spec the client was generated from.
    println!(
        "cargo:rustc-env=TWILIO_FLEX_SPEC_PATH={}",
        spec_path.display()
    );

    let text = match std::fs::read_to_string(&spec_path) {
        Ok(t) => t,
        Err(e) => fail(&format!("cannot read {}: {e}", spec_path.display())),
    };
    let published = match std::fs::read_to_string(&names_path) {
        Ok(t) => match Names::from_json(&t) {
            Ok(n) => n,
            Err(e) => fail(&format!("{}: {e}", names_path.display())),
        },
        Err(e) => fail(&format!("cannot read {}: {e}", names_path.display())),
    };
    // The date of the release the spec is, for the notes of renames it makes: from a Twilio
    // release's file name, or the vendored spec's provenance.
    let is_vendored = std::env::var_os("TWILIO_FLEX_SPEC").is_none();
    let provenance = is_vendored
        .then(|| std::fs::read_to_string(&provenance_path).ok())
        .flatten();
    let file_name = spec_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let release = release_date(&file_name, provenance.as_deref());
    let generated = match twilio_codegen::snapshot::generate_published(
        &text,
        &flex_declarations(),
        &published,
        release.as_deref(),
    ) {
        Ok(p) => p.generated,
        Err(e) => fail(&format!("{}: {e}", spec_path.display())),
    };
    // Helpers that need operations an older release lacks are compiled only when it has them.
    for cfg in ["twilio_flex_configuration", "twilio_flex_plugins"] {
        println!("cargo:rustc-check-cfg=cfg({cfg})");
    }
    for cfg in &generated.cfgs {
        println!("cargo:rustc-cfg={cfg}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("flex_v1.rs");
    if let Err(e) = std::fs::write(&out, generated.code) {
        fail(&format!("cannot write {}: {e}", out.display()));
    }
}

/// A build error that names the spec, instead of a panic backtrace.
fn fail(message: &str) -> ! {
    println!("cargo:warning=twilio-flex code generation failed: {message}");
    eprintln!("error: twilio-flex code generation failed: {message}");
    std::process::exit(1);
}
