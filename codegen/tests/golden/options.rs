/// Option builders for families of dotted body fields, as the product declares them
/// (generated from the spec: the fields, their types and the kinds).
pub mod options {
    #[allow(unused_imports)]
    use super::types;
    ///The `Integration.*` fields and `IntegrationType`, set together: how a widget hands messages on: to a Studio Flow or a webhook. Built by kind (one constructor per kind, taking what it requires); the rules of each kind are checked before sending, however the fields were set.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Integration {
        ///`IntegrationType`.
        pub kind: IntegrationKind,
        /**The SID of the Studio Flow. Required when `IntegrationType` is `studio`.

Body field `Integration.FlowSid`.*/
        pub flow_sid: Option<String>,
        /**The URL of the external webhook. Required when `IntegrationType` is `external`.

Body field `Integration.Url`.*/
        pub url: Option<::std::string::String>,
        /**The number of times to retry the Studio Flow or webhook.

Body field `Integration.RetryCount`.*/
        pub retry_count: Option<i64>,
    }
    impl crate::types::Widget {
        ///`integration` as an [`Integration`](crate::options::Integration): its kind (from                  `integration_type`) and fields, decoded leniently: `None` when there is no                  `integration_type` or it is one this release doesn't know; a field that is                  missing or of another type is `None`, and keys of no field are ignored.
        pub fn integration(&self) -> Option<Integration> {
            let kind = match ::serde_json::to_value(&self.integration_type).ok()? {
                ::serde_json::Value::String(s) => IntegrationKind::from_wire(&s)?,
                _ => return None,
            };
            let value = ::serde_json::to_value(&self.integration).unwrap_or_default();
            Some(Integration {
                kind,
                flow_sid: value
                    .get("flow_sid")
                    .and_then(|v| ::serde_json::from_value::<String>(v.clone()).ok()),
                url: value
                    .get("url")
                    .and_then(|v| {
                        ::serde_json::from_value::<::std::string::String>(v.clone()).ok()
                    }),
                retry_count: value
                    .get("retry_count")
                    .and_then(|v| ::serde_json::from_value::<i64>(v.clone()).ok()),
            })
        }
    }
    ///The values of `IntegrationType`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[non_exhaustive]
    pub enum IntegrationKind {
        ///`studio`
        Studio,
        ///`external`
        External,
    }
    impl IntegrationKind {
        /// The value as sent on the wire.
        pub fn as_str(&self) -> &'static str {
            match self {
                IntegrationKind::Studio => "studio",
                IntegrationKind::External => "external",
            }
        }
        /// The kind a wire value names; `None` for one this release doesn't know.
        pub fn from_wire(value: &str) -> Option<Self> {
            [IntegrationKind::Studio, IntegrationKind::External]
                .into_iter()
                .find(|k| k.as_str() == value)
        }
    }
    impl Integration {
        ///`IntegrationType` `studio`: to a Studio Flow. Requires `Integration.FlowSid`. Also takes `Integration.RetryCount`.
        pub fn studio(flow_sid: impl Into<String>) -> Self {
            let mut options = Self::of(IntegrationKind::Studio);
            options.flow_sid = Some(flow_sid.into());
            options
        }
        ///`IntegrationType` `external`: to a webhook. Requires `Integration.Url`. Also takes `Integration.RetryCount`.
        pub fn external(url: impl Into<::std::string::String>) -> Self {
            let mut options = Self::of(IntegrationKind::External);
            options.url = Some(url.into());
            options
        }
        /// A kind with no fields set yet (the constructors above set what each kind
        /// requires).
        pub fn of(kind: IntegrationKind) -> Self {
            Integration {
                kind,
                flow_sid: None,
                url: None,
                retry_count: None,
            }
        }
        /// The kind.
        pub fn kind(&self) -> IntegrationKind {
            self.kind
        }
        /**The SID of the Studio Flow. Required when `IntegrationType` is `studio`.

Body field `Integration.FlowSid`.*/
        pub fn flow_sid(mut self, value: impl Into<String>) -> Self {
            self.flow_sid = Some(value.into());
            self
        }
        /**The URL of the external webhook. Required when `IntegrationType` is `external`.

Body field `Integration.Url`.*/
        pub fn url(mut self, value: impl Into<::std::string::String>) -> Self {
            self.url = Some(value.into());
            self
        }
        /**The number of times to retry the Studio Flow or webhook.

Body field `Integration.RetryCount`.*/
        pub fn retry_count(mut self, value: impl Into<i64>) -> Self {
            self.retry_count = Some(value.into());
            self
        }
    }
}
