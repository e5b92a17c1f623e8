//! The client from the global flags and the environment: flags override `TWILIO_*`.

use crate::cli::Global;
use crate::exit::Failure;

/// Which flag stands for each variable the library reads.
const FLAGS: &[(&str, &str)] = &[
    ("TWILIO_ACCOUNT_SID", "--account-sid"),
    ("TWILIO_AUTH_TOKEN", "--auth-token"),
    ("TWILIO_API_KEY", "--api-key"),
    ("TWILIO_API_SECRET", "--api-secret"),
    ("TWILIO_REGION", "--region"),
    ("TWILIO_EDGE", "--edge"),
];

/// Builds the client; what is missing or malformed is a usage failure naming the variable and
/// its flag. Nothing is sent.
pub fn build(global: &Global) -> Result<twilio_flex::Client, Failure> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let lookup = |name: &str| -> Option<String> {
        let flag = match name {
            "TWILIO_ACCOUNT_SID" => &global.account_sid,
            "TWILIO_AUTH_TOKEN" => &global.auth_token,
            "TWILIO_API_KEY" => &global.api_key,
            "TWILIO_API_SECRET" => &global.api_secret,
            "TWILIO_REGION" => &global.region,
            "TWILIO_EDGE" => &global.edge,
            _ => &None,
        };
        if flag.is_some() {
            return flag.clone();
        }
        match name {
            // An auth token given as a flag beats an API key from the environment (the
            // library prefers a key when both are set).
            "TWILIO_API_KEY" | "TWILIO_API_SECRET"
                if global.auth_token.is_some() && global.api_key.is_none() =>
            {
                None
            }
            // `--base-url` replaces the host the environment's region and edge would choose.
            "TWILIO_REGION" | "TWILIO_EDGE" if global.base_url.is_some() => None,
            _ => env(name),
        }
    };
    let mut builder = twilio_flex::Client::builder_from_env(lookup).map_err(|e| config(&e))?;
    if let Some(url) = &global.base_url {
        builder = builder.base_url(url);
    }
    builder
        .user_agent_extension(concat!("twilio-flex-cli/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| config(&e))
}

/// A configuration error, naming the flag beside the variable.
fn config(error: &twilio_flex::Error) -> Failure {
    let mut failure = Failure::library(error);
    if let twilio_flex::Error::Config { field, message } = error {
        let flag = FLAGS
            .iter()
            .find(|(var, _)| var == field)
            .map(|(_, flag)| *flag)
            .or(match field.as_str() {
                "base_url" => Some("--base-url"),
                "account_sid" => Some("--account-sid"),
                "auth_token" => Some("--auth-token"),
                "api_key" => Some("--api-key"),
                "api_key_secret" => Some("--api-secret"),
                "region" => Some("--region"),
                "edge" => Some("--edge"),
                _ => None,
            });
        let name = match flag {
            Some(flag) if field.starts_with("TWILIO_") => format!("{field} ({flag})"),
            Some(flag) => flag.to_string(),
            None => field.clone(),
        };
        failure.message = format!("credentials: {name}: {message}");
        if field.starts_with("TWILIO_") && message.starts_with("not set") {
            failure.message.push_str(
                "\n  set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and \
                 TWILIO_API_SECRET), or pass --account-sid with --auth-token (or --api-key \
                 with --api-secret)",
            );
        }
        failure.json["error"]["message"] = failure.message.clone().into();
    }
    failure
}
