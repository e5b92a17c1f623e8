//! `spec_diff` on Twilio's real releases in `spec/history` (see its README.md): each pair
//! checked against what Twilio's changelog says changed, what the files were verified to
//! contain, and what the generator makes of them.

mod common;

use std::collections::BTreeSet;

use xtask::spec_diff::{
    ApiChange, ApiChangeKind, ApiSection, Change, ChangeKind, Report, Role, Section, Spec, Subject,
    diff, diff_specs,
};
use xtask::version::Verdict;

fn pair(old: &str, new: &str) -> Report {
    let (old, new) = (common::history(old), common::history(new));
    diff(&common::read(&old), &common::read(&new))
        .unwrap_or_else(|e| panic!("{} → {}: {e}", old.display(), new.display()))
}

fn type_name(change: &Change) -> Option<&str> {
    match &change.subject {
        Subject::Type { name } => Some(name),
        Subject::Operation { .. } => None,
    }
}

fn operation_id(change: &Change) -> Option<&str> {
    match &change.subject {
        Subject::Operation { id, .. } => Some(id),
        Subject::Type { .. } => None,
    }
}

fn member_name(change: &Change) -> Option<(Role, &str)> {
    change.member.as_ref().map(|m| (m.role, m.name.as_str()))
}

/// Spec-level: operations added (`Operations` section, `Added`) as (id, method, path).
fn added_operations(report: &Report) -> BTreeSet<(String, String, String)> {
    report
        .spec
        .iter()
        .filter(|c| {
            c.section == Section::Operations && c.kind == ChangeKind::Added { required: false }
        })
        .filter_map(|c| match &c.subject {
            Subject::Operation { id, method, path } => {
                Some((id.clone(), method.clone(), path.clone()))
            }
            Subject::Type { .. } => None,
        })
        .collect()
}

fn set(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

/// The Rust API changes as `(breaking, item, member, kind)` lines, for exact comparison.
fn api(report: &Report) -> Vec<String> {
    report
        .api
        .iter()
        .map(|c: &ApiChange| {
            let mark = if c.breaking { "BREAKING " } else { "" };
            format!("{mark}{}", c.describe())
        })
        .collect()
}

#[test]
fn release_2022_09_07_removes_interaction_close_status() {
    let report = pair("2022-08-24", "2022-09-07");

    // The verdict, from the generated API: `Close` disappears from two enums and the unused
    // `InteractionStatus` enum disappears entirely (breaking); Configuration gains two
    // `Option` fields (not breaking).
    assert_eq!(
        api(&report),
        [
            "`Configuration`: added `debugger_integration: Option<serde_json::Value>`",
            "`Configuration`: added `flex_ui_status_report: Option<serde_json::Value>`",
            "BREAKING `InteractionChannelParticipantStatus`: removed `Close = \"close\"`",
            "BREAKING `InteractionChannelStatus`: removed `Close = \"close\"`",
            "BREAKING removed `enum InteractionStatus`",
        ]
        .map(String::from),
        "{}",
        report.to_markdown()
    );
    assert!(report.api.iter().all(|c| c.section == ApiSection::Types));
    assert!(report.has_breaking());
    assert_eq!(report.breaking_count(), 3);

    // The spec-level context says the same in the spec's terms.
    let close_removed: BTreeSet<&str> = report
        .spec
        .iter()
        .filter(|c| c.kind == ChangeKind::EnumValueRemoved("close".into()))
        .filter_map(type_name)
        .collect();
    assert_eq!(
        close_removed,
        BTreeSet::from([
            "interaction_channel_enum_status",
            "interaction_channel_participant_enum_status"
        ])
    );
    let removed_type = report
        .spec
        .iter()
        .find(|c| type_name(c) == Some("interaction_enum_status"))
        .expect("interaction_enum_status removal reported");
    assert_eq!(removed_type.kind, ChangeKind::Removed);
    for field in ["debugger_integration", "flex_ui_status_report"] {
        let change = report
            .spec
            .iter()
            .find(|c| {
                type_name(c) == Some("flex.v1.configuration")
                    && member_name(c) == Some((Role::Field, field))
            })
            .unwrap_or_else(|| panic!("{field} not reported: {report:#?}"));
        assert_eq!(change.kind, ChangeKind::Added { required: false });
        assert_eq!(change.section, Section::Responses);
    }

    let md = report.to_markdown();
    assert!(md.contains("removed value `close`"), "{md}");
    assert!(
        md.contains("- **breaking** `InteractionChannelStatus`: removed `Close = \"close\"`"),
        "{md}"
    );
}

#[test]
fn release_2025_02_20_adds_digital_transfers() {
    let report = pair("2024-11-15", "2025-02-20");
    let transfers = "/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Transfers";
    let one = format!("{transfers}/{{Sid}}");
    assert_eq!(
        added_operations(&report),
        set(&[
            ("CreateInteractionTransfer", "POST", transfers),
            ("FetchInteractionTransfer", "GET", &one),
            ("UpdateInteractionTransfer", "POST", &one),
        ])
    );
    // In Rust: three methods, three SID types, the resource and its two enums; all new.
    let added: BTreeSet<(ApiSection, &str)> = report
        .api
        .iter()
        .filter(|c| c.member.is_none() && matches!(c.kind, ApiChangeKind::Added(_)))
        .map(|c| (c.section, c.item.as_str()))
        .collect();
    assert_eq!(
        added,
        BTreeSet::from([
            (ApiSection::Operations, "create_interaction_transfer"),
            (ApiSection::Operations, "fetch_interaction_transfer"),
            (ApiSection::Operations, "update_interaction_transfer"),
            (ApiSection::SidTypes, "ExecutionSid"),
            (ApiSection::SidTypes, "InteractionTransferSid"),
            (ApiSection::SidTypes, "NoteSid"),
            (ApiSection::Types, "InteractionTransfer"),
            (ApiSection::Types, "InteractionTransferTransferStatus"),
            (ApiSection::Types, "InteractionTransferTransferType"),
        ])
    );
    assert_eq!(report.api.len(), 9, "{}", api(&report).join("\n"));
    assert!(!report.has_breaking());

    // The release's other edit, `PageSize` gaining `format: int64`, is a spec change that
    // keeps the Rust type (`i64`): listed as context, absent from the API changes.
    let page_size: Vec<&Change> = report
        .spec
        .iter()
        .filter(|c| member_name(c) == Some((Role::QueryParameter, "PageSize")))
        .collect();
    assert_eq!(page_size.len(), 18, "{report:#?}");
    assert!(page_size.iter().all(|c| c.kind
        == ChangeKind::Retyped {
            from: "integer".into(),
            to: "integer (int64)".into()
        }));
    assert!(report.api.iter().all(|c| c.member.is_none()));
}

#[test]
fn release_2025_05_05_adds_update_interaction_and_webhook_ttid() {
    let report = pair("2025-03-20", "2025-05-05");
    assert!(!report.has_breaking(), "{}", report.to_markdown());
    assert_eq!(
        added_operations(&report),
        set(&[("UpdateInteraction", "POST", "/v1/Interactions/{Sid}")])
    );
    assert_eq!(
        api(&report),
        [
            "`create_interaction()`: added `.webhook_ttid(String)`",
            "added `POST /v1/Interactions/{Sid}  update_interaction() -> Interaction`",
            "`CreateInteractionRequest`: added `webhook_ttid: Option<String>`",
            "`Interaction`: added `webhook_ttid: Option<String>`",
            "added `struct UpdateInteractionRequest`",
        ]
        .map(String::from)
    );

    let body_field = report
        .spec
        .iter()
        .find(|c| {
            operation_id(c) == Some("CreateInteraction")
                && member_name(c) == Some((Role::BodyField, "WebhookTtid"))
        })
        .expect("WebhookTtid body field reported");
    assert_eq!(body_field.kind, ChangeKind::Added { required: false });
    assert!(body_field.describe().contains("`.webhook_ttid()`"));
}

#[test]
fn release_2025_07_03_changes_the_spec_but_not_the_rust_api() {
    // Twilio flipped free-form schemas between `{type: object}` and `{}`. The generator maps
    // both to `serde_json::Value`, so the crate is the same: this must not be called breaking.
    let (old, new) = (common::history("2025-06-12"), common::history("2025-07-03"));
    let old = Spec::parse(&common::read(&old)).unwrap();
    let new = Spec::parse(&common::read(&new)).unwrap();
    assert_eq!(
        old.snapshot_text(),
        new.snapshot_text(),
        "same api/flex_v1.txt"
    );

    let report = diff_specs(&old, &new);
    assert!(report.api_unchanged(), "{}", api(&report).join("\n"));
    assert!(!report.has_breaking());
    assert_eq!(report.breaking_count(), 0);

    // The spec-level changes are all there, as context.
    assert_eq!(report.spec.len(), 47, "{report:#?}");
    let free_form = ["object (free-form)", "any JSON value"];
    for change in &report.spec {
        let ChangeKind::Retyped { from, to } = &change.kind else {
            panic!("{change:#?}")
        };
        let (from, to) = (
            from.trim_start_matches("array of "),
            to.trim_start_matches("array of "),
        );
        assert!(
            from != to && free_form.contains(&from) && free_form.contains(&to),
            "{change:#?}"
        );
    }
    assert_eq!(
        report.summary(),
        "No change to the Rust API (47 spec-level changes)"
    );
    let md = report.to_markdown();
    assert!(md.contains("nothing changes for Rust callers"), "{md}");
    assert!(
        md.contains("`Configuration` (`flex.v1.configuration`): field `attributes` changed type from object (free-form) to any JSON value"),
        "{md}"
    );
    assert!(!md.contains("**breaking**"), "{md}");
}

#[test]
fn release_2026_02_05_adds_flex_instance() {
    let report = pair("2025-10-28", "2026-02-05");
    assert!(!report.has_breaking(), "{}", report.to_markdown());
    assert_eq!(
        added_operations(&report),
        set(&[("CreateInstance", "POST", "/v1/instances")])
    );
    let instance = report
        .spec
        .iter()
        .find(|c| type_name(c) == Some("flex.v1.instance"))
        .expect("flex.v1.instance type reported");
    assert_eq!(instance.kind, ChangeKind::Added { required: false });
    assert!(instance.used_by.contains(&"CreateInstance".to_string()));
    assert_eq!(
        api(&report),
        [
            "added `POST /v1/instances  create_instance() -> Instance`",
            "added `struct CreateInstanceRequestBody`",
            "added `struct CreateInstanceRequestBodyConversation`",
            "added `struct Instance`",
            "added `enum InstanceStatus`",
        ]
        .map(String::from)
    );
}

/// Twilio's first Flex releases have no `operationId`; the release after added them and
/// nothing else. The generator names unnamed operations as Twilio then did, so the Rust API of
/// the two is the same, method for method.
#[test]
fn release_2020_12_14_adds_operation_ids_and_the_rust_api_is_the_same() {
    let old =
        common::read(&common::spec_dir().join("history/twilio_flex_v1.2020-12-08.111a7cb.yaml"));
    let new =
        common::read(&common::spec_dir().join("history/twilio_flex_v1.2020-12-14.8f877a7.yaml"));
    assert!(!old.contains("operationId") && new.matches("operationId").count() == 16);
    let report = pair("2020-12-08", "2020-12-14");
    assert!(report.api_unchanged(), "{report:#?}");
    assert_eq!(
        Spec::parse(&old).unwrap().snapshot_text(),
        Spec::parse(&new).unwrap().snapshot_text()
    );
}

/// Every release: it parses, generates, equals itself; and along the consecutive pairs the
/// verdict agrees with the snapshots: no API change exactly when the snapshots are equal.
#[test]
fn every_release_generates_and_pairs_agree_with_their_snapshots() {
    let mut files: Vec<_> = std::fs::read_dir(common::spec_dir().join("history"))
        .expect("history dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 31, "{files:?}");
    files.push(common::current());
    let specs: Vec<Spec> = files
        .iter()
        .map(|f| Spec::parse(&common::read(f)).unwrap_or_else(|e| panic!("{}: {e}", f.display())))
        .collect();
    for (spec, file) in specs.iter().zip(&files) {
        let report = diff_specs(spec, spec);
        assert!(report.is_empty(), "{}: {report:#?}", file.display());
        assert_eq!(report.summary(), "No changes to the generated API");
    }
    for (i, w) in specs.windows(2).enumerate() {
        let report = diff_specs(&w[0], &w[1]);
        let same = w[0].snapshot_text() == w[1].snapshot_text();
        assert_eq!(
            report.api_unchanged(),
            same,
            "{} → {}",
            files[i].display(),
            files[i + 1].display()
        );
    }
}

/// The Configuration helper (`src/configuration.rs`) is declared as a capability on the
/// Configuration update's declared JSON body: it is built where that body applies, and left
/// out, without a build error, by the 2020 releases (a form-encoded update) and the 2022 ones
/// (no update at all), which do have `FetchConfiguration` and `Configuration`.
#[test]
fn the_configuration_helper_is_built_where_the_json_update_is() {
    let cfgs = |path: std::path::PathBuf| {
        twilio_codegen::generate_with(&common::read(&path), &xtask::flex::flex_declarations())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .cfgs
    };
    for old in ["2020-12-14", "2022-09-07"] {
        let got = cfgs(common::history(old));
        assert!(
            !got.iter().any(|c| c == "twilio_flex_configuration"),
            "{old}: {got:?}"
        );
    }
    for new in [common::history("2024-11-15"), common::current()] {
        let name = new.display().to_string();
        assert!(
            cfgs(new).iter().any(|c| c == "twilio_flex_configuration"),
            "{name}"
        );
    }
}

/// A release that kept the JSON update but renamed or dropped what the helper also uses fails
/// the build, naming what is missing, instead of building without the helper.
#[test]
fn the_configuration_helper_follows_a_reshape_or_fails_the_build() {
    let mut spec = twilio_spec::parse_spec(&common::read(&common::current())).unwrap();
    let removed = spec
        .pointer_mut("/paths/~1v1~1Configuration")
        .and_then(|item| item.as_object_mut())
        .and_then(|item| item.remove("get"));
    assert!(
        removed.is_some(),
        "the current spec fetches the Configuration"
    );
    let err =
        match twilio_codegen::generate_with(&spec.to_string(), &xtask::flex::flex_declarations()) {
            Ok(_) => panic!("a Configuration update without its fetch must fail the build"),
            Err(e) => e.to_string(),
        };
    assert!(
        err.contains("twilio_flex_configuration") && err.contains("FetchConfiguration"),
        "{err}"
    );
}

/// One pinned verdict: a pair of releases in `spec/history/` (by date), the verdict spec-diff
/// must give, why, and text that must be among the changes to the Rust API that decide it
/// (the breaking ones for a breaking verdict, all of them otherwise).
struct Pin {
    old: &'static str,
    new: &'static str,
    verdict: Verdict,
    reason: &'static str,
    evidence: &'static [&'static str],
}

/// The verdicts of Twilio's updates kept in `spec/history/` (README there). The new release
/// of each pair is generated after the names the old one published (issue 21 point 2), so a
/// type renamed to the one same-shaped item keeps its old name as a deprecated alias.
const PINS: &[Pin] = &[
    Pin {
        old: "2021-01-27",
        new: "2021-02-01",
        verdict: Verdict::Additions,
        reason: "request bodies renamed `Create…Body` → `Create…Request`, same fields: the old names are deprecated aliases",
        evidence: &[
            "`CreateFlexFlowBody`: definition `struct CreateFlexFlowBody` → `#[deprecated] type CreateFlexFlowBody = CreateFlexFlowRequest  (renamed to CreateFlexFlowRequest by",
            "added `struct CreateFlexFlowRequest`",
        ],
    },
    Pin {
        old: "2021-02-01",
        new: "2021-02-08",
        verdict: Verdict::Additions,
        reason: "inline enums renamed (`FlexFlowChannelType` → `ChannelType`, `ConfigurationStatus` → `Status`), same values: deprecated aliases",
        evidence: &[
            "#[deprecated] type FlexFlowChannelType = ChannelType",
            "#[deprecated] type ConfigurationStatus = Status",
        ],
    },
    Pin {
        old: "2021-02-10",
        new: "2021-02-22",
        verdict: Verdict::Additions,
        reason: "the enums renamed back (`ChannelType` → `FlexFlowChannelType`) keep aliases; four Configuration lists became nullable: response arrays are `Option<Vec<…>>` whatever the flag (optional_response_fields)",
        evidence: &[
            "#[deprecated] type ChannelType = FlexFlowChannelType",
            "added `enum FlexFlowChannelType`",
        ],
    },
    Pin {
        old: "2022-07-13",
        new: "2022-07-21",
        verdict: Verdict::Additions,
        reason: "per-operation enums hoisted: all eight keep aliases; the two status enums each have two same-valued candidates, told apart by the setter that used them",
        evidence: &[
            "#[deprecated] type UpdateInteractionChannelStatus = InteractionChannelStatus",
            "#[deprecated] type UpdateInteractionChannelParticipantStatus = InteractionChannelParticipantStatus",
        ],
    },
    Pin {
        old: "2021-02-24",
        new: "2021-03-12",
        verdict: Verdict::NoApiChange,
        reason: "Twilio's named-primitive `$ref`s reverted: primitives either way (inline_named_primitives)",
        evidence: &[],
    },
    Pin {
        old: "2021-04-07",
        new: "2021-04-15",
        verdict: Verdict::Additions,
        reason: "the spec dropped the Configuration update's body; the declared body keeps its API (declared_bodies_in_spec) and gains the release's typed setters",
        evidence: &["`update_configuration()`: added `.attributes(serde_json::Value)`"],
    },
    Pin {
        old: "2022-04-12",
        new: "2022-04-20",
        verdict: Verdict::NoApiChange,
        reason: "`format: uri-map` added to `links`: one map type either way (links_as_uri_maps)",
        evidence: &[],
    },
    Pin {
        old: "2024-08-26",
        new: "2024-09-05",
        verdict: Verdict::NoApiChange,
        reason: "three response fields marked required: response fields are `Option` whatever the flag (optional_response_fields)",
        evidence: &[],
    },
    Pin {
        old: "2025-03-11",
        new: "2025-03-20",
        verdict: Verdict::Additions,
        reason: "`ParentTeamSid` → `TeamSid`, same `QO` prefix: the SID type is named by its prefix; Flex Team types added",
        evidence: &["added `struct FlexTeamContext`"],
    },
    Pin {
        old: "2022-08-24",
        new: "2022-09-07",
        verdict: Verdict::Breaking,
        reason: "Twilio removed the `close` status of Interactions: a real break",
        evidence: &[
            "`InteractionChannelStatus`: removed `Close = \"close\"`",
            "`InteractionChannelParticipantStatus`: removed `Close = \"close\"`",
        ],
    },
    Pin {
        old: "2025-07-03",
        new: "2025-08-18",
        verdict: Verdict::Breaking,
        reason: "Insights assessments' numbers became strings: a real break",
        evidence: &[
            "`InsightsAssessments`: `offset`: type `Option<f64>` → `Option<String>`",
            "`InsightsAssessmentsComment`: `weight`: type `Option<f64>` → `Option<String>`",
        ],
    },
    Pin {
        old: "2024-04-18",
        new: "2024-05-24",
        verdict: Verdict::Additions,
        reason: "a new `Option` field and a setter that became optional: minor",
        evidence: &["`PluginVersion`: added `validated: Option<bool>`"],
    },
    Pin {
        old: "2024-11-15",
        new: "2025-02-20",
        verdict: Verdict::Additions,
        reason: "the Digital Transfers operations added",
        evidence: &[
            "added `POST /v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Transfers",
        ],
    },
    Pin {
        old: "2025-03-20",
        new: "2025-05-05",
        verdict: Verdict::Additions,
        reason: "Update Interaction and `webhook_ttid` added",
        evidence: &["added `POST /v1/Interactions/{Sid}  update_interaction() -> Interaction`"],
    },
    Pin {
        old: "2025-10-28",
        new: "2026-02-05",
        verdict: Verdict::Additions,
        reason: "the Flex Instance resource added",
        evidence: &["added `POST /v1/instances  create_instance() -> Instance`"],
    },
    Pin {
        old: "2020-12-08",
        new: "2020-12-14",
        verdict: Verdict::NoApiChange,
        reason: "`operationId`s added, named as the generator names unnamed operations",
        evidence: &[],
    },
    Pin {
        old: "2025-06-12",
        new: "2025-07-03",
        verdict: Verdict::NoApiChange,
        reason: "free-form schemas written `{}` instead of `{type: object}`",
        evidence: &[],
    },
];

/// Every pinned pair gets its verdict, for the reason given; all mismatches are reported
/// together, each with its reason.
#[test]
fn pinned_verdicts_of_twilio_updates() {
    let mut failures = Vec::new();
    for pin in PINS {
        let report = pair(pin.old, pin.new);
        let got = Verdict::of(&report);
        let deciding: Vec<String> = report
            .api
            .iter()
            .filter(|c| c.breaking || pin.verdict != Verdict::Breaking)
            .map(ApiChange::describe)
            .collect();
        if got != pin.verdict {
            failures.push(format!(
                "{} → {}: expected {} ({}), got {}:\n  {}",
                pin.old,
                pin.new,
                pin.verdict.word(),
                pin.reason,
                got.word(),
                api(&report).join("\n  ")
            ));
            continue;
        }
        for needle in pin.evidence {
            if !deciding.iter().any(|d| d.contains(needle)) {
                failures.push(format!(
                    "{} → {}: {} ({}), but no deciding change mentions {needle}:\n  {}",
                    pin.old,
                    pin.new,
                    got.word(),
                    pin.reason,
                    deciding.join("\n  ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The pins name releases that are vendored, each pair once.
#[test]
fn pins_name_vendored_pairs_once() {
    let mut seen = BTreeSet::new();
    for pin in PINS {
        assert!(pin.old < pin.new, "{} → {}", pin.old, pin.new);
        common::history(pin.old);
        common::history(pin.new);
        assert!(
            seen.insert((pin.old, pin.new)),
            "{} → {} twice",
            pin.old,
            pin.new
        );
        assert!(
            pin.verdict == Verdict::NoApiChange || !pin.evidence.is_empty(),
            "{} → {}: a verdict with changes names its evidence",
            pin.old,
            pin.new
        );
    }
}

/// `spec-history DIR`: one row per consecutive pair (dates, verdict, counts), then the totals,
/// and the same rows as a Markdown table with `--output`.
#[test]
fn spec_history_prints_a_row_per_update_and_the_totals() {
    let dir = std::env::temp_dir().join(format!("xtask-spec-history-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for date in ["2025-05-05", "2025-06-12", "2025-07-03", "2025-08-18"] {
        let file = common::history(date);
        std::fs::copy(&file, dir.join(file.file_name().unwrap())).unwrap();
    }
    let table = dir.join("history.md");
    let out = common::xtask(&[&"spec-history", &dir, &"--output", &table]);
    let stdout = common::text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "2025-05-05 245ab7c → 2025-06-12 2af6c5b  additions  2 changes, 0 breaking, 2 added fields",
            "2025-06-12 2af6c5b → 2025-07-03 4ae76f3  no change  0 changes, 0 breaking, 0 added fields",
            "2025-07-03 4ae76f3 → 2025-08-18 a3f1069  breaking   6 changes, 6 breaking, 0 added fields",
            "3 updates, 1 breaking, 1 additions",
        ]
    );
    let md = common::read(&table);
    assert!(
        md.contains("| 2025-07-03 4ae76f3 | 2025-08-18 a3f1069 | breaking | 6 | 6 | 0 |"),
        "{md}"
    );
    assert!(
        md.ends_with("\n3 updates, 1 breaking, 1 additions\n"),
        "{md}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The pairs `scripts/check-semver-agreement` lists as disagreeing with cargo-semver-checks by
/// design: each is a vendored pair whose breaking changes are all retyped struct fields or
/// setters (`type`), required-ness (`now`) or ranges, which cargo-semver-checks doesn't
/// compare; so the list can't hide a removal, which both judges see. (A pair that stops being
/// breaking, once the representations stop following Twilio's bookkeeping, leaves the list.)
#[test]
fn by_design_disagreements_are_only_what_cargo_semver_checks_cannot_see() {
    let script = common::read(&common::spec_dir().join("../scripts/check-semver-agreement"));
    let known: Vec<(String, String)> = script
        .lines()
        .skip_while(|l| !l.starts_with("KNOWN=("))
        .skip(1)
        .take_while(|l| l.trim() != ")")
        .map(|l| {
            let mut words = l.trim().trim_matches('"').split_whitespace();
            let (old, new) = (words.next().unwrap(), words.next().unwrap());
            (old.to_string(), new.to_string())
        })
        .collect();
    assert!(!known.is_empty(), "KNOWN=( … ) parsed from the script");
    for (old, new) in &known {
        let report = pair(old, new);
        assert!(report.has_breaking(), "{old} → {new}");
        for change in report.api.iter().filter(|c| c.breaking) {
            assert!(
                matches!(
                    &change.kind,
                    ApiChangeKind::Changed {
                        what: "type" | "now" | "range",
                        ..
                    }
                ),
                "{old} → {new}: cargo-semver-checks sees this one: {}",
                change.describe()
            );
        }
    }
}
