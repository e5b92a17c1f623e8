/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///`CreateWidgetRequest`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[non_exhaustive]
    pub struct CreateWidgetRequest {
        ///The URL Twilio calls when the widget changes.
        #[serde(
            rename = "CallbackUrl",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub callback_url: ::std::option::Option<::std::string::String>,
        #[serde(rename = "ChannelType")]
        pub channel_type: crate::types::WidgetChannelType,
        ///The SID of the chat service.
        #[serde(rename = "ChatServiceSid")]
        pub chat_service_sid: crate::types::ChatServiceSid,
        ///A three-letter code.
        #[serde(rename = "Code", skip_serializing_if = "::std::option::Option::is_none")]
        pub code: ::std::option::Option<::std::string::String>,
        ///A descriptive string that you create to describe the Widget.
        #[serde(rename = "FriendlyName")]
        pub friendly_name: ::std::string::String,
        ///The SID of the Studio Flow. Required when `IntegrationType` is `studio`.
        #[serde(
            rename = "Integration.FlowSid",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub integration_flow_sid: ::std::option::Option<crate::types::FlowSid>,
        ///The number of times to retry the Studio Flow or webhook.
        #[serde(
            rename = "Integration.RetryCount",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub integration_retry_count: ::std::option::Option<i64>,
        #[serde(
            rename = "IntegrationType",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub integration_type: ::std::option::Option<crate::types::WidgetIntegrationType>,
        ///The URL of the external webhook. Required when `IntegrationType` is `external`.
        #[serde(
            rename = "Integration.Url",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub integration_url: ::std::option::Option<::std::string::String>,
        ///The widget's priority.
        #[serde(
            rename = "Priority",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub priority: ::std::option::Option<i64>,
        ///Tags, sent as repeated keys.
        #[serde(rename = "Tags", default)]
        #[serde(deserialize_with = "::twilio_runtime::__generated::null_as_default")]
        pub tags: ::std::vec::Vec<::std::string::String>,
    }
    impl CreateWidgetRequest {
        pub fn builder() -> builder::CreateWidgetRequest {
            Default::default()
        }
    }
    ///`ListMeta`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ListMeta {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub first_page_url: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub key: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub next_page_url: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub page: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub page_size: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub previous_page_url: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub url: ::std::option::Option<::std::string::String>,
    }
    ///`ListWidgetResponse`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[non_exhaustive]
    pub struct ListWidgetResponse {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub meta: ::std::option::Option<ListMeta>,
        #[serde(default)]
        #[serde(deserialize_with = "::twilio_runtime::__generated::null_as_default")]
        pub widgets: ::std::vec::Vec<Widget>,
    }
    ///`Settings`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[non_exhaustive]
    pub struct Settings {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub account_sid: ::std::option::Option<crate::types::AccountSid>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub channel_types: ::std::option::Option<
            ::std::vec::Vec<crate::types::WidgetChannelType>,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        #[serde(
            default,
            deserialize_with = "::twilio_runtime::__generated::timestamp::deserialize_option"
        )]
        pub date_updated: ::std::option::Option<
            ::chrono::DateTime<::chrono::offset::Utc>,
        >,
        ///The chat service new widgets use.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub default_chat_service_sid: ::std::option::Option<
            crate::types::ChatServiceSid,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub retention_days: ::std::option::Option<i64>,
        ///The UI's own settings, a JSON object.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ui_attributes: ::std::option::Option<::serde_json::Value>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub url: ::std::option::Option<::std::string::String>,
    }
    ///`UpdateWidgetRequest`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[non_exhaustive]
    pub struct UpdateWidgetRequest {
        ///A descriptive string for the Widget.
        #[serde(
            rename = "FriendlyName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub friendly_name: ::std::option::Option<::std::string::String>,
        ///A body field named like the path parameter.
        #[serde(rename = "Sid", skip_serializing_if = "::std::option::Option::is_none")]
        pub sid: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "Status",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub status: ::std::option::Option<crate::types::UpdateWidgetStatus>,
    }
    impl UpdateWidgetRequest {
        pub fn builder() -> builder::UpdateWidgetRequest {
            Default::default()
        }
    }
    ///`Widget`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[non_exhaustive]
    pub struct Widget {
        ///The SID of the Account that created the Widget resource.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub account_sid: ::std::option::Option<crate::types::AccountSid>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub channel_type: ::std::option::Option<crate::types::WidgetChannelType>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub chat_service_sid: ::std::option::Option<crate::types::ChatServiceSid>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        #[serde(
            default,
            deserialize_with = "::twilio_runtime::__generated::timestamp::deserialize_option"
        )]
        pub date_created: ::std::option::Option<
            ::chrono::DateTime<::chrono::offset::Utc>,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        #[serde(
            default,
            deserialize_with = "::twilio_runtime::__generated::timestamp::deserialize_option"
        )]
        pub date_updated: ::std::option::Option<
            ::chrono::DateTime<::chrono::offset::Utc>,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub friendly_name: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub integration: ::std::option::Option<::serde_json::Value>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub integration_type: ::std::option::Option<crate::types::WidgetIntegrationType>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        #[serde(
            default,
            deserialize_with = "::twilio_runtime::__generated::string_map_without_nulls"
        )]
        pub links: ::std::option::Option<
            ::std::collections::HashMap<::std::string::String, ::std::string::String>,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub score: ::std::option::Option<f64>,
        ///The unique string that identifies the Widget resource.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub sid: ::std::option::Option<crate::types::WidgetSid>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<crate::types::WidgetStatus>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub url: ::std::option::Option<::std::string::String>,
    }
    ///`WidgetTransfer`
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    #[non_exhaustive]
    pub struct WidgetTransfer {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub sid: ::std::option::Option<crate::types::WidgetTransferSid>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub widget_sid: ::std::option::Option<crate::types::WidgetSid>,
    }
    /// Types for composing complex structures.
    pub mod builder {
        #[derive(Clone, Debug)]
        pub struct CreateWidgetRequest {
            pub(crate) callback_url: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            pub(crate) channel_type: ::std::result::Result<
                crate::types::WidgetChannelType,
                ::std::string::String,
            >,
            pub(crate) chat_service_sid: ::std::result::Result<
                crate::types::ChatServiceSid,
                ::std::string::String,
            >,
            pub(crate) code: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            pub(crate) friendly_name: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            pub(crate) integration_flow_sid: ::std::result::Result<
                ::std::option::Option<crate::types::FlowSid>,
                ::std::string::String,
            >,
            pub(crate) integration_retry_count: ::std::result::Result<
                ::std::option::Option<i64>,
                ::std::string::String,
            >,
            pub(crate) integration_type: ::std::result::Result<
                ::std::option::Option<crate::types::WidgetIntegrationType>,
                ::std::string::String,
            >,
            pub(crate) integration_url: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            pub(crate) priority: ::std::result::Result<
                ::std::option::Option<i64>,
                ::std::string::String,
            >,
            pub(crate) tags: ::std::result::Result<
                ::std::vec::Vec<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for CreateWidgetRequest {
            #[inline]
            fn default() -> Self {
                Self {
                    callback_url: Ok(Default::default()),
                    channel_type: Err("no value supplied for channel_type".to_string()),
                    chat_service_sid: Err(
                        "no value supplied for chat_service_sid".to_string(),
                    ),
                    code: Ok(Default::default()),
                    friendly_name: Err(
                        "no value supplied for friendly_name".to_string(),
                    ),
                    integration_flow_sid: Ok(Default::default()),
                    integration_retry_count: Ok(Default::default()),
                    integration_type: Ok(Default::default()),
                    integration_url: Ok(Default::default()),
                    priority: Ok(Default::default()),
                    tags: Ok(Default::default()),
                }
            }
        }
        impl CreateWidgetRequest {
            #[inline]
            pub fn callback_url<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.callback_url = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for callback_url: {e}")
                    });
                self
            }
            #[inline]
            pub fn channel_type<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<crate::types::WidgetChannelType>,
                T::Error: ::std::fmt::Display,
            {
                self.channel_type = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for channel_type: {e}")
                    });
                self
            }
            #[inline]
            pub fn chat_service_sid<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<crate::types::ChatServiceSid>,
                T::Error: ::std::fmt::Display,
            {
                self.chat_service_sid = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for chat_service_sid: {e}"
                        )
                    });
                self
            }
            #[inline]
            pub fn code<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.code = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for code: {e}")
                    });
                self
            }
            #[inline]
            pub fn friendly_name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.friendly_name = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for friendly_name: {e}")
                    });
                self
            }
            #[inline]
            pub fn integration_flow_sid<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<crate::types::FlowSid>>,
                T::Error: ::std::fmt::Display,
            {
                self.integration_flow_sid = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for integration_flow_sid: {e}"
                        )
                    });
                self
            }
            #[inline]
            pub fn integration_retry_count<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<i64>>,
                T::Error: ::std::fmt::Display,
            {
                self.integration_retry_count = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for integration_retry_count: {e}"
                        )
                    });
                self
            }
            #[inline]
            pub fn integration_type<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<crate::types::WidgetIntegrationType>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.integration_type = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for integration_type: {e}"
                        )
                    });
                self
            }
            #[inline]
            pub fn integration_url<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.integration_url = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for integration_url: {e}"
                        )
                    });
                self
            }
            #[inline]
            pub fn priority<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<i64>>,
                T::Error: ::std::fmt::Display,
            {
                self.priority = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for priority: {e}")
                    });
                self
            }
            #[inline]
            pub fn tags<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::vec::Vec<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.tags = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for tags: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<CreateWidgetRequest>
        for super::CreateWidgetRequest {
            type Error = super::error::ConversionError;
            #[inline]
            fn try_from(
                value: CreateWidgetRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    callback_url: value.callback_url?,
                    channel_type: value.channel_type?,
                    chat_service_sid: value.chat_service_sid?,
                    code: value.code?,
                    friendly_name: value.friendly_name?,
                    integration_flow_sid: value.integration_flow_sid?,
                    integration_retry_count: value.integration_retry_count?,
                    integration_type: value.integration_type?,
                    integration_url: value.integration_url?,
                    priority: value.priority?,
                    tags: value.tags?,
                })
            }
        }
        impl ::std::convert::From<super::CreateWidgetRequest> for CreateWidgetRequest {
            #[inline]
            fn from(value: super::CreateWidgetRequest) -> Self {
                Self {
                    callback_url: Ok(value.callback_url),
                    channel_type: Ok(value.channel_type),
                    chat_service_sid: Ok(value.chat_service_sid),
                    code: Ok(value.code),
                    friendly_name: Ok(value.friendly_name),
                    integration_flow_sid: Ok(value.integration_flow_sid),
                    integration_retry_count: Ok(value.integration_retry_count),
                    integration_type: Ok(value.integration_type),
                    integration_url: Ok(value.integration_url),
                    priority: Ok(value.priority),
                    tags: Ok(value.tags),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct UpdateWidgetRequest {
            pub(crate) friendly_name: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            pub(crate) sid: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            pub(crate) status: ::std::result::Result<
                ::std::option::Option<crate::types::UpdateWidgetStatus>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for UpdateWidgetRequest {
            #[inline]
            fn default() -> Self {
                Self {
                    friendly_name: Ok(Default::default()),
                    sid: Ok(Default::default()),
                    status: Ok(Default::default()),
                }
            }
        }
        impl UpdateWidgetRequest {
            #[inline]
            pub fn friendly_name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.friendly_name = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for friendly_name: {e}")
                    });
                self
            }
            #[inline]
            pub fn sid<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.sid = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for sid: {e}")
                    });
                self
            }
            #[inline]
            pub fn status<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<crate::types::UpdateWidgetStatus>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.status = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for status: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<UpdateWidgetRequest>
        for super::UpdateWidgetRequest {
            type Error = super::error::ConversionError;
            #[inline]
            fn try_from(
                value: UpdateWidgetRequest,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    friendly_name: value.friendly_name?,
                    sid: value.sid?,
                    status: value.status?,
                })
            }
        }
        impl ::std::convert::From<super::UpdateWidgetRequest> for UpdateWidgetRequest {
            #[inline]
            fn from(value: super::UpdateWidgetRequest) -> Self {
                Self {
                    friendly_name: Ok(value.friendly_name),
                    sid: Ok(value.sid),
                    status: Ok(value.status),
                }
            }
        }
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
    ::twilio_runtime::__generated::sid_types! {
        AccountSid = ("AC", "Account"); FlowSid = ("FW", "Flow"); ChatServiceSid = ("IS",
        "Chat Service"); WidgetTransferSid = ("TF", "Widget Transfer"); WidgetSid =
        ("WI", "Widget");
    }
    ::twilio_runtime::__generated::open_enum! {
        #[doc =
        "`CreateWidgetXTwilioWebhookEnabled` values, with a catch-all for values added later."]
        CreateWidgetXTwilioWebhookEnabled { True = "true", False = "false", }
    }
    ::twilio_runtime::__generated::open_enum! {
        #[doc = "`UpdateWidgetStatus` values, with a catch-all for values added later."]
        UpdateWidgetStatus { Active = "active", Inactive = "inactive", }
    }
    ::twilio_runtime::__generated::open_enum! {
        #[doc = "`WidgetChannelType` values, with a catch-all for values added later."]
        WidgetChannelType { Sms = "sms", Web = "web", Custom = "custom", }
    }
    ::twilio_runtime::__generated::open_enum! {
        #[doc =
        "`WidgetIntegrationType` values, with a catch-all for values added later."]
        WidgetIntegrationType { Studio = "studio", External = "external", }
    }
    ::twilio_runtime::__generated::open_enum! {
        #[doc = "`WidgetStatus` values, with a catch-all for values added later."]
        WidgetStatus { Active = "active", Inactive = "inactive", }
    }
    impl ::twilio_runtime::__generated::ListPage for ListWidgetResponse {
        type Item = Widget;
        type Meta = ListMeta;
        const OPERATION: &'static str = "ListWidget";
        const KEY: &'static str = "widgets";
        fn into_parts(self) -> (Vec<Widget>, Option<ListMeta>) {
            (self.widgets, self.meta)
        }
    }
    impl ::twilio_runtime::__generated::PageMeta for ListMeta {
        fn next_page_url(&self) -> Option<&str> {
            self.next_page_url.as_deref()
        }
        fn url(&self) -> Option<&str> {
            self.url.as_deref()
        }
    }
}
