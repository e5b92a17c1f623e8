//! The spec the mock serves: the one the client was generated from (`build.rs` passes its
//! path), read with the Flex product's declarations, modelled once per process.
//!
//! Start-up cost: the first server of a process parses the spec's YAML and builds the model,
//! most of it YAML parsing; later servers share it (0.1 ms each). In a release build, from
//! `main` to the first answered request: 24.6–37.1 ms median over 21 runs, the same as
//! before the engine was its own crate (24.9–33.9 ms), on 2 shared cores at load 3.3.
//! As `twilio-flex mock` (release, `scripts/mock-start-time`, process start to the first
//! answered request): 39.4 ms median (25.7–64.3) over 21 runs at load 3; building the model in
//! `build.rs` and embedding it serialized would cut most of it.

use std::sync::{Arc, OnceLock};

use twilio_mock::{MockError, Model};

const SPEC_YAML: &str = include_str!(env!("TWILIO_FLEX_SPEC_PATH"));

/// The Flex product's declarations, as the client was generated with them.
mod declarations {
    include!(concat!(env!("CARGO_MANIFEST_DIR"), "/declarations.rs"));
}

/// The model of the Flex spec, shared by every server in the process.
pub(super) fn model() -> Result<Arc<Model>, MockError> {
    static MODEL: OnceLock<Result<Arc<Model>, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            Model::parse(SPEC_YAML, &declarations::flex_declarations())
                .map(Arc::new)
                .map_err(|e| match e {
                    MockError::Spec(m) => m,
                    other => other.to_string(),
                })
        })
        .clone()
        .map_err(MockError::Spec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use twilio_mock::OpKind;

    #[test]
    fn the_flex_model_is_derived_from_the_spec() {
        let model = model().expect("spec parses");
        assert_eq!(model.operations().len(), 73);
        let res = |op: &str| model.resource_of(op).expect(op);
        let ff = res("CreateFlexFlow");
        assert_eq!(ff.id_prefix(), Some("FO"));
        assert_eq!(ff.list_key(), Some("flex_flows"));
        assert_eq!(res("FetchInteractionChannel").id_prefix(), Some("UO"));
        assert_eq!(res("CreateInteraction").implicit_children().count(), 1);
        let arch = model.operation("UpdatePluginArchive").unwrap();
        assert_eq!(arch.kind(), OpKind::Action);
        assert_eq!(
            arch.action_changes().get("archived"),
            Some(&serde_json::Value::Bool(true))
        );
        assert_eq!(arch.action_changes().len(), 1);
        let conf = model.operation("UpdateConfiguration").unwrap();
        assert_eq!(conf.kind(), OpKind::SingletonUpdate);
        let declared = conf
            .declared_body()
            .expect("the declared Configuration body");
        assert_eq!(declared.account_sid_key.as_deref(), Some("account_sid"));
        assert!(declared.read_only.iter().any(|p| p == "date_updated"));
        assert!(declared.writable.iter().any(|p| p == "ui_attributes"));
        // A literal segment wins over a parameter.
        let comments = model
            .operation("GET /v1/Insights/QualityManagement/Assessments/Comments")
            .unwrap();
        assert_eq!(comments.id(), "ListInsightsAssessmentsComment");
        assert_eq!(comments.kind(), OpKind::List);
        let seg = res("ListInsightsSegments");
        assert_eq!(seg.id_field(), Some("segment_id"));
        assert_eq!(seg.id_prefix(), None);
        // The configured plugin's `phase` has the schema's default.
        assert_eq!(
            res("ListConfiguredPlugin").field_default("phase"),
            Some(&serde_json::json!(0))
        );
    }
}
