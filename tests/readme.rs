//! README.md as a new user meets it (issue #23): on GitHub and crates.io, where rustdoc's
//! hidden lines are shown and relative links go nowhere. Its Rust blocks compile as doctests
//! (`ReadmeExamples` in src/lib.rs); `scripts/check-readme-crate` builds the install snippet
//! and the examples in a crate of their own. These check what neither of those sees.

const README: &str = include_str!("../README.md");

/// The fenced blocks of README: (info string, body).
fn blocks() -> Vec<(&'static str, String)> {
    blocks_of(README)
}

/// The fenced blocks of a part of README: (info string, body).
fn blocks_of(text: &'static str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut open: Option<(&str, String)> = None;
    for line in text.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info, String::new())),
            (Some(_), Some("")) => out.extend(open.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "an unclosed fence in README.md");
    out
}

fn rust_blocks() -> Vec<String> {
    blocks()
        .into_iter()
        .filter(|(info, _)| info.split(',').next() == Some("rust"))
        .map(|(_, body)| body)
        .collect()
}

/// Point 6: pasted, a `# ` line (hidden by rustdoc, shown everywhere else) is a syntax
/// error; every block is a program (`fn main`) or a test file (`#[tokio::test]`) as written.
#[test]
fn every_rust_block_is_complete_as_shown() {
    let blocks = rust_blocks();
    assert!(blocks.len() >= 6, "{} Rust blocks", blocks.len());
    for body in &blocks {
        for line in body.lines() {
            let t = line.trim_start();
            assert!(
                !(t == "#" || t.starts_with("# ")),
                "a hidden line in README.md: {line:?}\n{body}"
            );
        }
        assert!(
            body.contains("fn main(") || body.contains("#[tokio::test]"),
            "neither a program nor a test file:\n{body}"
        );
    }
    // The first one is what the install snippet builds: a program with a test on the mock.
    let first = &blocks[0];
    assert!(
        first.contains("#[tokio::main]") && first.contains("#[cfg(test)]"),
        "{first}"
    );
    assert!(first.contains("MockServer::start()"), "{first}");
}

/// Point 6: a placeholder SID that fails the crate's own validation (`ACxxxx…`) fails the
/// example at run time; every SID-shaped literal is a prefix and 32 hex digits.
#[test]
fn sid_placeholders_pass_validation() {
    let mut seen = 0;
    for body in rust_blocks() {
        for literal in body.split('"').skip(1).step_by(2) {
            let Some(rest) = literal
                .get(2..)
                .filter(|_| literal.chars().take(2).all(|c| c.is_ascii_uppercase()))
            else {
                continue;
            };
            if rest.len() >= 16 && rest.chars().all(|c| c.is_ascii_alphanumeric()) {
                seen += 1;
                assert!(
                    rest.len() == 32 && rest.chars().all(|c| c.is_ascii_hexdigit()),
                    "{literal} is not a valid SID"
                );
            }
        }
    }
    assert!(seen >= 3, "{seen} SIDs");
}

/// Point 5: the install snippet has what the examples use: tokio with the runtime and macros,
/// futures for `TryStreamExt`, and `mock` for tests only.
#[test]
fn the_install_snippet_has_what_the_examples_need() {
    let (_, snippet) = blocks()
        .into_iter()
        .find(|(info, _)| *info == "toml")
        .expect("a toml block");
    let section = |name: &str| -> Vec<String> {
        snippet
            .split(&format!("[{name}]\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("no [{name}] in\n{snippet}"))
            .lines()
            .take_while(|l| !l.starts_with('['))
            .map(str::to_string)
            .collect()
    };
    let dependency = |table: &[String], name: &str| -> String {
        table
            .iter()
            .find(|l| l.starts_with(&format!("{name} =")))
            .unwrap_or_else(|| panic!("no {name} in {table:?}"))
            .clone()
    };
    let deps = section("dependencies");
    let dev = section("dev-dependencies");
    assert!(!dependency(&deps, "twilio-flex").contains("mock"));
    let tokio = dependency(&deps, "tokio");
    assert!(
        tokio.contains("\"macros\"") && tokio.contains("\"rt-multi-thread\""),
        "{tokio}"
    );
    dependency(&deps, "futures");
    assert!(dependency(&dev, "twilio-flex").contains("features = [\"mock\"]"));
    // The version this crate is: a snippet for another would resolve to another release.
    let major_minor = env!("CARGO_PKG_VERSION")
        .rsplit_once('.')
        .map(|(mm, _)| mm)
        .unwrap();
    assert!(
        dependency(&deps, "twilio-flex").contains(&format!("\"{major_minor}\"")),
        "{deps:?}"
    );
    // And it says which axum the webhook layer takes.
    assert!(README.contains("axum = \"0.8\""));
}

/// Point 8: on crates.io a relative link (`runtime/src/error.rs`) goes nowhere; items link to
/// docs.rs, other files to the repository.
#[test]
fn links_are_absolute() {
    let mut rest = README;
    let mut links = 0;
    while let Some(at) = rest.find("](") {
        let target = &rest[at + 2..];
        let target = &target[..target.find(')').unwrap_or(target.len())];
        assert!(
            target.starts_with("https://"),
            "a relative link in README.md: {target}"
        );
        assert!(
            !(target.contains("/blob/") && target.ends_with(".rs") && target.contains("/src/")),
            "a link to library source; link its docs.rs item: {target}"
        );
        links += 1;
        rest = &rest[at + 2..];
    }
    assert!(links > 10, "{links} links");
}

/// Point 7: examples are copied into users' crates, where this crate's cfgs (set by its
/// build.rs from the spec) don't exist: there they warn and take the wrong branch.
#[test]
fn examples_use_no_internal_cfg() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains("twilio_flex_"),
                "{} uses an internal cfg",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 5);
    for body in rust_blocks() {
        assert!(!body.contains("twilio_flex_"), "{body}");
    }
}

/// The guide's rule: CI runs exactly the test command README's "Set up" gives a newcomer, so
/// the command a newcomer pastes is the one that is kept green.
#[test]
fn ci_runs_the_readme_test_command() {
    let set_up = README
        .split("## Set up")
        .nth(1)
        .and_then(|rest| blocks_of(rest).into_iter().next())
        .map(|(_, body)| body)
        .expect("a code block under \"## Set up\"");
    let commands: Vec<&str> = set_up
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        commands.len(),
        2,
        "Set up has exactly two commands: {commands:?}"
    );
    let test = commands
        .iter()
        .find(|c| c.starts_with("cargo test"))
        .expect("one of them runs the tests");
    let ci = include_str!("../.ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == *test),
        ".ci/run must run `{test}` as its own line"
    );
}
