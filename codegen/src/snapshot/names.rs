//! Published names: the type and SID type names a release of the crate published, each with
//! its shape, kept in the repository beside the spec (`api/flex_v1.names.json` for Flex) and
//! read back when generating from a later release.
//!
//! The rule: a published name stays valid as long as the thing it names exists on the wire.
//! When a later release no longer generates a published name, but generates exactly one item
//! with the same shape (a struct's field wire names and types, an enum's wire values, a SID
//! type's prefix), the item was renamed, not changed: the old name is kept as
//! `#[deprecated(note = "renamed to New by Twilio's release of DATE")] pub type Old = New;`,
//! so code naming it keeps compiling, with a warning that names the new name. A published
//! name with no same-shaped item is not kept: that removal is a real break. Several
//! same-shaped items (Twilio hoisting two same-valued inline enums) are told apart by where
//! the name was used: the one item used where it was (the same setter of the same operation,
//! the same field of the same struct) is the match; otherwise none is.

use super::model::{Api, Renamed, TypeDef};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The names a release published, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    /// What the file is, for a reader of the JSON (JSON has no comments).
    #[serde(default)]
    pub about: String,
    /// Every type and SID type name of the generated API, deprecated aliases included.
    pub names: BTreeMap<String, Published>,
}

/// One published name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// What the name stands for on the wire; for an alias, the shape of its target.
    pub shape: Shape,
    /// The release (date) whose generation first published it, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Set when the name is kept as a deprecated alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed: Option<Renamed>,
    /// Where the API names it ([`use_sites`]): what tells apart two same-shaped successors.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub used_by: BTreeSet<String>,
}

/// What identifies an item on the wire, whatever its Rust name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// A SID type: its prefix.
    Sid(String),
    /// An enum: its wire values.
    Enum(BTreeSet<String>),
    /// A struct with named fields: field wire name → Rust type.
    Struct(BTreeMap<String, String>),
    /// A tuple struct: its field types.
    Tuple(Vec<String>),
    /// A unit struct.
    Unit,
    /// A (non-deprecated) type alias: the aliased type.
    Alias(String),
}

impl Shape {
    /// The shape of a type definition; `None` for a deprecated alias (it has its target's).
    pub fn of(def: &TypeDef) -> Option<Shape> {
        Some(match def {
            TypeDef::Struct(s) => Shape::Struct(
                s.fields
                    .values()
                    .map(|f| (f.wire.clone(), f.ty.clone()))
                    .collect(),
            ),
            TypeDef::Enum(e) => Shape::Enum(
                e.variants
                    .iter()
                    .map(|(name, v)| v.wire.clone().unwrap_or_else(|| name.clone()))
                    .collect(),
            ),
            TypeDef::Tuple(t) => Shape::Tuple(t.clone()),
            TypeDef::Unit => Shape::Unit,
            TypeDef::Alias(a) => Shape::Alias(a.clone()),
            TypeDef::Renamed(_) => return None,
        })
    }

    /// The shape with the type names inside it (field types) mapped through `renames`, so a
    /// struct whose field's enum was renamed has the same shape as before.
    fn renamed(&self, renames: &BTreeMap<String, String>) -> Shape {
        let map = |ty: &String| map_idents(ty, renames);
        match self {
            Shape::Struct(fields) => {
                Shape::Struct(fields.iter().map(|(w, t)| (w.clone(), map(t))).collect())
            }
            Shape::Tuple(t) => Shape::Tuple(t.iter().map(map).collect()),
            Shape::Alias(a) => Shape::Alias(map(a)),
            other => other.clone(),
        }
    }
}

/// Replaces each identifier of a type string (`Option<Vec<Old>>`) found in `renames`.
pub fn map_idents(ty: &str, renames: &BTreeMap<String, String>) -> String {
    if renames.is_empty() {
        return ty.to_string();
    }
    let mut out = String::with_capacity(ty.len());
    let mut ident = String::new();
    let flush = |ident: &mut String, out: &mut String| {
        if !ident.is_empty() {
            out.push_str(renames.get(ident.as_str()).unwrap_or(ident));
            ident.clear();
        }
    };
    for c in ty.chars() {
        if c.is_alphanumeric() || c == '_' {
            ident.push(c);
        } else {
            flush(&mut ident, &mut out);
            out.push(c);
        }
    }
    flush(&mut ident, &mut out);
    out
}

/// Where each type name of `api` is used: `Operation.setter` (`UpdateInteractionChannel.status`)
/// for a setter's value type, `Struct.wire` (`UpdateInteractionChannelRequest.status`) for a
/// struct field's, the name appearing anywhere in the type (`Option<Vec<Name>>`).
pub fn use_sites(api: &Api) -> BTreeMap<String, BTreeSet<String>> {
    let mut sites: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut add = |ty: &str, site: String| {
        for ident in ty
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|i| !i.is_empty())
        {
            sites
                .entry(ident.to_string())
                .or_default()
                .insert(site.clone());
        }
    };
    for op in &api.operations {
        for (setter, s) in &op.setters {
            add(&s.ty, format!("{}.{setter}", op.operation_id));
        }
    }
    for (name, def) in &api.types {
        if let TypeDef::Struct(s) = def {
            for f in s.fields.values() {
                add(&f.ty, format!("{name}.{}", f.wire));
            }
        }
    }
    sites
}

/// The deprecation note of a name renamed to `to` by the release `release` (a date).
pub fn note(to: &str, release: Option<&str>) -> String {
    match release {
        Some(date) => format!("renamed to {to} by Twilio's release of {date}"),
        None => format!("renamed to {to} by a later Twilio release"),
    }
}

/// The release date in a Twilio release's file name (`twilio_flex_v1.2022-07-21.783430b.yaml`
/// → `2022-07-21`), or `date = "…"` of a provenance file's text (`spec/PROVENANCE.toml`).
pub fn release_date(file_name: &str, provenance: Option<&str>) -> Option<String> {
    let is_date = |d: &str| {
        d.len() == 10
            && d.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    if let Some(date) = file_name.split('.').find(|part| is_date(part)) {
        return Some(date.to_string());
    }
    provenance?.lines().find_map(|line| {
        let value = line.strip_prefix("date")?.trim_start().strip_prefix('=')?;
        let date = value.trim().trim_matches('"');
        is_date(date).then(|| date.to_string())
    })
}

/// The generated API's own names and shapes (SID types and types, aliases excluded).
fn generated_shapes(api: &Api) -> BTreeMap<&str, Shape> {
    let sids = api
        .sids
        .iter()
        .map(|(n, s)| (n.as_str(), Shape::Sid(s.prefix.clone())));
    let types = api
        .types
        .iter()
        .filter_map(|(n, def)| Some((n.as_str(), Shape::of(def)?)));
    sids.chain(types).collect()
}

/// The deprecated aliases generation from a release with API `api` adds for the names of
/// `published` it no longer generates: old name → its alias. `release` dates new renames.
pub fn renames(published: &Names, api: &Api, release: Option<&str>) -> BTreeMap<String, Renamed> {
    let generated = generated_shapes(api);
    let sites = use_sites(api);
    let missing: Vec<(&String, &Published)> = published
        .names
        .iter()
        .filter(|(n, _)| !generated.contains_key(n.as_str()))
        .collect();
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    // Each round can resolve names whose shape mentions a name the previous round resolved
    // (a struct whose field's enum was renamed too); at most one round per missing name.
    for _ in 0..=missing.len() {
        let mut progress = false;
        for (name, p) in &missing {
            if targets.contains_key(name.as_str()) {
                continue;
            }
            // A name already kept as an alias follows its target by name while that exists.
            if let Some(r) = &p.renamed {
                let to = targets.get(&r.to).unwrap_or(&r.to);
                if generated.contains_key(to.as_str()) {
                    let note = if *to == r.to {
                        r.note.clone()
                    } else {
                        note(to, release)
                    };
                    targets.insert(name.to_string(), to.clone());
                    notes.insert(name.to_string(), note);
                    progress = true;
                    continue;
                }
                if published.names.contains_key(&r.to) && !targets.contains_key(&r.to) {
                    // Its target may be resolved in a later round.
                    continue;
                }
            }
            let shape = p.shape.renamed(&targets);
            let same: Vec<&str> = generated
                .iter()
                .filter(|(_, s)| **s == shape)
                .map(|(n, _)| *n)
                .collect();
            let fresh: Vec<&str> = same
                .iter()
                .copied()
                .filter(|n| !published.names.contains_key(*n))
                .collect();
            // An enum whose values were kept and added to is the same enum: added variants
            // don't break (enums are `#[non_exhaustive]` with a catch-all), so the one enum
            // with a superset of the values is the match when none has exactly them.
            let wider: Vec<&str> = match (&shape, same.is_empty()) {
                (Shape::Enum(values), true) if !values.is_empty() => generated
                    .iter()
                    .filter(|(_, s)| matches!(s, Shape::Enum(v) if v.is_superset(values)))
                    .map(|(n, _)| *n)
                    .collect(),
                _ => Vec::new(),
            };
            let fresh_wider: Vec<&str> = wider
                .iter()
                .copied()
                .filter(|n| !published.names.contains_key(*n))
                .collect();
            // Of several, the one used where the old name was (the hoisted enum of the same
            // setter), if exactly one is.
            let used_alike = |candidates: &[&str]| -> Option<String> {
                let alike: Vec<&str> = candidates
                    .iter()
                    .copied()
                    .filter(|c| sites.get(*c).is_some_and(|s| !s.is_disjoint(&p.used_by)))
                    .collect();
                match alike.as_slice() {
                    [one] => Some(one.to_string()),
                    _ => None,
                }
            };
            let pick = match (
                same.as_slice(),
                fresh.as_slice(),
                wider.as_slice(),
                fresh_wider.as_slice(),
            ) {
                ([one], ..) | (_, [one], ..) | ([], [], [one], _) | ([], [], _, [one]) => {
                    one.to_string()
                }
                ([], [], wider, fresh_wider) => {
                    match used_alike(fresh_wider).or_else(|| used_alike(wider)) {
                        Some(one) => one,
                        None => continue,
                    }
                }
                (same, fresh, ..) => match used_alike(fresh).or_else(|| used_alike(same)) {
                    Some(one) => one,
                    None => continue,
                },
            };
            let pick = pick.as_str();
            targets.insert(name.to_string(), pick.to_string());
            notes.insert(name.to_string(), note(pick, release));
            progress = true;
        }
        if !progress {
            break;
        }
    }
    targets
        .into_iter()
        .map(|(name, to)| {
            let note = notes.remove(&name).unwrap_or_default();
            (name, Renamed { to, note })
        })
        .collect()
}

impl Names {
    /// What [`Names::about`] says in the files the tools write.
    pub const ABOUT: &'static str = "The type and SID type names the crate published, with their shapes: an input of code generation (build.rs), maintained by `cargo xtask update-spec`. A name the spec no longer generates is kept as a deprecated alias of the one same-shaped item it was renamed to.";

    /// The names `api` publishes: its types, SID types and deprecated aliases, with their
    /// shapes; `since` is kept from `previous`, else set to `release`.
    pub fn of(api: &Api, release: Option<&str>, previous: &Names) -> Names {
        let generated = generated_shapes(api);
        let sites = use_sites(api);
        let used_by = |name: &str| sites.get(name).cloned().unwrap_or_default();
        let since = |name: &str| {
            previous
                .names
                .get(name)
                .and_then(|p| p.since.clone())
                .or_else(|| release.map(str::to_string))
        };
        let mut names: BTreeMap<String, Published> = generated
            .iter()
            .map(|(name, shape)| {
                let published = Published {
                    shape: shape.clone(),
                    since: since(name),
                    renamed: None,
                    used_by: used_by(name),
                };
                (name.to_string(), published)
            })
            .collect();
        for (name, def) in &api.types {
            let TypeDef::Renamed(r) = def else { continue };
            // An alias has its target's shape: the next release matches the target's.
            let Some(shape) = generated.get(r.to.as_str()) else {
                continue;
            };
            names.insert(
                name.clone(),
                Published {
                    shape: shape.clone(),
                    since: since(name),
                    renamed: Some(r.clone()),
                    used_by: used_by(name),
                },
            );
        }
        Names {
            about: Self::ABOUT.to_string(),
            names,
        }
    }

    /// Reads a names file's JSON.
    pub fn from_json(text: &str) -> Result<Names, String> {
        serde_json::from_str(text).map_err(|e| format!("not a names file: {e}"))
    }

    /// The file's JSON: pretty, one name per block, sorted, with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The items of the deprecated aliases, for `mod types`.
pub fn alias_items(renames: &BTreeMap<String, Renamed>) -> Vec<syn::Item> {
    renames
        .iter()
        .filter_map(|(old, r)| {
            let old = syn::parse_str::<syn::Ident>(old).ok()?;
            let to = syn::parse_str::<syn::Type>(&r.to).ok()?;
            let doc = format!(
                " The name an earlier release of the crate published for [`{}`]: {}.",
                r.to, r.note
            );
            let note = &r.note;
            Some(syn::parse_quote! {
                #[doc = #doc]
                #[deprecated(note = #note)]
                pub type #old = #to;
            })
        })
        .collect()
}

/// The aliases for `mod types::builder`, whose `items` are given: one per rename whose new
/// type has a builder there (structs do), so `types::builder::Old` keeps naming it.
pub fn builder_alias_items(
    renames: &BTreeMap<String, Renamed>,
    items: &[syn::Item],
) -> Vec<syn::Item> {
    let builders: BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    let kept: BTreeMap<String, Renamed> = renames
        .iter()
        .filter(|(old, r)| builders.contains(&r.to) && !builders.contains(*old))
        .map(|(old, r)| (old.clone(), r.clone()))
        .collect();
    alias_items(&kept)
}

#[cfg(test)]
mod tests {
    use super::super::model::{Enum, Field, Operation, Setter, SetterKind, Sid, Struct, Variant};
    use super::*;

    fn an_enum(values: &[&str]) -> TypeDef {
        TypeDef::Enum(Enum {
            variants: values
                .iter()
                .map(|v| {
                    let variant = Variant {
                        fields: Vec::new(),
                        wire: Some(v.to_string()),
                    };
                    (heck::ToUpperCamelCase::to_upper_camel_case(*v), variant)
                })
                .collect(),
        })
    }

    fn a_struct(fields: &[(&str, &str)]) -> TypeDef {
        TypeDef::Struct(Struct {
            page_of: None,
            fields: fields
                .iter()
                .map(|(name, ty)| {
                    let field = Field {
                        ty: ty.to_string(),
                        wire: name.to_string(),
                    };
                    (name.to_string(), field)
                })
                .collect(),
            non_exhaustive: true,
        })
    }

    fn api(types: &[(&str, TypeDef)]) -> Api {
        Api {
            types: types
                .iter()
                .map(|(n, d)| (n.to_string(), d.clone()))
                .collect(),
            ..Api::default()
        }
    }

    fn published(api: &Api) -> Names {
        Names::of(api, Some("2021-02-01"), &Names::default())
    }

    #[test]
    fn a_same_shaped_type_under_a_new_name_keeps_the_old_name_as_an_alias() {
        let old = api(&[
            ("FlexFlowChannelType", an_enum(&["web", "sms"])),
            (
                "FlexFlow",
                a_struct(&[("channel_type", "Option<FlexFlowChannelType>")]),
            ),
            (
                "CreateFlexFlowBody",
                a_struct(&[("ChannelType", "FlexFlowChannelType")]),
            ),
        ]);
        // The enum and the body are renamed; the body's field type is the renamed enum.
        let new = api(&[
            ("ChannelType", an_enum(&["sms", "web"])),
            (
                "FlexFlow",
                a_struct(&[("channel_type", "Option<ChannelType>")]),
            ),
            (
                "CreateFlexFlowRequest",
                a_struct(&[("ChannelType", "ChannelType")]),
            ),
        ]);
        let renames = renames(&published(&old), &new, Some("2021-02-08"));
        let to: Vec<(&str, &str, &str)> = renames
            .iter()
            .map(|(o, r)| (o.as_str(), r.to.as_str(), r.note.as_str()))
            .collect();
        assert_eq!(
            to,
            [
                (
                    "CreateFlexFlowBody",
                    "CreateFlexFlowRequest",
                    "renamed to CreateFlexFlowRequest by Twilio's release of 2021-02-08"
                ),
                (
                    "FlexFlowChannelType",
                    "ChannelType",
                    "renamed to ChannelType by Twilio's release of 2021-02-08"
                ),
            ]
        );
    }

    #[test]
    fn a_different_shape_or_an_ambiguous_one_keeps_no_alias() {
        let old = api(&[
            ("Status", an_enum(&["ok", "failed"])),
            ("Mode", an_enum(&["fast", "slow"])),
        ]);
        let new = api(&[
            // A value removed: not the same thing on the wire.
            ("ConfigurationStatus", an_enum(&["ok"])),
            // Two candidates for `Mode`: neither is chosen.
            ("Kind", an_enum(&["fast", "slow", "other"])),
            ("ModeA", an_enum(&["fast", "slow"])),
            ("ModeB", an_enum(&["fast", "slow"])),
        ]);
        assert!(renames(&published(&old), &new, None).is_empty());
        // Values added (and none removed): the same enum, the one wider candidate.
        let wider = api(&[("ConfigurationStatus", an_enum(&["ok", "failed", "pending"]))]);
        let r = renames(&published(&old), &wider, None);
        assert_eq!(r["Status"].to, "ConfigurationStatus");
        assert!(!r.contains_key("Mode"));
    }

    #[test]
    fn same_shaped_candidates_are_told_apart_by_where_the_name_was_used() {
        // Twilio's 2022-07-21 release: two same-valued inline enums hoisted into shared ones.
        let old = api(&[
            ("UpdateChannelStatus", an_enum(&["closed", "wrapup"])),
            ("UpdateParticipantStatus", an_enum(&["closed", "wrapup"])),
            (
                "UpdateChannelRequest",
                a_struct(&[("status", "UpdateChannelStatus")]),
            ),
            (
                "UpdateParticipantRequest",
                a_struct(&[("status", "Option<UpdateParticipantStatus>")]),
            ),
        ]);
        let new = api(&[
            ("ChannelStatus", an_enum(&["closed", "wrapup"])),
            ("ParticipantStatus", an_enum(&["closed", "wrapup"])),
            (
                "UpdateChannelRequest",
                a_struct(&[("status", "ChannelStatus")]),
            ),
            (
                "UpdateParticipantRequest",
                a_struct(&[("status", "Option<ParticipantStatus>")]),
            ),
        ]);
        let names = published(&old);
        assert_eq!(
            names.names["UpdateChannelStatus"].used_by,
            BTreeSet::from(["UpdateChannelRequest.status".to_string()])
        );
        let r = renames(&names, &new, None);
        assert_eq!(r["UpdateChannelStatus"].to, "ChannelStatus");
        assert_eq!(r["UpdateParticipantStatus"].to, "ParticipantStatus");
        // Used nowhere alike: still two candidates, so no alias.
        let elsewhere = api(&[
            ("ChannelStatus", an_enum(&["closed", "wrapup"])),
            ("ParticipantStatus", an_enum(&["closed", "wrapup"])),
        ]);
        assert!(renames(&names, &elsewhere, None).is_empty());
    }

    #[test]
    fn setters_are_use_sites() {
        let mut api = api(&[]);
        let setter = Setter {
            kind: SetterKind::Body,
            ty: "Option<InteractionChannelStatus>".into(),
            wire: "Status".into(),
            required: true,
            range: None,
        };
        let op = Operation {
            operation_id: "UpdateInteractionChannel".into(),
            method: "POST".into(),
            path: "/v1/Interactions/{InteractionSid}/Channels/{Sid}".into(),
            client_method: Some("update_interaction_channel".into()),
            response: None,
            setters: BTreeMap::from([("status".to_string(), setter)]),
            body: None,
            list: None,
            fns: BTreeMap::new(),
            declared_body: None,
        };
        api.operations.push(op);
        assert_eq!(
            use_sites(&api)["InteractionChannelStatus"],
            BTreeSet::from(["UpdateInteractionChannel.status".to_string()])
        );
    }

    #[test]
    fn an_alias_follows_its_target_and_is_dropped_with_it() {
        let first = api(&[("FlexFlowChannelType", an_enum(&["web"]))]);
        let second = api(&[("ChannelType", an_enum(&["web"]))]);
        let names = published(&first);
        let r = renames(&names, &second, Some("2021-02-08"));
        let mut second_api = second.clone();
        for (name, alias) in &r {
            second_api
                .types
                .insert(name.clone(), TypeDef::Renamed(alias.clone()));
        }
        let names = Names::of(&second_api, Some("2021-02-08"), &names);
        assert_eq!(
            names.names["FlexFlowChannelType"].since.as_deref(),
            Some("2021-02-01")
        );
        assert_eq!(
            names.names["ChannelType"].since.as_deref(),
            Some("2021-02-08")
        );
        // Renamed back: the old name is the type again, and the other name is kept for it.
        let third = api(&[("FlexFlowChannelType", an_enum(&["web"]))]);
        let r = renames(&names, &third, Some("2021-02-22"));
        assert_eq!(r.keys().collect::<Vec<_>>(), ["ChannelType"]);
        assert_eq!(r["ChannelType"].to, "FlexFlowChannelType");
        // A value removed as well: a different thing on the wire, so no alias.
        let changed = api(&[("FlexFlowChannelType", an_enum(&["sms"]))]);
        assert!(renames(&names, &changed, None).is_empty());
    }

    #[test]
    fn sid_types_match_by_prefix_and_names_survive_json() {
        let mut old = Api::default();
        let sid = |prefix: &str| Sid {
            prefix: prefix.into(),
            label: "Team".into(),
        };
        old.sids.insert("ParentTeamSid".into(), sid("QO"));
        let mut new = Api::default();
        new.sids.insert("TeamSid".into(), sid("QO"));
        let names = published(&old);
        let r = renames(&names, &new, None);
        assert_eq!(r["ParentTeamSid"].to, "TeamSid");
        assert_eq!(
            r["ParentTeamSid"].note,
            "renamed to TeamSid by a later Twilio release"
        );
        assert_eq!(Names::from_json(&names.to_json()).unwrap(), names);
        assert!(Names::from_json("{").is_err());
    }

    #[test]
    fn release_dates_come_from_file_names_or_provenance() {
        let provenance = "file = \"flex_v1.yaml\"\ndate = \"2026-04-14\"\n";
        assert_eq!(
            release_date("twilio_flex_v1.2022-07-21.783430b.yaml", Some(provenance)).as_deref(),
            Some("2022-07-21")
        );
        assert_eq!(
            release_date("flex_v1.yaml", Some(provenance)).as_deref(),
            Some("2026-04-14")
        );
        assert_eq!(release_date("other.yaml", None), None);
    }

    #[test]
    fn identifiers_inside_types_are_renamed_whole() {
        let map = BTreeMap::from([("Status".to_string(), "ConfigurationStatus".to_string())]);
        assert_eq!(
            map_idents("Option<Vec<Status>>", &map),
            "Option<Vec<ConfigurationStatus>>"
        );
        assert_eq!(map_idents("StatusCode", &map), "StatusCode");
    }
}
