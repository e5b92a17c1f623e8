//! The agreement check behind `scripts/check-webhook-oracle`: this crate's webhook signatures
//! and verdicts against Twilio's official libraries (npm `twilio`, PyPI `twilio`).
//!
//! ```text
//! webhook_oracle generate CASES.jsonl [--requests N] [--seed S]
//! webhook_oracle compare CASES.jsonl NODE.jsonl PYTHON.jsonl
//! ```
//!
//! `generate` writes deterministic pseudo-random webhook requests, one JSON object a line:
//! the request (auth token, URL, form parameters or JSON body), this crate's signature of it,
//! and a list of checks (the request as received plus the `X-Twilio-Signature` sent: correctly
//! signed, tampered, signed over another form of the URL, malformed) each with this crate's
//! verdict. `scripts/webhook-oracle/node.js` and `python.py` answer each line with the
//! library's signature (`getExpectedTwilioSignature` / `RequestValidator.compute_signature`)
//! and verdicts (`validateRequest` / `validateRequestWithBody`, `RequestValidator.validate`);
//! `compare` requires the same signature and every verdict from both, and exits non-zero
//! otherwise.
//!
//! Requests of the `split` classes are built on inputs where twilio-node and twilio-python
//! disagree with each other (see `twilio_flex::webhook`): they are counted apart, and there
//! this crate must agree with the library it follows, on every signature and verdict.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;
use twilio_flex::webhook::{BODY_HASH_PARAM, Validator, body_sha256, compute_signature};

type Params = Vec<(String, String)>;

#[derive(Serialize, Deserialize)]
struct Case {
    id: usize,
    /// "form" or "json".
    kind: String,
    /// `None` for the main set; else the class where the libraries disagree.
    split: Option<String>,
    token: String,
    url: String,
    params: Params,
    body: Option<String>,
    ours_signature: String,
    checks: Vec<Check>,
}

#[derive(Serialize, Deserialize)]
struct Check {
    label: String,
    url: String,
    params: Params,
    body: Option<String>,
    signature: String,
    ours: bool,
}

#[derive(Deserialize)]
struct Answer {
    id: usize,
    signature: String,
    verdicts: Vec<bool>,
    #[serde(default)]
    errors: Vec<Option<String>>,
}

/// Split classes: name, the library this crate follows there, and why they differ.
const SPLITS: &[(&str, &str, &str)] = &[
    (
        "utf16-order",
        "python",
        "node sorts names/values by UTF-16 code unit, python by code point",
    ),
    (
        "node-normalised-url",
        "python",
        "node also accepts the URL as normalised by new URL() and legacy querystring",
    ),
    (
        "scheme-case",
        "python",
        "python lower-cases the scheme; node also accepts the URL as received",
    ),
    (
        "empty-query",
        "node",
        "python's geturl() drops an empty '?'; node keeps the URL as received",
    ),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") if args.len() >= 2 => generate(&args[1], &args[2..]),
        Some("compare") if args.len() == 4 => compare(&args[1], &args[2], &args[3]),
        _ => Err(
            "usage: webhook_oracle generate CASES.jsonl [--requests N] [--seed S] | \
                  compare CASES.jsonl NODE.jsonl PYTHON.jsonl"
                .into(),
        ),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("webhook_oracle: {e}");
            ExitCode::from(2)
        }
    }
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

// ---------------------------------------------------------------------------------- generate

fn generate(out: &str, opts: &[String]) -> Res<bool> {
    let mut requests = 1200usize;
    let mut seed = 20_261_130u64;
    let mut it = opts.iter();
    while let Some(opt) = it.next() {
        let value = it.next().ok_or("option needs a value")?;
        match opt.as_str() {
            "--requests" => requests = value.parse()?,
            "--seed" => seed = value.parse()?,
            _ => return Err(format!("unknown option {opt}").into()),
        }
    }
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(seed),
    };
    let mut file = BufWriter::new(std::fs::File::create(out)?);
    let mut id = 0;
    let mut write = |case: Case| -> Res<()> {
        serde_json::to_writer(&mut file, &case)?;
        Ok(file.write_all(b"\n")?)
    };
    for i in 0..requests {
        // A quarter JSON-bodied, the rest form-encoded (GETs included: no parameters).
        let case = if i % 4 == 3 {
            g.json_case(id)
        } else {
            g.form_case(id)
        };
        write(case)?;
        id += 1;
    }
    for n in 0..40 {
        write(g.utf16_case(id, n))?;
        id += 1;
        write(g.normalised_case(id, n))?;
        id += 1;
        write(g.scheme_case(id))?;
        id += 1;
        write(g.empty_query_case(id, n))?;
        id += 1;
    }
    file.flush()?;
    eprintln!(
        "webhook_oracle: wrote {id} requests ({requests} main, {} split) to {out}",
        id - requests
    );
    Ok(true)
}

struct Gen {
    rng: fastrand::Rng,
}

/// Characters for generated text. Nothing in U+E000..=U+FFFF: there the two libraries sort
/// differently from each other (that class is generated apart, as `utf16-order`).
const UNICODE: &[&str] = &[
    "é", "ñ", "ü", "ß", "Ω", "ж", "日本", "語", "한", "ع", "עִ", "e\u{301}", "😀", "👋🏽", "𝄞", "🇪🇸",
    "\u{a0}", "\u{200d}", "€", "±",
];
const NAMES: &[&str] = &[
    "EventType",
    "Body",
    "Author",
    "ConversationSid",
    "MessageSid",
    "ChannelSid",
    "Source",
    "Attributes",
    "DateCreated",
    "Index",
    "ParticipantSid",
    "AccountSid",
    "From",
    "To",
    "CallSid",
    "Digits",
    "TaskSid",
    "WorkflowSid",
    "FlowSid",
    "Media[0]",
    "Media.Url",
    "sid",
    "body",
    "a",
    "B",
];

impl Gen {
    fn chance(&mut self, percent: u8) -> bool {
        self.rng.u8(0..100) < percent
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.rng.usize(..list.len())]
    }

    fn token(&mut self) -> String {
        if self.chance(90) {
            (0..32)
                .map(|_| char::from(b"0123456789abcdef"[self.rng.usize(..16)]))
                .collect()
        } else {
            (0..self.rng.usize(1..40))
                .map(|_| char::from(self.rng.u8(0x21..0x7f)))
                .collect()
        }
    }

    /// A percent-escape, in upper or lower case hex.
    fn escape(&mut self) -> String {
        let byte = self.rng.u8(..);
        if self.chance(50) {
            format!("%{byte:02X}")
        } else {
            format!("%{byte:02x}")
        }
    }

    /// A path segment or query word; `unicode` allows raw non-ASCII characters.
    fn word(&mut self, unicode: bool, extra: &str) -> String {
        let mut s = String::new();
        for _ in 0..self.rng.usize(0..8) {
            match self.rng.u8(0..10) {
                0 => s.push_str(&self.escape()),
                1 if unicode => s.push_str(self.pick(UNICODE)),
                2 if !extra.is_empty() => {
                    let c = extra.as_bytes()[self.rng.usize(..extra.len())];
                    s.push(char::from(c));
                }
                _ => s.push(char::from(
                    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
                        [self.rng.usize(..66)],
                )),
            }
        }
        s
    }

    /// A URL: http or https; no port, the standard one, the other scheme's, or another; a
    /// path with escapes and (sometimes) raw unicode; sometimes a query with escapes, `+`,
    /// empty values and repeated names. Never: user info, IPv6, fragments, `;`, empty `?`.
    fn url(&mut self, unicode_ok: bool) -> String {
        let https = self.chance(70);
        let scheme = if https { "https" } else { "http" };
        let mut host: String = (0..self.rng.usize(1..4))
            .map(|_| {
                (0..self.rng.usize(1..10))
                    .map(|_| {
                        char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[self.rng.usize(..36)])
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(".");
        host.push_str(self.pick(&[".example.com", ".test", ".ngrok.io", ".com"]));
        if self.chance(10) {
            host = host.to_uppercase();
        }
        let port = match self.rng.u8(0..100) {
            0..50 => String::new(),
            50..70 => (if https { ":443" } else { ":80" }).to_string(),
            70..75 => (if https { ":80" } else { ":443" }).to_string(),
            _ => format!(
                ":{}",
                self.pick(&["8080", "8443", "3000", "1234", "65535", "4433"])
            ),
        };
        let unicode = unicode_ok && self.chance(15);
        let mut path = String::new();
        if !self.chance(5) {
            for _ in 0..self.rng.usize(0..5) {
                path.push('/');
                path.push_str(&self.word(unicode, "!$*()+,=:@"));
            }
            if path.is_empty() || self.chance(20) {
                path.push('/');
            }
        }
        let mut url = format!("{scheme}://{host}{port}{path}");
        if self.chance(60) {
            let mut query = Vec::new();
            for _ in 0..self.rng.usize(1..5) {
                let name = if self.chance(30) {
                    self.pick(NAMES).to_string()
                } else {
                    self.word(unicode, "+!$*(),:@/?")
                };
                match self.rng.u8(0..10) {
                    0 => query.push(name),
                    1 => query.push(format!("{name}=")),
                    _ => {
                        let value = self.word(unicode, "+!$*(),:@/?=");
                        query.push(format!("{name}={value}"));
                    }
                }
            }
            if self.chance(15) {
                let again = query[0].clone();
                query.push(again);
            }
            let query = query.join("&");
            if !query.is_empty() {
                url.push('?');
                url.push_str(&query);
            }
        }
        url
    }

    fn value(&mut self) -> String {
        let mut s = String::new();
        if self.chance(15) {
            return s;
        }
        for _ in 0..self.rng.usize(1..12) {
            match self.rng.u8(0..12) {
                0 | 1 => s.push_str(self.pick(UNICODE)),
                2 => s.push_str(self.pick(&[
                    " ", "&", "=", "+", "%", "%20", "#", "?", "/", "\n", "\r\n", "\t", "\"", "'",
                    "<",
                ])),
                3 => s.push_str(self.pick(&[
                    "+14158675310",
                    "CH0123456789abcdef0123456789abcdef",
                    "onMessageAdded",
                    "{\"k\":1}",
                    "true",
                ])),
                _ => s.push(char::from(self.rng.u8(0x20..0x7f))),
            }
        }
        s
    }

    fn params(&mut self) -> Params {
        if self.chance(8) {
            return Vec::new();
        }
        let mut params: Params = Vec::new();
        for _ in 0..self.rng.usize(1..12) {
            let name = match self.rng.u8(0..10) {
                0..6 => self.pick(NAMES).to_string(),
                6 if self.chance(10) => String::new(),
                _ => self.value().replace(['\n', '\r'], ""),
            };
            let value = self.value();
            params.push((name, value));
        }
        // Repeated names: more values for an existing name, some of them equal.
        if self.chance(30) {
            let (name, first) = params[self.rng.usize(..params.len())].clone();
            for _ in 0..self.rng.usize(1..4) {
                let value = if self.chance(30) {
                    first.clone()
                } else {
                    self.value()
                };
                params.push((name.clone(), value));
            }
        }
        self.rng.shuffle(&mut params);
        params
    }

    fn json_body(&mut self) -> String {
        let mut attributes = serde_json::Map::new();
        for _ in 0..self.rng.usize(0..4) {
            attributes.insert(self.value(), json!(self.value()));
        }
        let v = json!({
            "EventType": self.pick(&["onMessageAdded", "onConversationAdded", "onParticipantAdded", "task.created"]),
            "ConversationSid": "CH0123456789abcdef0123456789abcdef",
            "Body": self.value(),
            "Author": self.value(),
            "Index": self.rng.u32(..),
            "Attributes": Value::Object(attributes),
            "Media": if self.chance(30) { json!([{"Sid": "ME1", "ContentType": "image/png"}]) } else { Value::Null },
            "Flag": self.chance(50),
        });
        if self.chance(30) {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            v.to_string()
        }
    }

    /// The URL forms the official libraries try and this crate tries too (port dropped or the
    /// standard one added), and ones nobody accepts (a port invented or swapped).
    fn port_forms(url: &str) -> (String, Vec<String>) {
        let (scheme, rest) = url.split_once("://").unwrap();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        let standard = if scheme.eq_ignore_ascii_case("https") {
            "443"
        } else {
            "80"
        };
        let other_standard = if standard == "443" { "80" } else { "443" };
        let at = |p: Option<&str>| match p {
            Some(p) => format!("{scheme}://{host}:{p}{tail}"),
            None => format!("{scheme}://{host}{tail}"),
        };
        match port {
            Some(p) => {
                let mut never = vec![at(Some("9999"))];
                if p != standard {
                    never.push(at(Some(standard)));
                }
                (at(None), never)
            }
            None => (
                at(Some(standard)),
                vec![at(Some("8443")), at(Some(other_standard))],
            ),
        }
    }

    /// Signatures that are not canonical Base64 HMAC-SHA1, or not Base64 at all.
    fn malformed(&mut self, good: &str) -> String {
        match self.rng.u8(0..7) {
            0 => good.trim_end_matches('=').to_string(),
            1 => format!("{good} "),
            2 => good.to_lowercase(),
            3 => String::new(),
            4 => "garbage".to_string(),
            5 => format!("{good}{good}"),
            _ => {
                // One character changed.
                let mut chars: Vec<char> = good.chars().collect();
                let i = self.rng.usize(..chars.len().max(1) - 1);
                chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
                chars.into_iter().collect()
            }
        }
    }

    fn form_case(&mut self, id: usize) -> Case {
        let token = self.token();
        let url = self.url(true);
        let params = self.params();
        let sign = |url: &str, params: &Params| compute_signature(&token, url, params);
        let good = sign(&url, &params);
        let mut checks = vec![check("valid", &url, &params, None, &good)];
        let mut shuffled = params.clone();
        self.rng.shuffle(&mut shuffled);
        if let Some(p) = params.first() {
            shuffled.push(p.clone());
        }
        checks.push(check(
            "reordered, a pair repeated",
            &url,
            &shuffled,
            None,
            &good,
        ));
        if !params.is_empty() {
            let mut changed = params.clone();
            let i = self.rng.usize(..changed.len());
            changed[i].1.push('x');
            checks.push(check("value changed", &url, &changed, None, &good));
            let mut fewer = params.clone();
            fewer.remove(self.rng.usize(..fewer.len()));
            checks.push(check("pair removed", &url, &fewer, None, &good));
        }
        let mut more = params.clone();
        more.push(("Extra".into(), self.value()));
        checks.push(check("pair added", &url, &more, None, &good));
        checks.push(check(
            "url changed",
            &tamper_url(&url),
            &params,
            None,
            &good,
        ));
        checks.push(check(
            "wrong token",
            &url,
            &params,
            None,
            &compute_signature("wrong", &url, &params),
        ));
        let (accepted, never) = Self::port_forms(&url);
        checks.push(check(
            "signed with/without port",
            &url,
            &params,
            None,
            &sign(&accepted, &params),
        ));
        for other in never {
            checks.push(check(
                "signed with another port",
                &url,
                &params,
                None,
                &sign(&other, &params),
            ));
        }
        // The URL as received without its port, signed with it (the reverse direction).
        checks.push(check(
            "received with/without port",
            &accepted,
            &params,
            None,
            &good,
        ));
        let bad = self.malformed(&good);
        checks.push(check("malformed signature", &url, &params, None, &bad));
        if let Some(upper) = upper_scheme(&url) {
            checks.push(check("scheme upper-cased", &upper, &params, None, &good));
        }
        finish(id, "form", None, token, url, params, None, good, checks)
    }

    fn json_case(&mut self, id: usize) -> Case {
        let token = self.token();
        let body = self.json_body();
        let base = self.url(true);
        let with_hash = |hash: &str| {
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}{BODY_HASH_PARAM}={hash}")
        };
        let hash = body_sha256(body.as_bytes());
        let url = if self.chance(20) && base.contains('?') {
            // bodySHA256 first, the rest of the query after it.
            let (head, query) = base.split_once('?').unwrap();
            format!("{head}?{BODY_HASH_PARAM}={hash}&{query}")
        } else {
            with_hash(&hash)
        };
        let sign = |url: &str| compute_signature(&token, url, &[]);
        let good = sign(&url);
        let b = |s: &str| Some(s.to_string());
        let tampered = format!("{} ", body);
        let tampered_url = url.replace(&hash, &body_sha256(tampered.as_bytes()));
        let upper_url = url.replace(&hash, &hash.to_uppercase());
        let (accepted, never) = Self::port_forms(&url);
        let mut checks = vec![
            check("valid", &url, &[], b(&body), &good),
            check("body changed", &url, &[], b(&tampered), &good),
            check(
                "body and its hash changed",
                &tampered_url,
                &[],
                b(&tampered),
                &good,
            ),
            check(
                "body changed, re-signed",
                &tampered_url,
                &[],
                b(&tampered),
                &sign(&tampered_url),
            ),
            check(
                "wrong token",
                &url,
                &[],
                b(&body),
                &compute_signature("wrong", &url, &[]),
            ),
            check(
                "upper-case bodySHA256, signed",
                &upper_url,
                &[],
                b(&body),
                &sign(&upper_url),
            ),
            check("url changed", &tamper_url(&url), &[], b(&body), &good),
            check(
                "signed with/without port",
                &url,
                &[],
                b(&body),
                &sign(&accepted),
            ),
            check(
                "received with/without port",
                &accepted,
                &[],
                b(&body),
                &good,
            ),
            check("no bodySHA256, signed", &base, &[], b(&body), &sign(&base)),
        ];
        for other in never {
            checks.push(check(
                "signed with another port",
                &url,
                &[],
                b(&body),
                &sign(&other),
            ));
        }
        let bad = self.malformed(&good);
        checks.push(check("malformed signature", &url, &[], b(&body), &bad));
        finish(
            id,
            "json",
            None,
            token,
            url,
            Vec::new(),
            Some(body),
            good,
            checks,
        )
    }

    /// Names or repeated values whose order differs between UTF-16 code units (node) and code
    /// points (python, this crate): U+FF21.. against characters above U+FFFF.
    fn utf16_case(&mut self, id: usize, n: usize) -> Case {
        let token = self.token();
        let url = self.url(false);
        let bmp = self.pick(&["\u{ff21}", "\u{fb01}", "\u{e000}", "\u{fffd}"]);
        let astral = self.pick(&["😀", "𝄞", "🇪🇸"]);
        let mut params = self.params();
        if n.is_multiple_of(2) {
            params.push(("Media".into(), format!("{bmp}{}", self.value())));
            params.push(("Media".into(), format!("{astral}{}", self.value())));
        } else {
            params.push((format!("{bmp}k"), self.value()));
            params.push((format!("{astral}k"), self.value()));
        }
        let good = compute_signature(&token, &url, &params);
        let node_order = utf16_data(&url, &params);
        let node_sig = compute_signature(&token, &node_order, &[]);
        let checks = vec![
            check("signed in code-point order", &url, &params, None, &good),
            check("signed in UTF-16 order", &url, &params, None, &node_sig),
        ];
        finish(
            id,
            "form",
            Some("utf16-order"),
            token,
            url,
            params,
            None,
            good,
            checks,
        )
    }

    /// URLs that `new URL()` or Node's legacy querystring would rewrite, signed in the
    /// rewritten form.
    fn normalised_case(&mut self, id: usize, n: usize) -> Case {
        let token = self.token();
        let host = format!("Hooks{}.Example.com", self.rng.u8(..));
        let (url, rewritten) = match n % 3 {
            // `'` in a query is percent-encoded by new URL() for special schemes.
            0 => {
                let url = format!(
                    "https://hooks.example.com/flex?q=it's&n={}",
                    self.rng.u8(..)
                );
                let normal = url.replace('\'', "%27");
                (url, normal)
            }
            // Upper-case host: lower-cased by new URL().
            1 => {
                let url = format!("https://{host}/flex/{}", self.rng.u8(..));
                let normal = url.to_lowercase();
                (url, normal)
            }
            // Escaped unreserved characters: decoded by the legacy querystring round trip.
            _ => {
                let url = format!(
                    "https://hooks.example.com/flex?a=%7E{}&b=%41",
                    self.rng.u8(..)
                );
                let legacy = url.replace("%7E", "~").replace("%41", "A");
                (url, legacy)
            }
        };
        let params = self.params();
        let good = compute_signature(&token, &url, &params);
        let checks = vec![
            check("signed as received", &url, &params, None, &good),
            check(
                "signed in node's rewritten form",
                &url,
                &params,
                None,
                &compute_signature(&token, &rewritten, &params),
            ),
        ];
        finish(
            id,
            "form",
            Some("node-normalised-url"),
            token,
            url,
            params,
            None,
            good,
            checks,
        )
    }

    /// A URL received with an upper-case scheme, signed as received.
    fn scheme_case(&mut self, id: usize) -> Case {
        let token = self.token();
        let lower = format!(
            "https://hooks.example.com/flex/{}?x={}",
            self.rng.u8(..),
            self.rng.u8(..)
        );
        let url = lower.replacen("https", "HTTPS", 1);
        let params = self.params();
        let good = compute_signature(&token, &url, &params);
        let checks = vec![
            check(
                "signed as received (upper case)",
                &url,
                &params,
                None,
                &good,
            ),
            check(
                "signed lower-cased",
                &url,
                &params,
                None,
                &compute_signature(&token, &lower, &params),
            ),
        ];
        finish(
            id,
            "form",
            Some("scheme-case"),
            token,
            url,
            params,
            None,
            good,
            checks,
        )
    }

    /// A URL ending in an empty `?`.
    fn empty_query_case(&mut self, id: usize, n: usize) -> Case {
        let token = self.token();
        let bare = format!("https://hooks.example.com/flex/{n}");
        let url = format!("{bare}?");
        let params = self.params();
        let good = compute_signature(&token, &url, &params);
        let checks = vec![
            check("signed as received (with '?')", &url, &params, None, &good),
            check(
                "signed without the '?'",
                &url,
                &params,
                None,
                &compute_signature(&token, &bare, &params),
            ),
        ];
        finish(
            id,
            "form",
            Some("empty-query"),
            token,
            url,
            params,
            None,
            good,
            checks,
        )
    }
}

fn check(
    label: &str,
    url: &str,
    params: &[(String, String)],
    body: Option<String>,
    signature: &str,
) -> Check {
    Check {
        label: label.into(),
        url: url.into(),
        params: params.to_vec(),
        body,
        signature: signature.into(),
        ours: false,
    }
}

/// Fills in this crate's verdicts.
#[allow(clippy::too_many_arguments)]
fn finish(
    id: usize,
    kind: &str,
    split: Option<&str>,
    token: String,
    url: String,
    params: Params,
    body: Option<String>,
    ours_signature: String,
    mut checks: Vec<Check>,
) -> Case {
    let validator = Validator::new(token.clone());
    for c in &mut checks {
        c.ours = match &c.body {
            Some(body) => validator
                .check_json(&c.url, body.as_bytes(), &c.signature)
                .is_ok(),
            None => validator
                .check_form(&c.url, &c.params, &c.signature)
                .is_ok(),
        };
    }
    Case {
        id,
        kind: kind.into(),
        split: split.map(str::to_string),
        token,
        url,
        params,
        body,
        ours_signature,
        checks,
    }
}

/// The URL with a character added to its path (before any query), or a path added.
fn tamper_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if !tail.starts_with('/') {
        return format!("{scheme}://{authority}/x{tail}");
    }
    match tail.find('?') {
        Some(q) => format!("{scheme}://{authority}{}x{}", &tail[..q], &tail[q..]),
        None => format!("{url}x"),
    }
}

/// The URL with its scheme upper-cased, if `new URL()` would change nothing else in it (so
/// that both libraries and this crate check the same lower-cased URL).
fn upper_scheme(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    (parsed.as_str() == url).then(|| {
        let (scheme, rest) = url.split_once("://").unwrap();
        format!("{}://{rest}", scheme.to_uppercase())
    })
}

/// What twilio-node signs: names, and each name's distinct values, in UTF-16 order.
fn utf16_data(url: &str, params: &Params) -> String {
    let utf16 = |a: &&str, b: &&str| a.encode_utf16().cmp(b.encode_utf16());
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (k, v) in params {
        let values = by_name.entry(k).or_default();
        if !values.contains(&v.as_str()) {
            values.push(v);
        }
    }
    let mut names: Vec<&str> = by_name.keys().copied().collect();
    names.sort_by(utf16);
    let mut data = url.to_string();
    for name in names {
        let mut values = by_name[name].clone();
        values.sort_by(utf16);
        for value in values {
            data.push_str(name);
            data.push_str(value);
        }
    }
    data
}

// ----------------------------------------------------------------------------------- compare

#[derive(Default)]
struct Tally {
    requests: usize,
    signatures: usize,
    signatures_agree: usize,
    verdicts: usize,
    verdicts_agree: usize,
}

fn read_answers(path: &str) -> Res<BTreeMap<usize, Answer>> {
    let mut out = BTreeMap::new();
    for line in BufReader::new(std::fs::File::open(path)?).lines() {
        let answer: Answer = serde_json::from_str(&line?)?;
        out.insert(answer.id, answer);
    }
    Ok(out)
}

fn compare(cases: &str, node: &str, python: &str) -> Res<bool> {
    let libs = [
        ("twilio-node", read_answers(node)?),
        ("twilio-python", read_answers(python)?),
    ];
    let mut main: [Tally; 2] = Default::default();
    let mut splits: BTreeMap<String, [Tally; 2]> = BTreeMap::new();
    let mut problems: Vec<String> = Vec::new();
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    let mut main_requests = 0;
    for line in BufReader::new(std::fs::File::open(cases)?).lines() {
        let case: Case = serde_json::from_str(&line?)?;
        if case.split.is_none() {
            main_requests += 1;
            for c in &case.checks {
                *labels
                    .entry(if c.ours { "accepted" } else { "rejected" })
                    .or_default() += 1;
            }
        }
        let (tallies, followed) = match &case.split {
            None => (&mut main, None),
            Some(name) => {
                let followed = SPLITS
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map(|(_, lib, _)| format!("twilio-{lib}"))
                    .ok_or_else(|| format!("unknown split class {name}"))?;
                (splits.entry(name.clone()).or_default(), Some(followed))
            }
        };
        for (i, (lib, answers)) in libs.iter().enumerate() {
            let answer = answers
                .get(&case.id)
                .ok_or_else(|| format!("{lib} gave no answer for request {}", case.id))?;
            if answer.verdicts.len() != case.checks.len() {
                return Err(format!(
                    "{lib}: request {} has {} verdicts, expected {}",
                    case.id,
                    answer.verdicts.len(),
                    case.checks.len()
                )
                .into());
            }
            // In the main set every library must agree; in a split class, the followed one.
            let must_agree = followed.as_deref().is_none_or(|f| f == *lib);
            let t = &mut tallies[i];
            t.requests += 1;
            t.signatures += 1;
            if answer.signature == case.ours_signature {
                t.signatures_agree += 1;
            } else if must_agree {
                problems.push(format!(
                    "request {} ({}): {lib} signs {} but twilio-flex signs {} (url {:?}, params {:?})",
                    case.id, case.kind, answer.signature, case.ours_signature, case.url, case.params
                ));
            }
            for (j, c) in case.checks.iter().enumerate() {
                t.verdicts += 1;
                if answer.verdicts[j] == c.ours {
                    t.verdicts_agree += 1;
                } else if must_agree {
                    let error = answer.errors.get(j).cloned().flatten().unwrap_or_default();
                    problems.push(format!(
                        "request {} ({}) check {j} '{}': {lib} says {}, twilio-flex says {} (url {:?}){}",
                        case.id, case.kind, c.label, answer.verdicts[j], c.ours, c.url,
                        if error.is_empty() { String::new() } else { format!(" [{lib} raised: {error}]") }
                    ));
                }
            }
        }
    }
    let sum = |f: fn(&Tally) -> usize| main.iter().map(f).sum::<usize>();
    println!(
        "webhook oracle: {main_requests} requests × 2 libraries: signatures agree {}/{}, verdicts agree {}/{}",
        sum(|t| t.signatures_agree),
        sum(|t| t.signatures),
        sum(|t| t.verdicts_agree),
        sum(|t| t.verdicts),
    );
    println!(
        "  (of those checks, twilio-flex accepts {} and rejects {})",
        labels.get("accepted").unwrap_or(&0),
        labels.get("rejected").unwrap_or(&0)
    );
    println!(
        "where twilio-node and twilio-python disagree with each other (generated apart; twilio-flex must agree with the library it follows):"
    );
    for (name, lib, why) in SPLITS {
        let Some(t) = splits.get(*name) else { continue };
        let mut line = String::new();
        let _ = write!(
            line,
            "  {name}: {} requests; {why}; twilio-flex follows twilio-{lib}.",
            t[0].requests
        );
        for (i, (libname, _)) in libs.iter().enumerate() {
            let _ = write!(
                line,
                " {libname}: signatures {}/{}, verdicts {}/{};",
                t[i].signatures_agree, t[i].signatures, t[i].verdicts_agree, t[i].verdicts
            );
        }
        println!("{}", line.trim_end_matches(';'));
    }
    let mut ok = problems.is_empty();
    // A split class where the libraries turn out to agree would be miscounted: say so.
    for (name, _, _) in SPLITS {
        if let Some(t) = splits.get(*name)
            && t[0].signatures_agree == t[1].signatures_agree
            && t[0].verdicts_agree == t[1].verdicts_agree
        {
            println!(
                "webhook oracle: class {name} shows no difference between the libraries any more: move it into the main set"
            );
            ok = false;
        }
    }
    if !problems.is_empty() {
        println!(
            "webhook oracle: {} disagreements; the first ones:",
            problems.len()
        );
        for p in problems.iter().take(20) {
            println!("  {p}");
        }
    }
    Ok(ok)
}
