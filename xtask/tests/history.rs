//! `spec_diff` on Twilio's real releases: each consecutive pair in
//! `shared/spec/history` checked against what Twilio's changelog says changed
//! (and what the files were verified to contain).

mod common;

use std::collections::BTreeSet;

use xtask::spec_diff::{Change, ChangeKind, Report, Role, Section, Subject, diff};

fn pair(old: &str, new: &str) -> Report {
    let (old, new) = (common::history(old), common::history(new));
    diff(&common::read(&old), &common::read(&new))
        .unwrap_or_else(|e| panic!("{} → {}: {e}", old.display(), new.display()))
}

fn operation_id(change: &Change) -> Option<&str> {
    match &change.subject {
        Subject::Operation { id, .. } => Some(id),
        Subject::Type { .. } => None,
    }
}

fn type_name(change: &Change) -> Option<&str> {
    match &change.subject {
        Subject::Type { name } => Some(name),
        Subject::Operation { .. } => None,
    }
}

fn member_name(change: &Change) -> Option<(Role, &str)> {
    change.member.as_ref().map(|m| (m.role, m.name.as_str()))
}

/// Operations added (`Operations` section, `Added`) as (id, method, path).
fn added_operations(report: &Report) -> BTreeSet<(String, String, String)> {
    report
        .changes
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

#[test]
fn release_2022_09_07_removes_interaction_close_status() {
    let report = pair("2022-08-24", "2022-09-07");
    assert!(report.has_breaking());

    // `close` disappears from the Interactions status enums, which is breaking.
    let close_removed: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::EnumValueRemoved("close".into()))
        .collect();
    assert!(!close_removed.is_empty(), "{report:#?}");
    for change in &close_removed {
        let name = type_name(change).expect("named enum");
        assert!(
            name.starts_with("interaction") && name.ends_with("enum_status"),
            "{name}"
        );
        assert!(change.breaking);
        assert_eq!(change.section, Section::EnumValues);
    }
    let enums: BTreeSet<&str> = close_removed.iter().filter_map(|c| type_name(c)).collect();
    assert_eq!(
        enums,
        BTreeSet::from([
            "interaction_channel_enum_status",
            "interaction_channel_participant_enum_status"
        ])
    );
    // The unused `interaction_enum_status` (which also held `close`) is gone
    // entirely: its generated type disappears.
    let removed_type = report
        .changes
        .iter()
        .find(|c| type_name(c) == Some("interaction_enum_status"))
        .expect("interaction_enum_status removal reported");
    assert_eq!(removed_type.kind, ChangeKind::Removed);
    assert!(removed_type.breaking);

    // Two new Configuration response fields, not breaking.
    for field in ["debugger_integration", "flex_ui_status_report"] {
        let change = report
            .changes
            .iter()
            .find(|c| {
                type_name(c) == Some("flex.v1.configuration")
                    && member_name(c) == Some((Role::Field, field))
            })
            .unwrap_or_else(|| panic!("{field} not reported: {report:#?}"));
        assert_eq!(change.kind, ChangeKind::Added { required: false });
        assert_eq!(change.section, Section::Responses);
        assert!(!change.breaking, "{field}");
    }

    let md = report.to_markdown();
    assert!(md.contains("removed value `close`"), "{md}");
    assert!(md.contains("`Configuration`"), "{md}");
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
    // Nothing else about operations changed…
    assert!(
        report
            .changes
            .iter()
            .filter(|c| c.section == Section::Operations)
            .all(|c| c.kind == ChangeKind::Added { required: false })
    );
    // …the transfer resource and its two enums are new types…
    let types: BTreeSet<&str> = report
        .changes
        .iter()
        .filter(|c| c.section == Section::Types && c.kind == ChangeKind::Added { required: false })
        .filter_map(type_name)
        .collect();
    assert_eq!(
        types,
        BTreeSet::from([
            "flex.v1.interaction.interaction_channel.interaction_transfer",
            "interaction_transfer_enum_transfer_status",
            "interaction_transfer_enum_transfer_type",
        ])
    );
    // …and the release's other edit (`PageSize` gaining `format: int64`)
    // keeps the Rust type, so it is not a change at all.
    assert_eq!(report.changes.len(), 6, "{}", report.to_markdown());
    assert!(!report.has_breaking());
}

#[test]
fn release_2025_05_05_adds_update_interaction_and_webhook_ttid() {
    let report = pair("2025-03-20", "2025-05-05");
    assert!(!report.has_breaking(), "{}", report.to_markdown());
    assert_eq!(
        added_operations(&report),
        set(&[("UpdateInteraction", "POST", "/v1/Interactions/{Sid}")])
    );

    let body_field = report
        .changes
        .iter()
        .find(|c| {
            operation_id(c) == Some("CreateInteraction")
                && member_name(c) == Some((Role::BodyField, "WebhookTtid"))
        })
        .expect("WebhookTtid body field reported");
    assert_eq!(body_field.kind, ChangeKind::Added { required: false });
    assert!(!body_field.breaking);
    assert!(body_field.describe().contains("`.webhook_ttid()`"));

    let response_field = report
        .changes
        .iter()
        .find(|c| {
            type_name(c) == Some("flex.v1.interaction")
                && member_name(c) == Some((Role::Field, "webhook_ttid"))
        })
        .expect("webhook_ttid response field reported");
    assert_eq!(response_field.kind, ChangeKind::Added { required: false });
    assert!(!response_field.breaking);
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
        .changes
        .iter()
        .find(|c| type_name(c) == Some("flex.v1.instance"))
        .expect("flex.v1.instance type reported");
    assert_eq!(instance.kind, ChangeKind::Added { required: false });
    assert!(instance.used_by.contains(&"CreateInstance".to_string()));
    assert!(report.to_markdown().contains("`create_instance`"));
}

#[test]
fn every_release_parses_and_equals_itself() {
    let mut files: Vec<_> = std::fs::read_dir(common::spec_dir().join("history"))
        .expect("history dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.push(common::current());
    assert!(files.len() >= 9, "{files:?}");
    for file in files {
        let text = common::read(&file);
        let report = diff(&text, &text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(report.is_empty(), "{}: {report:#?}", file.display());
        assert_eq!(report.summary(), "No changes to the generated API");
    }
}
