#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo};
#[allow(unused_imports)]
use ::twilio_runtime::__generated::RequestBuilderExt;
#[derive(Clone, Debug)]
#[doc = concat!(
    "The API's client: one method per operation, each returning a builder of its request. Set the request's fields with the builder's setters, then `send().await` it; a list also `stream()`s its items across pages.\n\nMake one with [`Client::builder`] (credentials, region, retries, timeouts) or [`Client::from_env`]. A clone shares the connection pool and credentials; [`Client::with_timeout`] and [`Client::with_retry`] give a clone with another policy, for one call or many.\n\n```no_run\n# async fn example() -> ",
    env!("CARGO_CRATE_NAME"), "::Result<()> {\nlet client = ", env!("CARGO_CRATE_NAME"),
    "::Client::from_env()?;\nlet response = client.fetch_settings().send().await?;\n# Ok(())\n# }\n```"
)]
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: ::twilio_runtime::__generated::ClientState,
}
impl Client {
    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub(crate) fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: ::twilio_runtime::__generated::ClientState,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}
#[doc(hidden)]
impl ClientInfo<::twilio_runtime::__generated::ClientState> for Client {
    fn api_version() -> &'static str {
        "1.0.0"
    }
    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &::twilio_runtime::__generated::ClientState {
        &self.inner
    }
}
#[doc(hidden)]
impl ClientHooks<::twilio_runtime::__generated::ClientState> for &Client {}
impl Client {
    #[doc = concat!(
        "Widgets\n\n`GET /v1/Widgets` → [`ListWidgetResponse`](crate::types::ListWidgetResponse). Set the request's fields on [`builder::ListWidget`](crate::builder::ListWidget), then `send` it.\n\nRequired setters: none.\n\nA list: [`stream`](crate::builder::ListWidget::stream) yields every item across pages, [`pages`](crate::builder::ListWidget::pages) each page with its metadata.\n\n```no_run\nuse futures::TryStreamExt;\n\n# async fn example() -> ",
        env!("CARGO_CRATE_NAME"), "::Result<()> {\nlet client = ",
        env!("CARGO_CRATE_NAME"),
        "::Client::from_env()?;\nlet items: Vec<_> = client\n    .list_widget()\n    .stream()\n    .try_collect()\n    .await?;\n# Ok(())\n# }\n```"
    )]
    pub fn list_widget(&self) -> builder::ListWidget<'_> {
        builder::ListWidget::new(self)
    }
    #[doc = concat!(
        "Widgets\n\n`POST /v1/Widgets` → [`Widget`](crate::types::Widget). Set the request's fields on [`builder::CreateWidget`](crate::builder::CreateWidget), then `send` it.\n\nRequired setters: [`channel_type`](crate::builder::CreateWidget::channel_type), [`chat_service_sid`](crate::builder::CreateWidget::chat_service_sid), [`friendly_name`](crate::builder::CreateWidget::friendly_name).\n\n```no_run\n# async fn example() -> ",
        env!("CARGO_CRATE_NAME"), "::Result<()> {\nlet client = ",
        env!("CARGO_CRATE_NAME"),
        "::Client::from_env()?;\nlet widget = client\n    .create_widget()\n    .channel_type(",
        env!("CARGO_CRATE_NAME"),
        "::types::WidgetChannelType::Sms)\n    .chat_service_sid(\"IS00000000000000000000000000000000\")\n    .friendly_name(\"friendly name\")\n    .send()\n    .await?;\n# Ok(())\n# }\n```"
    )]
    pub fn create_widget(&self) -> builder::CreateWidget<'_> {
        builder::CreateWidget::new(self)
    }
    #[doc = concat!(
        "Widgets\n\n`GET /v1/Widgets/{Sid}` → [`Widget`](crate::types::Widget). Set the request's fields on [`builder::FetchWidget`](crate::builder::FetchWidget), then `send` it.\n\nRequired setters: [`sid`](crate::builder::FetchWidget::sid).\n\n```no_run\n# async fn example() -> ",
        env!("CARGO_CRATE_NAME"), "::Result<()> {\nlet client = ",
        env!("CARGO_CRATE_NAME"),
        "::Client::from_env()?;\nlet widget = client\n    .fetch_widget()\n    .sid(\"WI00000000000000000000000000000000\")\n    .send()\n    .await?;\n# Ok(())\n# }\n```"
    )]
    pub fn fetch_widget(&self) -> builder::FetchWidget<'_> {
        builder::FetchWidget::new(self)
    }
    #[doc = concat!(
        "Widgets\n\n`POST /v1/Widgets/{Sid}` → [`Widget`](crate::types::Widget). Set the request's fields on [`builder::UpdateWidget`](crate::builder::UpdateWidget), then `send` it.\n\nRequired setters: [`sid`](crate::builder::UpdateWidget::sid).\n\n```no_run\n# async fn example() -> ",
        env!("CARGO_CRATE_NAME"), "::Result<()> {\nlet client = ",
        env!("CARGO_CRATE_NAME"),
        "::Client::from_env()?;\nlet widget = client\n    .update_widget()\n    .sid(\"WI00000000000000000000000000000000\")\n    .send()\n    .await?;\n# Ok(())\n# }\n```"
    )]
    pub fn update_widget(&self) -> builder::UpdateWidget<'_> {
        builder::UpdateWidget::new(self)
    }
    #[doc = concat!(
        "Widgets\n\n`DELETE /v1/Widgets/{Sid}` → no body. Set the request's fields on [`builder::DeleteWidget`](crate::builder::DeleteWidget), then `send` it.\n\nRequired setters: [`sid`](crate::builder::DeleteWidget::sid).\n\n```no_run\n# async fn example() -> ",
        env!("CARGO_CRATE_NAME"), "::Result<()> {\nlet client = ",
        env!("CARGO_CRATE_NAME"),
        "::Client::from_env()?;\nclient\n    .delete_widget()\n    .sid(\"WI00000000000000000000000000000000\")\n    .send()\n    .await?;\n# Ok(())\n# }\n```"
    )]
    pub fn delete_widget(&self) -> builder::DeleteWidget<'_> {
        builder::DeleteWidget::new(self)
    }
    #[doc = concat!(
        "Widget transfers\n\n`POST /v1/Widgets/{WidgetSid}/Transfers` → [`WidgetTransfer`](crate::types::WidgetTransfer). Set the request's fields on [`builder::CreateWidgetTransfer`](crate::builder::CreateWidgetTransfer), then `send` it.\n\nRequired setters: [`widget_sid`](crate::builder::CreateWidgetTransfer::widget_sid).\n\n```no_run\n# async fn example() -> ",
        env!("CARGO_CRATE_NAME"), "::Result<()> {\nlet client = ",
        env!("CARGO_CRATE_NAME"),
        "::Client::from_env()?;\nlet widget_transfer = client\n    .create_widget_transfer()\n    .widget_sid(\"WI00000000000000000000000000000000\")\n    .send()\n    .await?;\n# Ok(())\n# }\n```"
    )]
    pub fn create_widget_transfer(&self) -> builder::CreateWidgetTransfer<'_> {
        builder::CreateWidgetTransfer::new(self)
    }
    #[doc = concat!(
        "Settings of the account's widgets\n\n`GET /v1/Settings` → [`Settings`](crate::types::Settings). Set the request's fields on [`builder::FetchSettings`](crate::builder::FetchSettings), then `send` it.\n\nRequired setters: none.\n\n```no_run\n# async fn example() -> ",
        env!("CARGO_CRATE_NAME"), "::Result<()> {\nlet client = ",
        env!("CARGO_CRATE_NAME"),
        "::Client::from_env()?;\nlet settings = client\n    .fetch_settings()\n    .send()\n    .await?;\n# Ok(())\n# }\n```"
    )]
    pub fn fetch_settings(&self) -> builder::FetchSettings<'_> {
        builder::FetchSettings::new(self)
    }
    #[doc = concat!(
        "Settings of the account's widgets\n\n`POST /v1/Settings` → [`Settings`](crate::types::Settings). Set the request's fields on [`builder::UpdateSettings`](crate::builder::UpdateSettings), then `send` it.\n\nRequired setters: none.\n\n```no_run\n# async fn example() -> ",
        env!("CARGO_CRATE_NAME"), "::Result<()> {\nlet client = ",
        env!("CARGO_CRATE_NAME"),
        "::Client::from_env()?;\nlet settings = client\n    .update_settings()\n    .send()\n    .await?;\n# Ok(())\n# }\n```"
    )]
    pub fn update_settings(&self) -> builder::UpdateSettings<'_> {
        builder::UpdateSettings::new(self)
    }
}
#[doc(hidden)]
impl ::twilio_runtime::__generated::ApiClient for Client {
    const DEFAULT_HOST: &'static str = "test-api.twilio.com";
    const PRODUCT: &'static str = concat!(
        env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION")
    );
    fn request_span(
        operation: &'static str,
    ) -> ::twilio_runtime::__generated::tracing::Span {
        ::twilio_runtime::__generated::request_span!(
            concat!(env!("CARGO_CRATE_NAME"), ".request"), operation
        )
    }
    fn from_state(
        base_url: &str,
        http: reqwest::Client,
        state: ::twilio_runtime::__generated::ClientState,
    ) -> Self {
        Self::new_with_client(base_url, http, state)
    }
    fn state(&self) -> &::twilio_runtime::__generated::ClientState {
        &self.inner
    }
}
impl Client {
    /// Starts configuring a client: credentials are required, everything else has
    /// a default. See [`ClientBuilder`](::twilio_runtime::__generated::ClientBuilder).
    pub fn builder() -> ::twilio_runtime::__generated::ClientBuilder<Self> {
        ::twilio_runtime::__generated::ClientBuilder::default()
    }
    /// A client from the environment: `TWILIO_ACCOUNT_SID` with `TWILIO_AUTH_TOKEN`,
    /// or `TWILIO_API_KEY` + `TWILIO_API_SECRET` (with `TWILIO_ACCOUNT_SID`); optional
    /// `TWILIO_REGION` and `TWILIO_EDGE`. A missing or malformed variable is an
    /// error naming it.
    pub fn from_env() -> ::twilio_runtime::__generated::Result<Self> {
        Self::builder_from_env(|name| std::env::var(name).ok())?.build()
    }
    /// [`Client::from_env`] with a custom variable lookup, returning the builder
    /// to adjust.
    pub fn builder_from_env(
        var: impl Fn(&str) -> Option<String>,
    ) -> ::twilio_runtime::__generated::Result<
        ::twilio_runtime::__generated::ClientBuilder<Self>,
    > {
        ::twilio_runtime::__generated::ClientBuilder::from_env_with(var)
    }
    /// The account SID this client acts for.
    pub fn account_sid(&self) -> &str {
        self.inner.account_sid()
    }
    /// The API base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.baseurl
    }
    /// This client with another overall timeout per call (retries included), for
    /// the calls made through it (`client.with_timeout(d)` before an operation,
    /// for one call). It shares the client's connection pool and credentials, and is
    /// cheap to make (no connection, no allocation but its settings).
    pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
        Self::new_with_client(
            &self.baseurl,
            self.client.clone(),
            self.inner.with_timeout(timeout),
        )
    }
    /// This client with another retry policy, for the calls made through it
    /// (`client.with_retry(RetryPolicy::none())` before an operation, for one call);
    /// shares the client's connection pool and credentials.
    pub fn with_retry(
        &self,
        policy: ::twilio_runtime::__generated::RetryPolicy,
    ) -> Self {
        Self::new_with_client(
            &self.baseurl,
            self.client.clone(),
            self.inner.with_retry(policy),
        )
    }
}
