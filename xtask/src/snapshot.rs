//! `api-snapshot`: writes (or, with `--check`, verifies) `api/flex_v1.txt`, the listing of the
//! generated public API rendered by [`twilio_codegen::snapshot`], under the Flex product's
//! [`HEADER`].

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use twilio_codegen::snapshot::Names;

/// The vendored spec, relative to the repository root.
pub const SPEC: &str = "spec/flex_v1.yaml";
/// Where the spec came from, relative to the repository root.
pub const PROVENANCE: &str = "spec/PROVENANCE.toml";
/// The API snapshot, relative to the repository root.
pub const SNAPSHOT: &str = "api/flex_v1.txt";
/// The names the crate published (an input of `build.rs`), relative to the repository root.
pub const NAMES: &str = "api/flex_v1.names.json";
/// The one command that refreshes the snapshot.
pub const REFRESH: &str = "cargo xtask api-snapshot";
/// The snapshot's header: the product and the spec it is generated from.
pub const HEADER: twilio_codegen::snapshot::Header<'static> = twilio_codegen::snapshot::Header {
    product: "twilio-flex",
    spec: SPEC,
    refresh: REFRESH,
};

/// Exit status of `--check` when the snapshot is stale.
pub const EXIT_STALE: u8 = 1;
/// Exit status for usage errors and unreadable files.
pub const EXIT_ERROR: u8 = 2;

/// How many diff lines `--check` prints at most.
const DIFF_LINES: usize = 60;

/// Usage text for `api-snapshot`.
pub const USAGE: &str = "\
usage: cargo xtask api-snapshot [--check] [--root DIR]

Renders the generated public API of spec/flex_v1.yaml into api/flex_v1.txt, and the names it
publishes into api/flex_v1.names.json (generated after that file's names, as build.rs does).
With --check, writes nothing and fails if either is out of date.
--root points at another checkout (default: this workspace).

exit status: 0 written or up to date, 1 out of date (--check),
             2 usage error or a file that cannot be read or generated from";

/// Why an xtask command could not do its work. Each names the file concerned.
#[derive(Debug)]
pub enum Error {
    /// Bad command line.
    Usage(String),
    /// A file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The generator refused a spec.
    Generate {
        /// The spec file.
        path: PathBuf,
        /// The generator's error (it names the spec location).
        source: twilio_codegen::Error,
    },
    /// A file has content the command can't use.
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) => f.write_str(m),
            Error::Read { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            Error::Generate { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Invalid { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } | Error::Write { source, .. } => Some(source),
            Error::Generate { source, .. } => Some(source),
            Error::Usage(_) | Error::Invalid { .. } => None,
        }
    }
}

/// The workspace this xtask was built in: the default `--root`.
pub fn default_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Reads a file as text, naming it on failure.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| Error::Invalid {
        path: path.to_path_buf(),
        message: format!("not UTF-8 text ({e})"),
    })
}

/// Writes a file, creating its directory, naming it on failure.
pub fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), Error> {
    let write = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(write)?;
    }
    std::fs::write(path, contents).map_err(write)
}

/// The snapshot of a spec text; `path` names the spec in errors.
pub fn render(spec_text: &str, path: &Path) -> Result<String, Error> {
    twilio_codegen::snapshot::api_snapshot_with(
        spec_text,
        &crate::flex::flex_declarations(),
        &HEADER,
    )
    .map_err(|source| Error::Generate {
        path: path.to_path_buf(),
        source,
    })
}

/// The names file under `root`; none published when there is none.
pub fn read_names(root: &Path) -> Result<Names, Error> {
    let path = root.join(NAMES);
    if !path.exists() {
        return Ok(Names::default());
    }
    Names::from_json(&read_text(&path)?).map_err(|message| Error::Invalid { path, message })
}

/// The date of the vendored spec's release under `root`, from its provenance.
pub fn vendored_release(root: &Path) -> Option<String> {
    let provenance = std::fs::read_to_string(root.join(PROVENANCE)).ok()?;
    twilio_codegen::snapshot::names::release_date(SPEC, Some(&provenance))
}

/// What `build.rs` generates from `root`'s spec and names file: the snapshot text and the
/// names it publishes.
pub fn render_published(root: &Path) -> Result<(String, Names), Error> {
    let spec = root.join(SPEC);
    let text = read_text(&spec)?;
    let published = read_names(root)?;
    let release = vendored_release(root);
    let p = twilio_codegen::snapshot::generate_published(
        &text,
        &crate::flex::flex_declarations(),
        &published,
        release.as_deref(),
    )
    .map_err(|source| Error::Generate { path: spec, source })?;
    Ok((twilio_codegen::snapshot::render(&p.api, &HEADER), p.names))
}

/// What [`refresh`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The committed snapshot matches the spec.
    UpToDate,
    /// It did not; `diff` is a short diff from the committed one to the fresh one.
    Stale {
        /// `-`/`+` lines, capped.
        diff: String,
    },
}

/// Renders the snapshot of `root`'s spec (generated after its names file, as `build.rs` does)
/// and compares it and the names it publishes with `root`'s committed files, writing the fresh
/// ones unless `check_only`. A missing file counts as stale.
pub fn refresh(root: &Path, check_only: bool) -> Result<Status, Error> {
    let (fresh, names) = render_published(root)?;
    let mut diff = String::new();
    for (file, fresh) in [(SNAPSHOT, fresh), (NAMES, names.to_json())] {
        let path = root.join(file);
        let committed = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(Error::Read { path, source }),
        };
        if committed == fresh {
            continue;
        }
        if !check_only {
            write_file(&path, &fresh)?;
        }
        if file != SNAPSHOT {
            diff.push_str(&format!("{file}:\n"));
        }
        diff.push_str(&twilio_codegen::snapshot::short_diff(
            &committed, &fresh, DIFF_LINES,
        ));
    }
    if diff.is_empty() {
        Ok(Status::UpToDate)
    } else {
        Ok(Status::Stale { diff })
    }
}

/// Runs `api-snapshot` with the arguments after the subcommand name.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let (check, root) = match crate::parsed_or_exit("api-snapshot", USAGE, parse_args(args)) {
        Ok(parsed) => parsed,
        Err(code) => return code,
    };
    let root = root.unwrap_or_else(default_root);
    match refresh(&root, check) {
        Ok(Status::UpToDate) => {
            println!("{SNAPSHOT} is up to date");
            ExitCode::SUCCESS
        }
        Ok(Status::Stale { diff }) if check => {
            eprintln!(
                "{SNAPSHOT} is out of date with {SPEC}:\n\n{diff}\nrefresh it with: {REFRESH}"
            );
            ExitCode::from(EXIT_STALE)
        }
        Ok(Status::Stale { diff }) => {
            println!("wrote {}:\n\n{diff}", root.join(SNAPSHOT).display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("api-snapshot: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// `--check` and `--root`; `None` for `--help`.
fn parse_args(
    args: impl IntoIterator<Item = OsString>,
) -> Result<Option<(bool, Option<PathBuf>)>, lexopt::Error> {
    use lexopt::prelude::*;
    let (mut check, mut root) = (false, None);
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("check") => check = true,
            Long("root") => root = Some(PathBuf::from(parser.value()?)),
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(Some((check, root)))
}
