//! Building records from the spec's example templates and overlaying
//! request fields onto them.

use serde_json::{Map, Value};

use crate::model::{Resource, Subst, Ty, target};
use crate::validate::Field;

/// What a new record starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Baseline {
    /// The spec's example (seeded and inserted records).
    Example,
    /// A record created by a request: the fields the create can set start from the schema's
    /// default or `null`, so the request's values are all it holds of them.
    Request,
}

/// Current time in Twilio's format (`2016-08-01T22:10:40Z`).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `/v1/A/{X}/B/{Y}` filled with `values` in order, also inside a segment
/// (`/Calls/{Sid}.json`).
pub(crate) fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut vals = values.iter();
    for seg in template.split('/').skip(1) {
        out.push('/');
        match seg
            .strip_prefix('{')
            .and_then(|r| r.find('}').map(|i| &r[i + 1..]))
        {
            Some(suffix) => {
                out.push_str(vals.next().copied().unwrap_or(""));
                out.push_str(suffix);
            }
            None => out.push_str(seg),
        }
    }
    out
}

fn rewrite(v: &mut Value, pairs: &[(&str, &str)], base: &str, host: &str) {
    match v {
        Value::String(s) => {
            if let Some((_, actual)) = pairs.iter().find(|(ex, _)| *ex == s.as_str()) {
                *s = (*actual).to_string();
            } else if let Some(rest) = s.strip_prefix(host).filter(|_| !host.is_empty()) {
                // Links point back at the mock, with the example SIDs swapped for ours.
                let mut u = format!("{base}{rest}");
                for (ex, actual) in pairs {
                    if u.contains(ex) {
                        u = u.replace(ex, actual);
                    }
                }
                *s = u;
            } else if s.starts_with('/') && pairs.iter().any(|(ex, _)| s.contains(ex)) {
                // A relative URI (the 2010 API's `uri`) names the record by its ids too.
                for (ex, actual) in pairs {
                    if s.contains(ex) {
                        *s = s.replace(ex, actual);
                    }
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite(x, pairs, base, host)),
        Value::Object(m) => m.values_mut().for_each(|x| rewrite(x, pairs, base, host)),
        _ => {}
    }
}

/// Where a record is rendered: the server's URL, the spec's example host (rewritten to it)
/// and the account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    pub base: &'a str,
    pub host: &'a str,
    pub account: &'a str,
}

/// A fresh record of `res` from its template: ids, parent SIDs, account,
/// timestamps and `url` filled in, example URLs pointed at `base`.
pub(crate) fn render(
    res: &Resource,
    place: Place<'_>,
    baseline: Baseline,
    id: Option<&str>,
    parents: &[String],
    now: &str,
) -> Map<String, Value> {
    let Place {
        base,
        host,
        account,
    } = place;
    let mut m = match baseline {
        Baseline::Example => res.template.clone(),
        Baseline::Request => res.blank.clone(),
    };
    let pairs: Vec<(&str, &str)> = res
        .subst
        .iter()
        .filter_map(|(ex, s)| {
            let actual = match s {
                Subst::Id => id?,
                Subst::Parent(i) => parents.get(*i)?.as_str(),
                Subst::Account => account,
            };
            Some((ex.as_str(), actual))
        })
        .collect();
    m.values_mut().for_each(|v| rewrite(v, &pairs, base, host));
    if let (Some(f), Some(id)) = (&res.id_field, id) {
        let v = match (&res.id_gen, id.parse::<i64>()) {
            (crate::model::IdGen::Int, Ok(n)) => Value::from(n),
            _ => Value::String(id.to_string()),
        };
        m.insert(f.clone(), v);
    }
    for (f, v) in res.parent_fields.iter().zip(parents) {
        if let Some(f) = f {
            m.insert(f.clone(), Value::String(v.clone()));
        }
    }
    if res.fields.contains_key("account_sid") {
        m.insert("account_sid".into(), Value::String(account.to_string()));
    }
    for f in ["date_created", "date_updated"] {
        if res.fields.contains_key(f) {
            m.insert(f.into(), Value::String(now.to_string()));
        }
    }
    if res.fields.contains_key("url") {
        let url = if res.singleton {
            let vals: Vec<&str> = parents.iter().map(String::as_str).collect();
            Some(format!("{base}{}", fill(&res.name, &vals)))
        } else {
            match (&res.instance_path, id) {
                (Some(p), Some(id)) => {
                    let mut vals: Vec<&str> = parents.iter().map(String::as_str).collect();
                    vals.push(id);
                    Some(format!("{base}{}", fill(p, &vals)))
                }
                _ => None,
            }
        };
        if let Some(u) = url {
            m.insert("url".into(), Value::String(u));
        }
    }
    m
}

/// Deep merge: objects merge key by key, anything else replaces.
pub(crate) fn merge(dst: &mut Value, src: Value) {
    match (dst, src) {
        (Value::Object(d), Value::Object(s)) => {
            for (k, v) in s {
                merge(d.entry(k).or_insert(Value::Null), v);
            }
        }
        (d, s) => *d = s,
    }
}

/// Overlays request fields onto a record: `FriendlyName` → `friendly_name`,
/// `Integration.FlowSid` → `integration.flow_sid`. Fields the response schema
/// doesn't have are not echoed (Twilio doesn't either).
pub(crate) fn overlay(res: &Resource, rec: &mut Map<String, Value>, fields: &[Field]) {
    for f in fields {
        let Some(parts) = target(&res.fields, &f.name) else {
            continue;
        };
        let Some((top, rest)) = parts.split_first() else {
            continue;
        };
        let Some(top_ty) = res.fields.get(top) else {
            continue;
        };
        let mut value = f.value.clone();
        // e.g. `Offset` is a number in requests but a string in responses.
        if rest.is_empty()
            && matches!(top_ty, Ty::Str(_))
            && matches!(value, Value::Number(_) | Value::Bool(_))
        {
            value = Value::String(f.raw.clone().unwrap_or_else(|| value.to_string()));
        }
        let mut slot = rec.entry(top.clone()).or_insert(Value::Null);
        for key in rest {
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            let Value::Object(m) = slot else { break };
            slot = m.entry(key.clone()).or_insert(Value::Null);
        }
        merge(slot, value);
    }
}

/// The record's `date_updated`, if the schema has one.
pub(crate) fn touch(res: &Resource, rec: &mut Map<String, Value>, now: &str) {
    if res.fields.contains_key("date_updated") {
        rec.insert("date_updated".into(), Value::String(now.to_string()));
    }
}
