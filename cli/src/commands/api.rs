//! `twilio-flex api <operation> [--flag value]…`: every Flex operation, one subcommand each,
//! built at run time from the library's operation catalogue (`twilio_flex::operations`) with
//! clap's builder API, so a new Twilio release brings its commands with no edit here.
//!
//! Each operation's flags are its typed setters' names in kebab case; values are checked by
//! the library's own rules (SID prefixes, enum values, required values, ranges) before
//! anything is sent, and a refused value names its flag (exit 2). A list streams its items
//! across pages, one JSON document per line (NDJSON), with `--limit` and `--page-size`; any
//! other operation prints Twilio's answer as JSON (indented, or one line with `--json`).

use super::Ctx;
use crate::exit::{self, Failure};
use clap::{Arg, ArgAction, ArgMatches, Command};
use futures::StreamExt as _;
use twilio_flex::operations::{ALL, Location, OperationInfo, ParamInfo, ValueRule};

/// The chosen operation and its flags' values, as given.
#[derive(Debug)]
pub struct Args {
    op: &'static OperationInfo,
    /// Each given parameter with its values, in the catalogue's order.
    values: Vec<(&'static ParamInfo, Vec<String>)>,
    limit: Option<usize>,
}

/// `--limit`: a list's own flag.
const LIMIT: &str = "limit";

/// Which operations get a subcommand in this process: all unless [`select`] chose.
static SELECTED: std::sync::OnceLock<Option<Vec<&'static OperationInfo>>> =
    std::sync::OnceLock::new();

/// Builds only the subcommands `args` (the process's arguments) can use: none when they don't
/// name `api`, the operations they name when they do, all when they name none (`api
/// --help`, a misspelt operation, for clap's suggestions) or walk the whole tree
/// (`completions`, `help`). The 73 subcommands are most of the start-up's work otherwise.
pub fn select(args: &[String]) {
    let has = |word: &str| args.iter().any(|a| a == word);
    let selected = if has("completions") || has("help") {
        None
    } else if !has("api") {
        Some(Vec::new())
    } else {
        let named: Vec<&'static OperationInfo> = ALL
            .iter()
            .filter(|op| args.iter().any(|a| a == op.command))
            .collect();
        (!named.is_empty()).then_some(named)
    };
    let _ = SELECTED.set(selected);
}

impl clap::FromArgMatches for Args {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let (name, sub) = matches.subcommand().ok_or_else(|| {
            clap::Error::raw(
                clap::error::ErrorKind::MissingSubcommand,
                "an operation is required",
            )
        })?;
        let op = ALL.iter().find(|op| op.command == name).ok_or_else(|| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidSubcommand,
                format!("no operation {name:?}"),
            )
        })?;
        let reserved = reserved();
        let values = op
            .params
            .iter()
            .filter_map(|p| {
                let given: Vec<String> = sub
                    .get_many::<String>(&flag_of(p, &reserved))?
                    .cloned()
                    .collect();
                Some((p, given))
            })
            .collect();
        let limit = if op.is_list() {
            sub.get_one::<usize>(LIMIT).copied()
        } else {
            None
        };
        Ok(Args { op, values, limit })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Args for Args {
    fn augment_args(cmd: Command) -> Command {
        let reserved = reserved();
        cmd.subcommand_required(true)
            .arg_required_else_help(true)
            .subcommand_value_name("OPERATION")
            .subcommand_help_heading("Operations")
            .after_help(
                "Each operation's flags: twilio-flex api OPERATION --help. \
                 Example: twilio-flex api list-flex-flow --limit 5",
            )
            .subcommands(
                ALL.iter()
                    .filter(|op| match SELECTED.get() {
                        Some(Some(only)) => only.iter().any(|o| std::ptr::eq(*o, *op)),
                        _ => true,
                    })
                    .map(|op| operation_command(op, &reserved)),
            )
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

/// The long flags every command already has (the global ones, `--help`, `--version`) and a
/// list's `--limit`: a parameter whose flag is one of them is `--{location}-{flag}` instead.
fn reserved() -> Vec<String> {
    let globals = <crate::cli::Global as clap::Args>::augment_args(Command::new("globals"));
    let mut names: Vec<String> = globals
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_string))
        .collect();
    names.extend(["help", "version", LIMIT].map(String::from));
    names
}

/// A parameter's flag on the command line (without `--`).
fn flag_of(p: &ParamInfo, reserved: &[String]) -> String {
    if reserved.iter().any(|r| r == p.flag) {
        let location = match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => "body",
        };
        format!("{location}-{}", p.flag)
    } else {
        p.flag.to_string()
    }
}

/// One operation's subcommand: its about text from the spec, one flag per parameter and body
/// field, and `--limit` for a list.
fn operation_command(op: &'static OperationInfo, reserved: &[String]) -> Command {
    let route = format!("{} {}", op.method, op.path);
    let what = if op.is_list() {
        format!("{route} (list: one JSON document per item)")
    } else {
        route.clone()
    };
    let about = if op.description.is_empty() {
        what.clone()
    } else {
        format!("{}: {what}", first_sentence(op.description))
    };
    let long_about = if op.description.is_empty() {
        format!("{what}\n\nTwilio's operation {}.", op.id)
    } else {
        format!(
            "{}\n\n{what}. Twilio's operation {}.",
            op.description, op.id
        )
    };
    let mut cmd = Command::new(op.command).about(about).long_about(long_about);
    for p in op.params {
        cmd = cmd.arg(param_arg(p, flag_of(p, reserved)));
    }
    if op.is_list() {
        cmd = cmd.arg(
            Arg::new(LIMIT)
                .long(LIMIT)
                .value_name("N")
                .value_parser(clap::value_parser!(usize))
                .help_heading("Operation flags")
                .help("Stop after N items (pages are asked no bigger than needed)"),
        );
    }
    cmd
}

/// A parameter's flag: its help from the spec's description, what its value must be, and
/// whether it is required. Values are taken as text and checked by the library.
fn param_arg(p: &'static ParamInfo, flag: String) -> Arg {
    let mut rules = Vec::new();
    if p.required {
        rules.push("required".to_string());
    }
    rules.extend(rule_text(&p.rule));
    let mut help = p.description.trim().to_string();
    if !rules.is_empty() {
        if !help.is_empty() {
            help.push(' ');
        }
        help.push_str(&format!("[{}]", rules.join("; ")));
    }
    let many = matches!(p.rule, ValueRule::List(_));
    Arg::new(flag.clone())
        .long(flag)
        .value_name(value_name(&p.rule))
        .num_args(1)
        .help_heading("Operation flags")
        .action(if many {
            ArgAction::Append
        } else {
            ArgAction::Set
        })
        .help(help)
}

fn value_name(rule: &ValueRule) -> String {
    match rule {
        ValueRule::Str(s) if s.sid.is_some() => "SID".into(),
        ValueRule::Str(s) if s.values.is_some() => "VALUE".into(),
        ValueRule::Str(s) if s.uri => "URL".into(),
        ValueRule::Str(s) if s.date_time => "TIME".into(),
        ValueRule::Str(_) => "TEXT".into(),
        ValueRule::Int { .. } => "N".into(),
        ValueRule::Num { .. } => "NUMBER".into(),
        ValueRule::Bool => "BOOL".into(),
        ValueRule::List(item) => value_name(item),
        ValueRule::Object | ValueRule::Any => "JSON".into(),
    }
}

/// What a value must be, for the help: the checks the library makes.
fn rule_text(rule: &ValueRule) -> Vec<String> {
    let mut out = Vec::new();
    match rule {
        ValueRule::Str(s) => {
            if let Some(sid) = s.sid {
                out.push(format!("a {} SID, {}…", sid.label, sid.prefix));
            }
            if let Some(e) = s.values {
                out.push(format!("one of: {}", e.values.join(", ")));
            }
            match (s.min_len, s.max_len) {
                _ if s.sid.is_some() => {}
                (Some(lo), Some(hi)) => out.push(format!("{lo} to {hi} characters")),
                (Some(lo), None) => out.push(format!("at least {lo} characters")),
                (None, Some(hi)) => out.push(format!("at most {hi} characters")),
                (None, None) => {}
            }
            if let Some(p) = s.pattern {
                out.push(format!("matching {p}"));
            }
            if s.uri {
                out.push("an absolute URL".into());
            }
            if s.date_time {
                out.push("RFC 3339, e.g. 2024-01-31T09:30:00Z".into());
            }
        }
        ValueRule::Int { min, max } => match (min, max) {
            (Some(lo), Some(hi)) => out.push(format!("{lo} to {hi}")),
            (Some(lo), None) => out.push(format!("at least {lo}")),
            (None, Some(hi)) => out.push(format!("at most {hi}")),
            (None, None) => {}
        },
        ValueRule::Num { min, max } => match (min, max) {
            (Some(lo), Some(hi)) => out.push(format!("{lo} to {hi}")),
            (Some(lo), None) => out.push(format!("at least {lo}")),
            (None, Some(hi)) => out.push(format!("at most {hi}")),
            (None, None) => {}
        },
        ValueRule::Bool => out.push("true or false".into()),
        ValueRule::List(item) => {
            out.push("repeat the flag for each item".into());
            out.extend(rule_text(item));
        }
        ValueRule::Object => out.push("a JSON object".into()),
        ValueRule::Any => out.push("JSON, or text".into()),
    }
    out
}

/// The first sentence of a description (the subcommand list shows one line each).
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}

pub async fn run(args: Args, ctx: &Ctx) -> Result<i32, Failure> {
    let client = ctx.client()?;
    let op = args.op;
    let reserved = reserved();
    // Every value is checked before anything is sent; a refusal names the flag.
    let refused = |e: twilio_flex::Error| flag_failure(op, &e, &reserved);
    let mut call = client.operation(op.command).map_err(&refused)?;
    for (param, values) in &args.values {
        for value in values {
            call = call.arg(param.flag, value).map_err(&refused)?;
        }
    }
    if op.is_list() {
        let items = call.stream().map_err(&refused)?;
        let mut items = match args.limit {
            Some(n) => items.limit(n),
            None => items,
        };
        ctx.progress.start(&format!("listing {}", op.command));
        while let Some(item) = items.next().await {
            let item = item.map_err(&refused)?;
            ctx.out.json(&item)?;
        }
        ctx.progress.finish();
    } else {
        call.check().map_err(&refused)?;
        ctx.progress.start(op.command);
        let answer = call.send().await.map_err(&refused)?;
        ctx.progress.finish();
        if ctx.out.json {
            ctx.out.json(&answer)?;
        } else {
            ctx.out.pretty(&answer)?;
        }
    }
    Ok(exit::OK)
}

/// A library error, a refused value named by its `--flag`.
fn flag_failure(op: &OperationInfo, error: &twilio_flex::Error, reserved: &[String]) -> Failure {
    let mut failure = Failure::library(error);
    if let twilio_flex::Error::InvalidRequest { field, message, .. } = error
        && let Some(p) = op.params.iter().find(|p| p.flag == field)
    {
        let flag = format!("--{}", flag_of(p, reserved));
        failure.message = format!("{}: {flag}: {message}", op.command);
        failure.json["error"]["message"] = failure.message.clone().into();
        failure.json["error"]["flag"] = flag.into();
    }
    failure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_a_command_whose_flags_clap_accepts() {
        // clap's own consistency checks (unique flags with the global ones, …), on every
        // operation.
        <crate::cli::Cli as clap::CommandFactory>::command().debug_assert();
        let cmd = <Args as clap::Args>::augment_args(Command::new("api"));
        assert_eq!(cmd.get_subcommands().count(), ALL.len());
        let create = cmd
            .find_subcommand("create-flex-flow")
            .expect("create-flex-flow");
        let flags: Vec<&str> = create
            .get_arguments()
            .filter_map(|a| a.get_long())
            .collect();
        assert!(flags.contains(&"friendly-name"), "{flags:?}");
        assert!(flags.contains(&"integration-flow-sid"), "{flags:?}");
        let list = cmd.find_subcommand("list-flex-flow").unwrap();
        assert!(list.get_arguments().any(|a| a.get_long() == Some("limit")));
        assert!(
            list.get_arguments()
                .any(|a| a.get_long() == Some("page-size"))
        );
    }
}
