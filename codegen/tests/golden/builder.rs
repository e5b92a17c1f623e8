/// Types for composing operation parameters.
#[allow(clippy::all)]
pub mod builder {
    use super::types;
    #[allow(unused_imports)]
    use super::{
        encode_path, ByteStream, ClientInfo, ClientHooks, Error, OperationInfo,
        RequestBuilderExt, ResponseValue,
    };
    /**Builder for [`Client::list_widget`]

[`Client::list_widget`]: super::Client::list_widget*/
    #[derive(Debug, Clone)]
    pub struct ListWidget<'a> {
        client: &'a super::Client,
        date_created: Result<Option<::chrono::DateTime<::chrono::offset::Utc>>, String>,
        date_created_after: Result<
            Option<::chrono::DateTime<::chrono::offset::Utc>>,
            String,
        >,
        date_created_before: Result<
            Option<::chrono::DateTime<::chrono::offset::Utc>>,
            String,
        >,
        friendly_name: Result<Option<::std::string::String>, String>,
        page: Result<Option<i64>, String>,
        page_size: Result<Option<i64>, String>,
        page_token: Result<Option<::std::string::String>, String>,
    }
    impl<'a> ListWidget<'a> {
        pub(crate) fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                date_created: Ok(None),
                date_created_after: Ok(None),
                date_created_before: Ok(None),
                friendly_name: Ok(None),
                page: Ok(None),
                page_size: Ok(None),
                page_token: Ok(None),
            }
        }
        ///Checks the parameters and builds the request; `send` sends it.
        #[inline]
        fn request(&self) -> Result<::reqwest::Request, Error<()>> {
            let client = self.client;
            let date_created = self.date_created.clone();
            let date_created_after = self.date_created_after.clone();
            let date_created_before = self.date_created_before.clone();
            let friendly_name = self.friendly_name.clone();
            let page = self.page.clone();
            let page_size = self.page_size.clone();
            let page_token = self.page_token.clone();
            let date_created = date_created.map_err(Error::InvalidRequest)?;
            let date_created_after = date_created_after.map_err(Error::InvalidRequest)?;
            let date_created_before = date_created_before
                .map_err(Error::InvalidRequest)?;
            let friendly_name = friendly_name.map_err(Error::InvalidRequest)?;
            let page = page.map_err(Error::InvalidRequest)?;
            let page_size = page_size.map_err(Error::InvalidRequest)?;
            let page_token = page_token.map_err(Error::InvalidRequest)?;
            let url = ::twilio_runtime::__generated::api_url(
                    &client.inner,
                    format_args!("/v1/Widgets"),
                )
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::new();
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .query(&progenitor_client::QueryParam::new("DateCreated", &date_created))
                .query(
                    &progenitor_client::QueryParam::new(
                        "DateCreated>",
                        &date_created_after,
                    ),
                )
                .query(
                    &progenitor_client::QueryParam::new(
                        "DateCreated<",
                        &date_created_before,
                    ),
                )
                .query(
                    &progenitor_client::QueryParam::new("FriendlyName", &friendly_name),
                )
                .query(&progenitor_client::QueryParam::new("Page", &page))
                .query(&progenitor_client::QueryParam::new("PageSize", &page_size))
                .query(&progenitor_client::QueryParam::new("PageToken", &page_token))
                .headers(header_map)
                .build()?;
            Ok(request)
        }
    }
    /**Builder for [`Client::create_widget`]

[`Client::create_widget`]: super::Client::create_widget*/
    #[derive(Debug, Clone)]
    pub struct CreateWidget<'a> {
        client: &'a super::Client,
        x_twilio_webhook_enabled: Result<
            Option<crate::types::CreateWidgetXTwilioWebhookEnabled>,
            String,
        >,
        body: Result<types::builder::CreateWidgetRequest, String>,
    }
    impl<'a> CreateWidget<'a> {
        pub(crate) fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                x_twilio_webhook_enabled: Ok(None),
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::CreateWidgetRequest>,
            <V as std::convert::TryInto<
                types::CreateWidgetRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!("conversion to `CreateWidgetRequest` for body failed: {}", s)
                });
            self
        }
        pub(crate) fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::CreateWidgetRequest,
            ) -> types::builder::CreateWidgetRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Checks the parameters and builds the request; `send` sends it.
        #[inline]
        fn request(&self) -> Result<::reqwest::Request, Error<()>> {
            let client = self.client;
            let x_twilio_webhook_enabled = self.x_twilio_webhook_enabled.clone();
            let body = self.body.clone();
            let x_twilio_webhook_enabled = x_twilio_webhook_enabled
                .map_err(Error::InvalidRequest)?;
            let body = body
                .and_then(|v| {
                    types::CreateWidgetRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = ::twilio_runtime::__generated::api_url(
                    &client.inner,
                    format_args!("/v1/Widgets"),
                )
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::new();
            if let Some(value) = x_twilio_webhook_enabled {
                header_map
                    .append("X-Twilio-Webhook-Enabled", value.to_string().try_into()?);
            }
            #[allow(unused_mut)]
            let mut request = client
                .client
                .post(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .form_urlencoded(&body)?
                .headers(header_map)
                .build()?;
            Ok(request)
        }
    }
    /**Builder for [`Client::fetch_widget`]

[`Client::fetch_widget`]: super::Client::fetch_widget*/
    #[derive(Debug, Clone)]
    pub struct FetchWidget<'a> {
        client: &'a super::Client,
        sid: Result<crate::types::WidgetSid, String>,
    }
    impl<'a> FetchWidget<'a> {
        pub(crate) fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                sid: Err("sid was not initialized".to_string()),
            }
        }
        ///Checks the parameters and builds the request; `send` sends it.
        #[inline]
        fn request(&self) -> Result<::reqwest::Request, Error<()>> {
            let client = self.client;
            let sid = self.sid.clone();
            let sid = sid.map_err(Error::InvalidRequest)?;
            let url = ::twilio_runtime::__generated::api_url(
                    &client.inner,
                    format_args!(
                        "/v1/Widgets/{}", ::twilio_runtime::__generated::PathSegment(&
                        sid)
                    ),
                )
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::new();
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .headers(header_map)
                .build()?;
            Ok(request)
        }
    }
    /**Builder for [`Client::update_widget`]

[`Client::update_widget`]: super::Client::update_widget*/
    #[derive(Debug, Clone)]
    pub struct UpdateWidget<'a> {
        client: &'a super::Client,
        sid: Result<crate::types::WidgetSid, String>,
        body: Result<types::builder::UpdateWidgetRequest, String>,
    }
    impl<'a> UpdateWidget<'a> {
        pub(crate) fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                sid: Err("sid was not initialized".to_string()),
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::UpdateWidgetRequest>,
            <V as std::convert::TryInto<
                types::UpdateWidgetRequest,
            >>::Error: std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|s| {
                    format!("conversion to `UpdateWidgetRequest` for body failed: {}", s)
                });
            self
        }
        pub(crate) fn body_map<F>(mut self, f: F) -> Self
        where
            F: std::ops::FnOnce(
                types::builder::UpdateWidgetRequest,
            ) -> types::builder::UpdateWidgetRequest,
        {
            self.body = self.body.map(f);
            self
        }
        ///Checks the parameters and builds the request; `send` sends it.
        #[inline]
        fn request(&self) -> Result<::reqwest::Request, Error<()>> {
            let client = self.client;
            let sid = self.sid.clone();
            let body = self.body.clone();
            let sid = sid.map_err(Error::InvalidRequest)?;
            let body = body
                .and_then(|v| {
                    types::UpdateWidgetRequest::try_from(v).map_err(|e| e.to_string())
                })
                .map_err(Error::InvalidRequest)?;
            let url = ::twilio_runtime::__generated::api_url(
                    &client.inner,
                    format_args!(
                        "/v1/Widgets/{}", ::twilio_runtime::__generated::PathSegment(&
                        sid)
                    ),
                )
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::new();
            #[allow(unused_mut)]
            let mut request = client
                .client
                .post(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .form_urlencoded(&body)?
                .headers(header_map)
                .build()?;
            Ok(request)
        }
    }
    /**Builder for [`Client::delete_widget`]

[`Client::delete_widget`]: super::Client::delete_widget*/
    #[derive(Debug, Clone)]
    pub struct DeleteWidget<'a> {
        client: &'a super::Client,
        sid: Result<crate::types::WidgetSid, String>,
    }
    impl<'a> DeleteWidget<'a> {
        pub(crate) fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                sid: Err("sid was not initialized".to_string()),
            }
        }
        ///Checks the parameters and builds the request; `send` sends it.
        #[inline]
        fn request(&self) -> Result<::reqwest::Request, Error<()>> {
            let client = self.client;
            let sid = self.sid.clone();
            let sid = sid.map_err(Error::InvalidRequest)?;
            let url = ::twilio_runtime::__generated::api_url(
                    &client.inner,
                    format_args!(
                        "/v1/Widgets/{}", ::twilio_runtime::__generated::PathSegment(&
                        sid)
                    ),
                )
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::new();
            #[allow(unused_mut)]
            let mut request = client.client.delete(url).headers(header_map).build()?;
            Ok(request)
        }
    }
    /**Builder for [`Client::create_widget_transfer`]

[`Client::create_widget_transfer`]: super::Client::create_widget_transfer*/
    #[derive(Debug, Clone)]
    pub struct CreateWidgetTransfer<'a> {
        client: &'a super::Client,
        widget_sid: Result<crate::types::WidgetSid, String>,
        body: Result<
            ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            String,
        >,
    }
    impl<'a> CreateWidgetTransfer<'a> {
        pub(crate) fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                widget_sid: Err("widget_sid was not initialized".to_string()),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<
                ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            >,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `:: serde_json :: Map < :: std :: string :: String , :: serde_json :: Value >` for body failed"
                        .to_string()
                });
            self
        }
        ///Checks the parameters and builds the request; `send` sends it.
        #[inline]
        fn request(&self) -> Result<::reqwest::Request, Error<()>> {
            let client = self.client;
            let widget_sid = self.widget_sid.clone();
            let body = self.body.clone();
            let widget_sid = widget_sid.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = ::twilio_runtime::__generated::api_url(
                    &client.inner,
                    format_args!(
                        "/v1/Widgets/{}/Transfers",
                        ::twilio_runtime::__generated::PathSegment(& widget_sid)
                    ),
                )
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::new();
            #[allow(unused_mut)]
            let mut request = client
                .client
                .post(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            Ok(request)
        }
    }
    /**Builder for [`Client::fetch_settings`]

[`Client::fetch_settings`]: super::Client::fetch_settings*/
    #[derive(Debug, Clone)]
    pub struct FetchSettings<'a> {
        client: &'a super::Client,
    }
    impl<'a> FetchSettings<'a> {
        pub(crate) fn new(client: &'a super::Client) -> Self {
            Self { client: client }
        }
        ///Checks the parameters and builds the request; `send` sends it.
        #[inline]
        fn request(&self) -> Result<::reqwest::Request, Error<()>> {
            let client = self.client;
            let url = ::twilio_runtime::__generated::api_url(
                    &client.inner,
                    format_args!("/v1/Settings"),
                )
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::new();
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .headers(header_map)
                .build()?;
            Ok(request)
        }
    }
    /**Builder for [`Client::update_settings`]

[`Client::update_settings`]: super::Client::update_settings*/
    #[derive(Debug, Clone)]
    pub struct UpdateSettings<'a> {
        client: &'a super::Client,
        body: Result<
            ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            String,
        >,
    }
    impl<'a> UpdateSettings<'a> {
        pub(crate) fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                body: Ok(::std::default::Default::default()),
            }
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<
                ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            >,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `:: serde_json :: Map < :: std :: string :: String , :: serde_json :: Value >` for body failed"
                        .to_string()
                });
            self
        }
        ///Checks the parameters and builds the request; `send` sends it.
        #[inline]
        fn request(&self) -> Result<::reqwest::Request, Error<()>> {
            let client = self.client;
            let body = self.body.clone();
            let body = body.map_err(Error::InvalidRequest)?;
            let url = ::twilio_runtime::__generated::api_url(
                    &client.inner,
                    format_args!("/v1/Settings"),
                )
                .map_err(Error::InvalidRequest)?;
            let mut header_map = ::reqwest::header::HeaderMap::new();
            #[allow(unused_mut)]
            let mut request = client
                .client
                .post(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            Ok(request)
        }
    }
    impl<'a> ListWidget<'a> {
        /**The `friendly_name` of the Widgets to read.

query parameter `FriendlyName` (optional).*/
        pub fn friendly_name<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
            V::Error: std::fmt::Display,
        {
            self.friendly_name = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("FriendlyName", e))
                .map(Some);
            self
        }
        /**Only include widgets created on this date.

query parameter `DateCreated` (optional).*/
        pub fn date_created<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
            V::Error: std::fmt::Display,
        {
            self.date_created = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("DateCreated", e))
                .map(Some);
            self
        }
        /**Only include widgets created before this date.

query parameter `DateCreated<` (optional).*/
        pub fn date_created_before<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
            V::Error: std::fmt::Display,
        {
            self.date_created_before = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("DateCreated<", e))
                .map(Some);
            self
        }
        /**Only include widgets created after this date.

query parameter `DateCreated>` (optional).*/
        pub fn date_created_after<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
            V::Error: std::fmt::Display,
        {
            self.date_created_after = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("DateCreated>", e))
                .map(Some);
            self
        }
        /**How many resources to return in each list page. The default is 50, and the maximum is 1000.

query parameter `PageSize` (optional).*/
        pub fn page_size<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
            V::Error: std::fmt::Display,
        {
            self.page_size = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("PageSize", e))
                .and_then(|v| ::twilio_runtime::__generated::check_range(
                    "PageSize",
                    v,
                    Some(1i64),
                    Some(1000i64),
                ))
                .map(Some);
            self
        }
        /**The page index. This value is simply for client state.

query parameter `Page` (optional).*/
        pub fn page<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
            V::Error: std::fmt::Display,
        {
            self.page = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("Page", e))
                .and_then(|v| ::twilio_runtime::__generated::check_range(
                    "Page",
                    v,
                    Some(0i64),
                    None,
                ))
                .map(Some);
            self
        }
        /**The page token. This is provided by the API.

query parameter `PageToken` (optional).*/
        pub fn page_token<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
            V::Error: std::fmt::Display,
        {
            self.page_token = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("PageToken", e))
                .map(Some);
            self
        }
        /// Every problem of the request, in one error.
        #[inline]
        fn check(&self) -> ::std::result::Result<(), Error<()>> {
            ::twilio_runtime::__generated::check_request(
                &[
                    ("friendly_name", "FriendlyName", self.friendly_name.as_ref().err()),
                    ("date_created", "DateCreated", self.date_created.as_ref().err()),
                    (
                        "date_created_before",
                        "DateCreated<",
                        self.date_created_before.as_ref().err(),
                    ),
                    (
                        "date_created_after",
                        "DateCreated>",
                        self.date_created_after.as_ref().err(),
                    ),
                    ("page_size", "PageSize", self.page_size.as_ref().err()),
                    ("page", "Page", self.page.as_ref().err()),
                    ("page_token", "PageToken", self.page_token.as_ref().err()),
                ],
                Ok([]),
            )
        }
        ///Sends `GET /v1/Widgets`. Errors are typed: see [`crate::Error`].
        pub async fn send(
            #[allow(unused_mut)]
            mut self,
        ) -> ::twilio_runtime::__generated::Result<types::ListWidgetResponse> {
            const OPERATION: ::twilio_runtime::__generated::Operation = ::twilio_runtime::__generated::Operation {
                id: "ListWidget",
                fields: &[
                    ("friendly_name", "FriendlyName"),
                    ("date_created", "DateCreated"),
                    ("date_created_before", "DateCreated<"),
                    ("date_created_after", "DateCreated>"),
                    ("page_size", "PageSize"),
                    ("page", "Page"),
                    ("page_token", "PageToken"),
                ],
                families: &[],
            };
            ::twilio_runtime::__generated::send(
                    &self.client.inner,
                    &OPERATION,
                    &|| self.check().and_then(|()| self.request()),
                )
                .await
                .and_then(|body| ::twilio_runtime::__generated::decode(
                    &OPERATION,
                    &body,
                ))
        }
        /// Every item across all pages, following `meta.next_page_url`, with the next page
        /// requested while this one is consumed. See [`Items`](::twilio_runtime::__generated::Items); the type is also named [`ListWidgetItems`](super::streams::ListWidgetItems).
        #[inline]
        pub fn stream(
            self,
        ) -> ::twilio_runtime::__generated::Items<'a, types::ListWidgetResponse> {
            ::twilio_runtime::__generated::Items::new(self.pages())
        }
        /// Page by page, with metadata, resumable from a saved `next_page_url`.
        /// See [`Pages`](::twilio_runtime::__generated::Pages); the type is also named [`ListWidgetPages`](super::streams::ListWidgetPages).
        #[inline]
        pub fn pages(
            self,
        ) -> ::twilio_runtime::__generated::Pages<'a, types::ListWidgetResponse> {
            const OPERATION: ::twilio_runtime::__generated::Operation = ::twilio_runtime::__generated::Operation {
                id: "ListWidget",
                fields: &[
                    ("friendly_name", "FriendlyName"),
                    ("date_created", "DateCreated"),
                    ("date_created_before", "DateCreated<"),
                    ("date_created_after", "DateCreated>"),
                    ("page_size", "PageSize"),
                    ("page", "Page"),
                    ("page_token", "PageToken"),
                ],
                families: &[],
            };
            let client = &self.client.inner;
            let page_size_set = matches!(self.page_size, Ok(Some(_)));
            ::twilio_runtime::__generated::Pages::new(
                client,
                &OPERATION,
                page_size_set,
                move |page_size| {
                    let builder = match page_size {
                        Some(n) => self.page_size(n),
                        None => self,
                    };
                    builder.check().and_then(|()| builder.request())
                },
            )
        }
    }
    impl<'a> CreateWidget<'a> {
        /**The X-Twilio-Webhook-Enabled HTTP request header

header parameter `X-Twilio-Webhook-Enabled` (optional).*/
        pub fn x_twilio_webhook_enabled<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::types::CreateWidgetXTwilioWebhookEnabled>,
            V::Error: std::fmt::Display,
        {
            self.x_twilio_webhook_enabled = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid(
                    "X-Twilio-Webhook-Enabled",
                    e,
                ))
                .map(Some);
            self
        }
        /**The URL Twilio calls when the widget changes.

Body field `CallbackUrl` (optional).*/
        pub fn callback_url<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("CallbackUrl", e))
                .and_then(|v| ::twilio_runtime::__generated::check_uri("CallbackUrl", v))
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.callback_url = value;
                    b
                });
            self
        }
        ///Sets body field `ChannelType` (required).
        pub fn channel_type<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::types::WidgetChannelType>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("ChannelType", e));
            self.body = self
                .body
                .map(|mut b| {
                    b.channel_type = value;
                    b
                });
            self
        }
        /**The SID of the chat service.

Body field `ChatServiceSid` (required).*/
        pub fn chat_service_sid<V>(mut self, value: V) -> Self
        where
            V: ::twilio_runtime::__generated::IntoSid<crate::types::ChatServiceSid>,
        {
            let value = ::twilio_runtime::__generated::IntoSid::into_sid(
                    value,
                    &self.client.inner,
                    "ChatServiceSid",
                )
                .map_err(|e| ::twilio_runtime::__generated::invalid(
                    "ChatServiceSid",
                    e,
                ));
            self.body = self
                .body
                .map(|mut b| {
                    b.chat_service_sid = value;
                    b
                });
            self
        }
        /**A three-letter code.

Body field `Code` (optional).*/
        pub fn code<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("Code", e))
                .and_then(|v| {
                    static COMPILED: ::std::sync::OnceLock<
                        Option<::twilio_runtime::__generated::Regex>,
                    > = ::std::sync::OnceLock::new();
                    ::twilio_runtime::__generated::check_pattern(
                        &self.client.inner,
                        "Code",
                        v,
                        "^[A-Z]{3}$",
                        &COMPILED,
                    )
                })
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.code = value;
                    b
                });
            self
        }
        /**A descriptive string that you create to describe the Widget.

Body field `FriendlyName` (required).*/
        pub fn friendly_name<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("FriendlyName", e))
                .and_then(|v| ::twilio_runtime::__generated::check_length(
                    "FriendlyName",
                    v,
                    Some(1u64),
                    Some(64u64),
                ));
            self.body = self
                .body
                .map(|mut b| {
                    b.friendly_name = value;
                    b
                });
            self
        }
        /**The SID of the Studio Flow. Required when `IntegrationType` is `studio`.

Body field `Integration.FlowSid` (optional).*/
        pub fn integration_flow_sid<V>(mut self, value: V) -> Self
        where
            V: ::twilio_runtime::__generated::IntoSid<crate::types::FlowSid>,
        {
            let value = ::twilio_runtime::__generated::IntoSid::into_sid(
                    value,
                    &self.client.inner,
                    "Integration.FlowSid",
                )
                .map_err(|e| ::twilio_runtime::__generated::invalid(
                    "Integration.FlowSid",
                    e,
                ))
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.integration_flow_sid = value;
                    b
                });
            self
        }
        /**The number of times to retry the Studio Flow or webhook.

Body field `Integration.RetryCount` (optional).*/
        pub fn integration_retry_count<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid(
                    "Integration.RetryCount",
                    e,
                ))
                .and_then(|v| ::twilio_runtime::__generated::check_range(
                    "Integration.RetryCount",
                    v,
                    Some(0i64),
                    Some(3i64),
                ))
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.integration_retry_count = value;
                    b
                });
            self
        }
        ///Sets body field `IntegrationType` (optional).
        pub fn integration_type<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::types::WidgetIntegrationType>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid(
                    "IntegrationType",
                    e,
                ))
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.integration_type = value;
                    b
                });
            self
        }
        /**The URL of the external webhook. Required when `IntegrationType` is `external`.

Body field `Integration.Url` (optional).*/
        pub fn integration_url<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid(
                    "Integration.Url",
                    e,
                ))
                .and_then(|v| ::twilio_runtime::__generated::check_uri(
                    "Integration.Url",
                    v,
                ))
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.integration_url = value;
                    b
                });
            self
        }
        /**The widget's priority.

Body field `Priority` (optional).*/
        pub fn priority<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("Priority", e))
                .and_then(|v| ::twilio_runtime::__generated::check_range(
                    "Priority",
                    v,
                    Some(0i64),
                    Some(10i64),
                ))
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.priority = value;
                    b
                });
            self
        }
        /**Tags, sent as repeated keys.

Body field `Tags` (optional).*/
        pub fn tags<I, V>(mut self, values: I) -> Self
        where
            I: IntoIterator<Item = V>,
            V: std::convert::TryInto<::std::string::String>,
            V::Error: std::fmt::Display,
        {
            let value = values
                .into_iter()
                .map(|value| {
                    value
                        .try_into()
                        .map_err(|e| ::twilio_runtime::__generated::invalid("Tags", e))
                })
                .collect::<Result<Vec<::std::string::String>, String>>();
            self.body = self
                .body
                .map(|mut b| {
                    b.tags = value;
                    b
                });
            self
        }
        ///Sets `IntegrationType` and the `Integration.*` fields from an [`options::Integration`](crate::options::Integration): how a widget hands messages on: to a Studio Flow or a webhook.
        pub fn integration(mut self, options: crate::options::Integration) -> Self {
            self = self.integration_type(options.kind.as_str());
            if let Some(v) = options.flow_sid {
                self = self.integration_flow_sid(v);
            }
            if let Some(v) = options.url {
                self = self.integration_url(v);
            }
            if let Some(v) = options.retry_count {
                self = self.integration_retry_count(v);
            }
            self
        }
        /// Every problem of the request, in one error.
        #[inline]
        fn check(&self) -> ::std::result::Result<(), Error<()>> {
            ::twilio_runtime::__generated::check_request(
                &[
                    (
                        "x_twilio_webhook_enabled",
                        "X-Twilio-Webhook-Enabled",
                        self.x_twilio_webhook_enabled.as_ref().err(),
                    ),
                ],
                self
                    .body
                    .as_ref()
                    .map(|b| [
                        ("callback_url", "CallbackUrl", b.callback_url.as_ref().err()),
                        ("channel_type", "ChannelType", b.channel_type.as_ref().err()),
                        (
                            "chat_service_sid",
                            "ChatServiceSid",
                            b.chat_service_sid.as_ref().err(),
                        ),
                        ("code", "Code", b.code.as_ref().err()),
                        (
                            "friendly_name",
                            "FriendlyName",
                            b.friendly_name.as_ref().err(),
                        ),
                        (
                            "integration_flow_sid",
                            "Integration.FlowSid",
                            b.integration_flow_sid.as_ref().err(),
                        ),
                        (
                            "integration_retry_count",
                            "Integration.RetryCount",
                            b.integration_retry_count.as_ref().err(),
                        ),
                        (
                            "integration_type",
                            "IntegrationType",
                            b.integration_type.as_ref().err(),
                        ),
                        (
                            "integration_url",
                            "Integration.Url",
                            b.integration_url.as_ref().err(),
                        ),
                        ("priority", "Priority", b.priority.as_ref().err()),
                        ("tags", "Tags", b.tags.as_ref().err()),
                    ]),
            )
        }
        ///Sends `POST /v1/Widgets`. Errors are typed: see [`crate::Error`].
        pub async fn send(
            #[allow(unused_mut)]
            mut self,
        ) -> ::twilio_runtime::__generated::Result<types::Widget> {
            const OPERATION: ::twilio_runtime::__generated::Operation = ::twilio_runtime::__generated::Operation {
                id: "CreateWidget",
                fields: &[
                    ("x_twilio_webhook_enabled", "X-Twilio-Webhook-Enabled"),
                    ("callback_url", "CallbackUrl"),
                    ("channel_type", "ChannelType"),
                    ("chat_service_sid", "ChatServiceSid"),
                    ("code", "Code"),
                    ("friendly_name", "FriendlyName"),
                    ("integration_flow_sid", "Integration.FlowSid"),
                    ("integration_retry_count", "Integration.RetryCount"),
                    ("integration_type", "IntegrationType"),
                    ("integration_url", "Integration.Url"),
                    ("priority", "Priority"),
                    ("tags", "Tags"),
                ],
                families: &[
                    ::twilio_runtime::__generated::FamilyRule {
                        kind_field: "IntegrationType",
                        label: "integrations",
                        members: &[
                            "Integration.FlowSid",
                            "Integration.Url",
                            "Integration.RetryCount",
                        ],
                        kinds: &[
                            ::twilio_runtime::__generated::KindRule {
                                value: "studio",
                                required: &["Integration.FlowSid"],
                                allowed: &["Integration.FlowSid", "Integration.RetryCount"],
                            },
                            ::twilio_runtime::__generated::KindRule {
                                value: "external",
                                required: &["Integration.Url"],
                                allowed: &["Integration.Url", "Integration.RetryCount"],
                            },
                        ],
                    },
                ],
            };
            ::twilio_runtime::__generated::send(
                    &self.client.inner,
                    &OPERATION,
                    &|| self.check().and_then(|()| self.request()),
                )
                .await
                .and_then(|body| ::twilio_runtime::__generated::decode(
                    &OPERATION,
                    &body,
                ))
        }
    }
    impl<'a> FetchWidget<'a> {
        /**The SID of the Widget resource to fetch.

path parameter `Sid` (required).*/
        pub fn sid<V>(mut self, value: V) -> Self
        where
            V: ::twilio_runtime::__generated::IntoSid<crate::types::WidgetSid>,
        {
            self.sid = ::twilio_runtime::__generated::IntoSid::into_sid(
                    value,
                    &self.client.inner,
                    "Sid",
                )
                .map_err(|e| ::twilio_runtime::__generated::invalid("Sid", e));
            self
        }
        /// Every problem of the request, in one error.
        #[inline]
        fn check(&self) -> ::std::result::Result<(), Error<()>> {
            ::twilio_runtime::__generated::check_request(
                &[("sid", "Sid", self.sid.as_ref().err())],
                Ok([]),
            )
        }
        ///Sends `GET /v1/Widgets/{Sid}`. Errors are typed: see [`crate::Error`].
        pub async fn send(
            #[allow(unused_mut)]
            mut self,
        ) -> ::twilio_runtime::__generated::Result<types::Widget> {
            const OPERATION: ::twilio_runtime::__generated::Operation = ::twilio_runtime::__generated::Operation {
                id: "FetchWidget",
                fields: &[("sid", "Sid")],
                families: &[],
            };
            ::twilio_runtime::__generated::send(
                    &self.client.inner,
                    &OPERATION,
                    &|| self.check().and_then(|()| self.request()),
                )
                .await
                .and_then(|body| ::twilio_runtime::__generated::decode(
                    &OPERATION,
                    &body,
                ))
        }
    }
    impl<'a> UpdateWidget<'a> {
        /**The SID of the Widget resource to update.

path parameter `Sid` (required).*/
        pub fn sid<V>(mut self, value: V) -> Self
        where
            V: ::twilio_runtime::__generated::IntoSid<crate::types::WidgetSid>,
        {
            self.sid = ::twilio_runtime::__generated::IntoSid::into_sid(
                    value,
                    &self.client.inner,
                    "Sid",
                )
                .map_err(|e| ::twilio_runtime::__generated::invalid("Sid", e));
            self
        }
        /**A descriptive string for the Widget.

Body field `FriendlyName` (optional).*/
        pub fn friendly_name<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("FriendlyName", e))
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.friendly_name = value;
                    b
                });
            self
        }
        /**A body field named like the path parameter.

Body field `Sid` (optional).*/
        pub fn body_sid<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::string::String>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("Sid", e))
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.sid = value;
                    b
                });
            self
        }
        ///Sets body field `Status` (optional).
        pub fn status<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::types::UpdateWidgetStatus>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("Status", e))
                .map(Some);
            self.body = self
                .body
                .map(|mut b| {
                    b.status = value;
                    b
                });
            self
        }
        /// Every problem of the request, in one error.
        #[inline]
        fn check(&self) -> ::std::result::Result<(), Error<()>> {
            ::twilio_runtime::__generated::check_request(
                &[("sid", "Sid", self.sid.as_ref().err())],
                self
                    .body
                    .as_ref()
                    .map(|b| [
                        (
                            "friendly_name",
                            "FriendlyName",
                            b.friendly_name.as_ref().err(),
                        ),
                        ("body_sid", "Sid", b.sid.as_ref().err()),
                        ("status", "Status", b.status.as_ref().err()),
                    ]),
            )
        }
        ///Sends `POST /v1/Widgets/{Sid}`. Errors are typed: see [`crate::Error`].
        pub async fn send(
            #[allow(unused_mut)]
            mut self,
        ) -> ::twilio_runtime::__generated::Result<types::Widget> {
            const OPERATION: ::twilio_runtime::__generated::Operation = ::twilio_runtime::__generated::Operation {
                id: "UpdateWidget",
                fields: &[
                    ("sid", "Sid"),
                    ("friendly_name", "FriendlyName"),
                    ("body_sid", "Sid"),
                    ("status", "Status"),
                ],
                families: &[],
            };
            ::twilio_runtime::__generated::send(
                    &self.client.inner,
                    &OPERATION,
                    &|| self.check().and_then(|()| self.request()),
                )
                .await
                .and_then(|body| ::twilio_runtime::__generated::decode(
                    &OPERATION,
                    &body,
                ))
        }
    }
    impl<'a> DeleteWidget<'a> {
        /**The SID of the Widget resource to delete.

path parameter `Sid` (required).*/
        pub fn sid<V>(mut self, value: V) -> Self
        where
            V: ::twilio_runtime::__generated::IntoSid<crate::types::WidgetSid>,
        {
            self.sid = ::twilio_runtime::__generated::IntoSid::into_sid(
                    value,
                    &self.client.inner,
                    "Sid",
                )
                .map_err(|e| ::twilio_runtime::__generated::invalid("Sid", e));
            self
        }
        /// Every problem of the request, in one error.
        #[inline]
        fn check(&self) -> ::std::result::Result<(), Error<()>> {
            ::twilio_runtime::__generated::check_request(
                &[("sid", "Sid", self.sid.as_ref().err())],
                Ok([]),
            )
        }
        ///Sends `DELETE /v1/Widgets/{Sid}`. Errors are typed: see [`crate::Error`].
        pub async fn send(
            #[allow(unused_mut)]
            mut self,
        ) -> ::twilio_runtime::__generated::Result<()> {
            const OPERATION: ::twilio_runtime::__generated::Operation = ::twilio_runtime::__generated::Operation {
                id: "DeleteWidget",
                fields: &[("sid", "Sid")],
                families: &[],
            };
            ::twilio_runtime::__generated::send(
                    &self.client.inner,
                    &OPERATION,
                    &|| self.check().and_then(|()| self.request()),
                )
                .await
                .map(drop)
        }
    }
    impl<'a> CreateWidgetTransfer<'a> {
        /**The SID of the Widget to transfer.

path parameter `WidgetSid` (required).*/
        pub fn widget_sid<V>(mut self, value: V) -> Self
        where
            V: ::twilio_runtime::__generated::IntoSid<crate::types::WidgetSid>,
        {
            self.widget_sid = ::twilio_runtime::__generated::IntoSid::into_sid(
                    value,
                    &self.client.inner,
                    "WidgetSid",
                )
                .map_err(|e| ::twilio_runtime::__generated::invalid("WidgetSid", e));
            self
        }
        /// Every problem of the request, in one error.
        #[inline]
        fn check(&self) -> ::std::result::Result<(), Error<()>> {
            ::twilio_runtime::__generated::check_request(
                &[("widget_sid", "WidgetSid", self.widget_sid.as_ref().err())],
                self.body.as_ref().map(|_| []),
            )
        }
        ///Sends `POST /v1/Widgets/{WidgetSid}/Transfers`. Errors are typed: see [`crate::Error`].
        pub async fn send(
            #[allow(unused_mut)]
            mut self,
        ) -> ::twilio_runtime::__generated::Result<types::WidgetTransfer> {
            const OPERATION: ::twilio_runtime::__generated::Operation = ::twilio_runtime::__generated::Operation {
                id: "CreateWidgetTransfer",
                fields: &[("widget_sid", "WidgetSid")],
                families: &[],
            };
            ::twilio_runtime::__generated::send(
                    &self.client.inner,
                    &OPERATION,
                    &|| self.check().and_then(|()| self.request()),
                )
                .await
                .and_then(|body| ::twilio_runtime::__generated::decode(
                    &OPERATION,
                    &body,
                ))
        }
    }
    impl<'a> FetchSettings<'a> {
        /// Every problem of the request, in one error.
        #[inline]
        fn check(&self) -> ::std::result::Result<(), Error<()>> {
            ::twilio_runtime::__generated::check_request(&[], Ok([]))
        }
        ///Sends `GET /v1/Settings`. Errors are typed: see [`crate::Error`].
        pub async fn send(
            #[allow(unused_mut)]
            mut self,
        ) -> ::twilio_runtime::__generated::Result<types::Settings> {
            const OPERATION: ::twilio_runtime::__generated::Operation = ::twilio_runtime::__generated::Operation {
                id: "FetchSettings",
                fields: &[],
                families: &[],
            };
            ::twilio_runtime::__generated::send(
                    &self.client.inner,
                    &OPERATION,
                    &|| self.check().and_then(|()| self.request()),
                )
                .await
                .and_then(|body| ::twilio_runtime::__generated::decode(
                    &OPERATION,
                    &body,
                ))
        }
    }
    impl<'a> UpdateSettings<'a> {
        /**The chat service new widgets use.

Body field `default_chat_service_sid` (optional).*/
        pub fn default_chat_service_sid<V>(mut self, value: V) -> Self
        where
            V: ::twilio_runtime::__generated::IntoSid<crate::types::ChatServiceSid>,
        {
            let value = ::twilio_runtime::__generated::IntoSid::into_sid(
                    value,
                    &self.client.inner,
                    "default_chat_service_sid",
                )
                .map_err(|e| ::twilio_runtime::__generated::invalid(
                    "default_chat_service_sid",
                    e,
                ))
                .map(Some)
                .and_then(|v| {
                    serde_json::to_value(v)
                        .map_err(|e| ::twilio_runtime::__generated::invalid(
                            "default_chat_service_sid",
                            e,
                        ))
                });
            self.body = self
                .body
                .and_then(|mut m| {
                    value
                        .map(|v| {
                            m.insert("default_chat_service_sid".to_string(), v);
                            m
                        })
                });
            self
        }
        /**The UI's own settings, a JSON object.

Body field `ui_attributes` (optional).*/
        pub fn ui_attributes<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::serde_json::Value>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("ui_attributes", e))
                .map(Some)
                .and_then(|v| {
                    serde_json::to_value(v)
                        .map_err(|e| ::twilio_runtime::__generated::invalid(
                            "ui_attributes",
                            e,
                        ))
                });
            self.body = self
                .body
                .and_then(|mut m| {
                    value
                        .map(|v| {
                            m.insert("ui_attributes".to_string(), v);
                            m
                        })
                });
            self
        }
        ///Sets body field `retention_days` (optional).
        pub fn retention_days<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i64>,
            V::Error: std::fmt::Display,
        {
            let value = value
                .try_into()
                .map_err(|e| ::twilio_runtime::__generated::invalid("retention_days", e))
                .map(Some)
                .and_then(|v| {
                    serde_json::to_value(v)
                        .map_err(|e| ::twilio_runtime::__generated::invalid(
                            "retention_days",
                            e,
                        ))
                });
            self.body = self
                .body
                .and_then(|mut m| {
                    value
                        .map(|v| {
                            m.insert("retention_days".to_string(), v);
                            m
                        })
                });
            self
        }
        ///Sets body field `channel_types` (optional).
        pub fn channel_types<I, V>(mut self, values: I) -> Self
        where
            I: IntoIterator<Item = V>,
            V: std::convert::TryInto<crate::types::WidgetChannelType>,
            V::Error: std::fmt::Display,
        {
            let value = values
                .into_iter()
                .map(|value| {
                    value
                        .try_into()
                        .map_err(|e| ::twilio_runtime::__generated::invalid(
                            "channel_types",
                            e,
                        ))
                })
                .collect::<Result<Vec<crate::types::WidgetChannelType>, String>>()
                .map(Some)
                .and_then(|v| {
                    serde_json::to_value(v)
                        .map_err(|e| ::twilio_runtime::__generated::invalid(
                            "channel_types",
                            e,
                        ))
                });
            self.body = self
                .body
                .and_then(|mut m| {
                    value
                        .map(|v| {
                            m.insert("channel_types".to_string(), v);
                            m
                        })
                });
            self
        }
        /**Sets the writable property `name` of `Settings` (its wire name) from JSON, as its typed setter would: the value is decoded into the property's type and checked like caller input (SIDs strictly); `null` sends `null`.

Unlike the typed setters, a problem is an error at once, before anything is sent: [`Error::InvalidRequest`](::twilio_runtime::__generated::Error::InvalidRequest) naming the property, for a value of the wrong type, a read-only property (`account_sid`, `date_updated`, `url`: Twilio sets them), or a name `Settings` doesn't have.*/
        pub fn property(
            mut self,
            name: &str,
            value: ::serde_json::Value,
        ) -> ::twilio_runtime::__generated::Result<Self> {
            const WRITABLE: &[&str] = &[
                "default_chat_service_sid",
                "ui_attributes",
                "retention_days",
                "channel_types",
            ];
            const READ_ONLY: &[&str] = &["account_sid", "date_updated", "url"];
            let invalid = |message: &str| ::twilio_runtime::__generated::Error::invalid_request(
                "UpdateSettings",
                name,
                message,
            );
            if READ_ONLY.contains(&name) {
                return Err(invalid("read-only: Twilio sets it"));
            }
            if !WRITABLE.contains(&name) {
                return Err(invalid("not a property of `Settings`"));
            }
            if value.is_null() {
                self.body = self
                    .body
                    .map(|mut m| {
                        m.insert(name.to_string(), ::serde_json::Value::Null);
                        m
                    });
            } else {
                self = match name {
                    "default_chat_service_sid" => {
                        match ::serde_json::from_value::<::std::string::String>(value) {
                            Ok(v) => self.default_chat_service_sid(v),
                            Err(e) => {
                                return Err(
                                    ::twilio_runtime::__generated::Error::invalid_request(
                                        "UpdateSettings",
                                        "default_chat_service_sid",
                                        e.to_string(),
                                    ),
                                );
                            }
                        }
                    }
                    "ui_attributes" => {
                        match ::serde_json::from_value::<::serde_json::Value>(value) {
                            Ok(v) => self.ui_attributes(v),
                            Err(e) => {
                                return Err(
                                    ::twilio_runtime::__generated::Error::invalid_request(
                                        "UpdateSettings",
                                        "ui_attributes",
                                        e.to_string(),
                                    ),
                                );
                            }
                        }
                    }
                    "retention_days" => {
                        match ::serde_json::from_value::<i64>(value) {
                            Ok(v) => self.retention_days(v),
                            Err(e) => {
                                return Err(
                                    ::twilio_runtime::__generated::Error::invalid_request(
                                        "UpdateSettings",
                                        "retention_days",
                                        e.to_string(),
                                    ),
                                );
                            }
                        }
                    }
                    "channel_types" => {
                        match ::serde_json::from_value::<
                            ::std::vec::Vec<::std::string::String>,
                        >(value) {
                            Ok(v) => self.channel_types(v),
                            Err(e) => {
                                return Err(
                                    ::twilio_runtime::__generated::Error::invalid_request(
                                        "UpdateSettings",
                                        "channel_types",
                                        e.to_string(),
                                    ),
                                );
                            }
                        }
                    }
                    _ => return Err(invalid("not a property of `Settings`")),
                };
            }
            match &self.body {
                Ok(_) => Ok(self),
                Err(message) => {
                    let (field, reason) = message
                        .strip_prefix('`')
                        .and_then(|rest| rest.split_once("`: "))
                        .unwrap_or((name, message.as_str()));
                    Err(
                        ::twilio_runtime::__generated::Error::invalid_request(
                            "UpdateSettings",
                            field,
                            reason,
                        ),
                    )
                }
            }
        }
        /// Every problem of the request, in one error.
        #[inline]
        fn check(&self) -> ::std::result::Result<(), Error<()>> {
            ::twilio_runtime::__generated::check_request(
                &[],
                self.body.as_ref().map(|_| []),
            )
        }
        ///Sends `POST /v1/Settings`. Errors are typed: see [`crate::Error`].
        pub async fn send(
            #[allow(unused_mut)]
            mut self,
        ) -> ::twilio_runtime::__generated::Result<types::Settings> {
            const OPERATION: ::twilio_runtime::__generated::Operation = ::twilio_runtime::__generated::Operation {
                id: "UpdateSettings",
                fields: &[
                    ("default_chat_service_sid", "default_chat_service_sid"),
                    ("ui_attributes", "ui_attributes"),
                    ("retention_days", "retention_days"),
                    ("channel_types", "channel_types"),
                ],
                families: &[],
            };
            self.body = self
                .body
                .and_then(|mut m| {
                    if m.is_empty() {
                        return Err(
                            ::twilio_runtime::__generated::invalid(
                                "body",
                                "nothing to update: set a property, or give `.body(map)`",
                            ),
                        );
                    }
                    let account = self.client.inner.account_sid().to_string();
                    m.entry("account_sid").or_insert(serde_json::Value::String(account));
                    Ok(m)
                });
            ::twilio_runtime::__generated::send(
                    &self.client.inner,
                    &OPERATION,
                    &|| self.check().and_then(|()| self.request()),
                )
                .await
                .and_then(|body| ::twilio_runtime::__generated::decode(
                    &OPERATION,
                    &body,
                ))
        }
    }
}
