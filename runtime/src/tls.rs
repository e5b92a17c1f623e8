//! Which TLS the HTTP client the runtime builds uses, by feature: `rustls` (rustls with
//! aws-lc-rs, the default), `rustls-ring` (rustls with `ring`: no C toolchain needed) or
//! `native-tls` (the platform's). A client given with `ClientBuilder::http_client` keeps its
//! own TLS.

/// Whether an `https` base URL can be served.
pub(crate) const AVAILABLE: bool = cfg!(any(
    feature = "rustls",
    feature = "rustls-ring",
    feature = "native-tls"
));

/// Applies the selected TLS to a reqwest client builder.
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    // With `native-tls` the platform's TLS is used even when rustls is also compiled in
    // (another crate of the build may enable it).
    #[cfg(feature = "native-tls")]
    let builder = builder.tls_backend_native();
    // reqwest's `rustls-no-provider` takes the process's default crypto provider: `ring`'s,
    // unless the application installed another first.
    #[cfg(all(
        feature = "rustls-ring",
        not(feature = "rustls"),
        not(feature = "native-tls")
    ))]
    let _ = rustls::crypto::ring::default_provider().install_default();
    builder
}

#[cfg(test)]
mod tests {
    /// Whatever the TLS feature, building a client for Twilio's https host works (with
    /// `rustls-ring`, reqwest would panic without a crypto provider installed) — and without
    /// one, it is a configuration error, not a failure at the first request.
    #[test]
    fn an_https_client_builds_with_the_selected_tls() {
        let built = crate::ClientBuilder::<crate::testing::TestClient>::default()
            .credentials(crate::Credentials::auth_token(
                "AC0123456789abcdef0123456789abcdef",
                "token",
            ))
            .build();
        if super::AVAILABLE {
            assert!(built.is_ok(), "{:?}", built.err());
        } else {
            let err = built.err().expect("no TLS: an error");
            assert!(err.to_string().contains("TLS feature"), "{err}");
        }
    }
}
