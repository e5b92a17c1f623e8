//! What makes the generated `Client` a client of the runtime.

use crate::runtime_paths::{
    API_CLIENT, CLIENT_BUILDER, CLIENT_STATE, REQUEST_SPAN, RESULT, RETRY_POLICY, TRACING,
};
use syn::Item;

/// `impl ApiClient for Client` (its host, User-Agent and span) and the entry points
/// `Client::builder()`, `Client::from_env()`. `host` is the spec's server, "" when it names
/// none (a client that needs `base_url`).
pub fn client_impls(host: &str) -> Vec<Item> {
    let see_builder = format!(" a default. See {}.", CLIENT_BUILDER.doc_link());
    vec![
        syn::parse_quote! {
            #[doc(hidden)]
            impl #API_CLIENT for Client {
                const DEFAULT_HOST: &'static str = #host;
                const PRODUCT: &'static str =
                    concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION"));
                fn request_span(operation: &'static str) -> #TRACING::Span {
                    // Named after the product crate: `twilio_flex.request` for `twilio-flex`.
                    #REQUEST_SPAN!(
                        concat!(env!("CARGO_CRATE_NAME"), ".request"),
                        operation
                    )
                }
                fn from_state(
                    base_url: &str,
                    http: reqwest::Client,
                    state: #CLIENT_STATE,
                ) -> Self {
                    Self::new_with_client(base_url, http, state)
                }
                fn state(&self) -> &#CLIENT_STATE {
                    &self.inner
                }
            }
        },
        syn::parse_quote! {
            impl Client {
                /// Starts configuring a client: credentials are required, everything else has
                #[doc = #see_builder]
                pub fn builder() -> #CLIENT_BUILDER<Self> {
                    #CLIENT_BUILDER::default()
                }

                /// A client from the environment: `TWILIO_ACCOUNT_SID` with `TWILIO_AUTH_TOKEN`,
                /// or `TWILIO_API_KEY` + `TWILIO_API_SECRET` (with `TWILIO_ACCOUNT_SID`); optional
                /// `TWILIO_REGION` and `TWILIO_EDGE`. A missing or malformed variable is an
                /// error naming it.
                pub fn from_env() -> #RESULT<Self> {
                    Self::builder_from_env(|name| std::env::var(name).ok())?.build()
                }

                /// [`Client::from_env`] with a custom variable lookup, returning the builder
                /// to adjust.
                pub fn builder_from_env(
                    var: impl Fn(&str) -> Option<String>,
                ) -> #RESULT<#CLIENT_BUILDER<Self>> {
                    #CLIENT_BUILDER::from_env_with(var)
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
                pub fn with_retry(&self, policy: #RETRY_POLICY) -> Self {
                    Self::new_with_client(
                        &self.baseurl,
                        self.client.clone(),
                        self.inner.with_retry(policy),
                    )
                }
            }
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn the_client_implements_the_runtime_trait_with_the_spec_host() {
        let items = client_impls("flex-api.twilio.com");
        assert_eq!(items.len(), 2);
        let api = items[0].to_token_stream().to_string();
        assert!(
            // Generated code calls it; users don't: hidden from the `Client` page.
            api.starts_with(
                "# [doc (hidden)] impl :: twilio_runtime :: __generated :: ApiClient for Client"
            ),
            "{api}"
        );
        assert!(
            api.contains("const DEFAULT_HOST : & 'static str = \"flex-api.twilio.com\""),
            "{api}"
        );
        assert!(api.contains(":: twilio_runtime :: __generated :: request_span ! (concat ! (env ! (\"CARGO_CRATE_NAME\") , \".request\") , operation)"), "{api}");
        let client = items[1].to_token_stream().to_string();
        for method in [
            "builder",
            "from_env",
            "builder_from_env",
            "account_sid",
            "base_url",
        ] {
            assert!(
                client.contains(&format!("pub fn {method} (")),
                "{method}: {client}"
            );
        }
        assert!(
            client.contains("See [`ClientBuilder`](::twilio_runtime::__generated::ClientBuilder)."),
            "{client}"
        );
    }
}
