//! Results on stdout: human-readable lines, or JSON with `--json` (one document, or NDJSON for
//! lists). A closed pipe (`| head`) ends the output quietly.

use crate::exit::Failure;
use serde_json::Value;
use std::io::Write as _;

pub struct Output {
    /// `--json`.
    pub json: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        Output { json }
    }

    /// Writes `text` as is (it ends with a newline where it should).
    pub fn text(&self, text: &str) -> Result<(), Failure> {
        write_out(text.as_bytes())
    }

    /// One JSON document on one line.
    pub fn json(&self, value: &Value) -> Result<(), Failure> {
        let mut line = serde_json::to_vec(value).unwrap_or_default();
        line.push(b'\n');
        write_out(&line)
    }

    /// One JSON document, indented for reading.
    pub fn pretty(&self, value: &Value) -> Result<(), Failure> {
        let mut text = serde_json::to_vec_pretty(value).unwrap_or_default();
        text.push(b'\n');
        write_out(&text)
    }

    /// A failure: its message on stderr, and with `--json` its document on stdout.
    pub fn failure(&self, failure: &Failure) {
        let mut lines = failure.message.lines();
        let first = lines.next().unwrap_or_default();
        let mut text = format!("error: {first}\n");
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        let _ = std::io::stderr().write_all(text.as_bytes());
        if self.json {
            let _ = self.json(&failure.json);
        }
    }
}

fn write_out(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // The reader went away (`| head`): stop without an error message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(crate::exit::OK),
        Err(e) => Err(Failure::new(
            crate::exit::ERROR,
            "error",
            format!("could not write the output: {e}"),
        )),
    }
}
