//! Generates the Flex v1 client from the vendored spec at compile time.
//! `TWILIO_FLEX_SPEC` points it at another spec file (used to check older releases build).

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let spec_path = std::env::var_os("TWILIO_FLEX_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("spec/flex_v1.yaml"));
    println!("cargo:rerun-if-env-changed=TWILIO_FLEX_SPEC");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!(
        "cargo:rerun-if-changed={}",
        manifest.join("codegen/src").display()
    );

    // For the User-Agent (`rust/{version}`), as Twilio's libraries report their runtime.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.split_whitespace().nth(1).map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=TWILIO_FLEX_RUSTC_VERSION={version}");

    let text = match std::fs::read_to_string(&spec_path) {
        Ok(t) => t,
        Err(e) => fail(&format!("cannot read {}: {e}", spec_path.display())),
    };
    let generated = match twilio_codegen::generate(&text) {
        Ok(g) => g,
        Err(e) => fail(&format!("{}: {e}", spec_path.display())),
    };
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
