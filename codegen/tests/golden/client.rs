#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo};
#[allow(unused_imports)]
use ::twilio_runtime::__generated::RequestBuilderExt;
#[derive(Clone, Debug)]
/**Client for Twilio - Test

A fixture for the code generator's golden test.

Version: 1.0.0*/
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
impl ClientHooks<::twilio_runtime::__generated::ClientState> for &Client {}
impl Client {
    /**Sends a `GET` request to `/v1/Widgets`

Arguments:
- `date_created`: Only include widgets created on this date.
- `date_created_after`: Only include widgets created after this date.
- `date_created_before`: Only include widgets created before this date.
- `friendly_name`: The `friendly_name` of the Widgets to read.
- `page`: The page index. This value is simply for client state.
- `page_size`: How many resources to return in each list page. The default is 50, and the maximum is 1000.
- `page_token`: The page token. This is provided by the API.
```text
let response = client.list_widget()
    .date_created(date_created)
    .date_created_after(date_created_after)
    .date_created_before(date_created_before)
    .friendly_name(friendly_name)
    .page(page)
    .page_size(page_size)
    .page_token(page_token)
    .send()
    .await;
```*/
    pub fn list_widget(&self) -> builder::ListWidget<'_> {
        builder::ListWidget::new(self)
    }
    /**Sends a `POST` request to `/v1/Widgets`

Arguments:
- `x_twilio_webhook_enabled`: The X-Twilio-Webhook-Enabled HTTP request header
- `body`
```text
let response = client.create_widget()
    .x_twilio_webhook_enabled(x_twilio_webhook_enabled)
    .body(body)
    .send()
    .await;
```*/
    pub fn create_widget(&self) -> builder::CreateWidget<'_> {
        builder::CreateWidget::new(self)
    }
    /**Sends a `GET` request to `/v1/Widgets/{Sid}`

Arguments:
- `sid`: The SID of the Widget resource to fetch.
```text
let response = client.fetch_widget()
    .sid(sid)
    .send()
    .await;
```*/
    pub fn fetch_widget(&self) -> builder::FetchWidget<'_> {
        builder::FetchWidget::new(self)
    }
    /**Sends a `POST` request to `/v1/Widgets/{Sid}`

Arguments:
- `sid`: The SID of the Widget resource to update.
- `body`
```text
let response = client.update_widget()
    .sid(sid)
    .body(body)
    .send()
    .await;
```*/
    pub fn update_widget(&self) -> builder::UpdateWidget<'_> {
        builder::UpdateWidget::new(self)
    }
    /**Sends a `DELETE` request to `/v1/Widgets/{Sid}`

Arguments:
- `sid`: The SID of the Widget resource to delete.
```text
let response = client.delete_widget()
    .sid(sid)
    .send()
    .await;
```*/
    pub fn delete_widget(&self) -> builder::DeleteWidget<'_> {
        builder::DeleteWidget::new(self)
    }
    /**Sends a `POST` request to `/v1/Widgets/{WidgetSid}/Transfers`

Arguments:
- `widget_sid`: The SID of the Widget to transfer.
- `body`
```text
let response = client.create_widget_transfer()
    .widget_sid(widget_sid)
    .body(body)
    .send()
    .await;
```*/
    pub fn create_widget_transfer(&self) -> builder::CreateWidgetTransfer<'_> {
        builder::CreateWidgetTransfer::new(self)
    }
    /**Sends a `GET` request to `/v1/Settings`

```text
let response = client.fetch_settings()
    .send()
    .await;
```*/
    pub fn fetch_settings(&self) -> builder::FetchSettings<'_> {
        builder::FetchSettings::new(self)
    }
    /**Sends a `POST` request to `/v1/Settings`

```text
let response = client.update_settings()
    .body(body)
    .send()
    .await;
```*/
    pub fn update_settings(&self) -> builder::UpdateSettings<'_> {
        builder::UpdateSettings::new(self)
    }
}
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
