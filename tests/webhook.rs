//! `twilio_flex::webhook`: Twilio's signature, checked the way Twilio's libraries check it.
//! Fixed vectors come from Twilio's documentation and twilio-python's own tests; the
//! agreement with the official libraries on generated requests is `scripts/check-webhook-oracle`.
//! With `--features webhook-axum`, the layer and `examples/webhook_server.rs` are tested over
//! loopback.

use proptest::prelude::*;
use twilio_flex::webhook::{
    BODY_HASH_PARAM, Validator, WebhookError, body_sha256, candidate_urls, compute_signature,
};

const TOKEN: &str = "12345";
/// The request of Twilio's security docs (and twilio-python's tests).
const DOC_URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Twilio's docs: auth token 12345, this URL and these fields sign as `GvWf1cFY…`.
fn doc_params() -> Vec<(String, String)> {
    pairs(&[
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+14158675310"),
        ("Digits", "1234"),
        ("From", "+14158675310"),
        ("To", "+18005551212"),
    ])
}

/// twilio-python's tests/unit/test_request_validator.py: the same request from +14158675309.
fn python_test_params() -> Vec<(String, String)> {
    pairs(&[
        ("CallSid", "CA1234567890ABCDE"),
        ("Digits", "1234"),
        ("From", "+14158675309"),
        ("To", "+18005551212"),
        ("Caller", "+14158675309"),
    ])
}

#[test]
fn twilio_docs_vector() {
    let v = Validator::new(TOKEN);
    let sig = "GvWf1cFY/Q7PnoempGyD5oXAezc=";
    assert_eq!(compute_signature(TOKEN, DOC_URL, &doc_params()), sig);
    assert_eq!(v.check_form(DOC_URL, &doc_params(), sig), Ok(()));
    // Parameter order doesn't matter; a changed value, URL or token does.
    let mut reversed = doc_params();
    reversed.reverse();
    assert_eq!(v.check_form(DOC_URL, &reversed, sig), Ok(()));
    let mut changed = doc_params();
    changed[2].1 = "1235".into();
    assert_eq!(
        v.check_form(DOC_URL, &changed, sig),
        Err(WebhookError::BadSignature)
    );
    let other_url = DOC_URL.replace("foo=1", "foo=2");
    assert_eq!(
        v.check_form(&other_url, &doc_params(), sig),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        Validator::new("54321").check_form(DOC_URL, &doc_params(), sig),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn twilio_python_test_vectors() {
    let v = Validator::new(TOKEN);
    let params = python_test_params();
    assert_eq!(
        compute_signature(TOKEN, DOC_URL, &params),
        "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    );
    // test_validation_removes_port_on_https: a non-standard port is also tried without.
    let with_port = DOC_URL.replace(".com", ".com:1234");
    assert_eq!(
        v.check_form(&with_port, &params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        Ok(())
    );
    // test_validation_removes_port_on_http: signed with port 1234, kept.
    let http_port = with_port.replace("https", "http");
    assert_eq!(
        v.check_form(&http_port, &params, "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="),
        Ok(())
    );
    // test_validation_adds_port_on_https / _on_http: signed with :443 / :80.
    assert_eq!(
        v.check_form(DOC_URL, &params, "kvajT1Ptam85bY51eRf/AJRuM3w="),
        Ok(())
    );
    let http = DOC_URL.replace("https", "http");
    assert_eq!(
        v.check_form(&http, &params, "0ZXoZLH/DfblKGATFgpif+LLRf4="),
        Ok(())
    );
}

#[test]
fn repeated_keys_sign_each_distinct_value_once_in_sorted_order() {
    // twilio-python's test_compute_signature_duplicate_multi_dict.
    let params = pairs(&[
        ("Sid", "CA123"),
        ("SidAccount", "AC123"),
        ("Digits", "5678"),
        ("Digits", "1234"),
    ]);
    let expected = "IK+Dwps556ElfBT0I3Rgjkr1wJU=";
    assert_eq!(compute_signature(TOKEN, DOC_URL, &params), expected);
    let v = Validator::new(TOKEN);
    assert_eq!(v.check_form(DOC_URL, &params, expected), Ok(()));
    // The same value twice counts once (both libraries de-duplicate).
    let mut doubled = params.clone();
    doubled.push(("Digits".into(), "1234".into()));
    assert_eq!(v.check_form(DOC_URL, &doubled, expected), Ok(()));
    // Values in the order received would sign `Digits5678Digits1234…`: not accepted.
    let in_order = format!("{DOC_URL}Digits5678Digits1234SidCA123SidAccountAC123");
    let wrong = compute_signature(TOKEN, &in_order, &[]);
    assert_eq!(
        v.check_form(DOC_URL, &params, &wrong),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn names_sort_by_code_point_and_empty_values_count() {
    let v = Validator::new(TOKEN);
    let params = pairs(&[("b", ""), ("a", "é"), ("B", "😀"), ("", "x")]);
    // "" < "B" < "a" < "b": the signed string is spelled out here.
    let data = format!("{DOC_URL}xB😀aéb");
    let sig = compute_signature(TOKEN, &data, &[]);
    assert_eq!(compute_signature(TOKEN, DOC_URL, &params), sig);
    assert_eq!(v.check_form(DOC_URL, &params, &sig), Ok(()));
    let without_empty = &params[1..];
    assert_eq!(
        v.check_form(DOC_URL, without_empty, &sig),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn standard_ports_are_tried_both_ways() {
    let v = Validator::new(TOKEN);
    let p = doc_params();
    for (signed, received) in [
        ("https://h.example/x?a=1", "https://h.example:443/x?a=1"),
        ("https://h.example:443/x?a=1", "https://h.example/x?a=1"),
        ("http://h.example/x", "http://h.example:80/x"),
        ("http://h.example:80/x", "http://h.example/x"),
    ] {
        let sig = compute_signature(TOKEN, signed, &p);
        assert_eq!(
            v.check_form(received, &p, &sig),
            Ok(()),
            "{signed} → {received}"
        );
    }
}

#[test]
fn ports_are_dropped_but_never_invented_or_swapped() {
    let v = Validator::new(TOKEN);
    let p = doc_params();
    let check = |signed: &str, received: &str| {
        v.check_form(received, &p, &compute_signature(TOKEN, signed, &p))
    };
    // Like both libraries: Twilio signs some HTTPS callbacks without their port.
    assert_eq!(
        check("https://h.example/x", "https://h.example:8443/x"),
        Ok(())
    );
    assert_eq!(
        check("https://h.example:8443/x", "https://h.example:8443/x"),
        Ok(())
    );
    // A non-standard port is never added, changed, or turned into the standard one.
    let bad = Err(WebhookError::BadSignature);
    assert_eq!(
        check("https://h.example:8443/x", "https://h.example/x"),
        bad
    );
    assert_eq!(
        check("https://h.example:8443/x", "https://h.example:9443/x"),
        bad
    );
    assert_eq!(
        check("https://h.example:443/x", "https://h.example:8443/x"),
        bad
    );
    // The standard port follows the scheme.
    assert_eq!(check("https://h.example:80/x", "https://h.example/x"), bad);
    assert_eq!(check("http://h.example:443/x", "http://h.example/x"), bad);
    assert_eq!(check("http://h.example/x", "https://h.example/x"), bad);
    assert_eq!(
        candidate_urls("https://h.example:8443/x").unwrap(),
        ["https://h.example:8443/x", "https://h.example/x"]
    );
}

#[test]
fn urls_are_not_normalised() {
    let v = Validator::new(TOKEN);
    let signed = "https://h.example/a%7eb/c?q=it%27s+%C3%A9&e=";
    let sig = compute_signature(TOKEN, signed, &[]);
    assert_eq!(v.check_form(signed, &[], &sig), Ok(()));
    for received in [
        "https://h.example/a~b/c?q=it%27s+%C3%A9&e=",
        "https://h.example/a%7Eb/c?q=it%27s+%C3%A9&e=",
        "https://h.example/a%7eb/c?q=it's+%C3%A9&e=",
        "https://H.example/a%7eb/c?q=it%27s+%C3%A9&e=",
        "https://h.example/a%7eb/c?q=it%27s+%C3%A9&e",
    ] {
        assert_eq!(
            v.check_form(received, &[], &sig),
            Err(WebhookError::BadSignature),
            "{received}"
        );
    }
    // Except the scheme, which is case-insensitive (both libraries lower-case it).
    assert_eq!(
        v.check_form(&signed.replace("https", "HTTPS"), &[], &sig),
        Ok(())
    );
}

/// twilio-python's test_validation_of_body_succeeds.
#[test]
fn json_body_vector() {
    let body = br#"{"property": "value", "boolean": true}"#;
    let hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    assert_eq!(body_sha256(body), hash);
    let url = format!("{DOC_URL}&{BODY_HASH_PARAM}={hash}");
    let sig = "a9nBmqA0ju/hNViExpshrM61xv4=";
    assert_eq!(compute_signature(TOKEN, &url, &[]), sig);
    let v = Validator::new(TOKEN);
    assert_eq!(v.check_json(&url, body, sig), Ok(()));
    // Port variants apply to JSON webhooks too.
    let url_443 = url.replace(".com", ".com:443");
    assert_eq!(v.check_json(&url_443, body, sig), Ok(()));
}

#[test]
fn json_body_must_match_even_under_a_valid_signature() {
    let v = Validator::new(TOKEN);
    let body = br#"{"EventType":"onMessageAdded","Body":"hola"}"#;
    let url = format!(
        "https://h.example/hook?{BODY_HASH_PARAM}={}",
        body_sha256(body)
    );
    let sig = compute_signature(TOKEN, &url, &[]);
    assert_eq!(v.check_json(&url, body, &sig), Ok(()));
    let tampered = br#"{"EventType":"onMessageAdded","Body":"adios"}"#;
    assert_eq!(
        v.check_json(&url, tampered, &sig),
        Err(WebhookError::BodyHashMismatch)
    );
    // Same JSON, different bytes: still a mismatch (the hash is of the raw body).
    let spaced = br#"{"EventType": "onMessageAdded", "Body": "hola"}"#;
    assert_eq!(
        v.check_json(&url, spaced, &sig),
        Err(WebhookError::BodyHashMismatch)
    );
    // The URL's hash is compared as the libraries compare it: lowercase hex, exactly.
    let upper = format!(
        "https://h.example/hook?{BODY_HASH_PARAM}={}",
        body_sha256(body).to_uppercase()
    );
    let upper_sig = compute_signature(TOKEN, &upper, &[]);
    assert_eq!(
        v.check_json(&upper, body, &upper_sig),
        Err(WebhookError::BodyHashMismatch)
    );
    // A bad signature is reported as such, whatever the body.
    assert_eq!(
        v.check_json(&url, tampered, &compute_signature("other", &url, &[])),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn json_without_body_hash_is_a_typed_error() {
    let v = Validator::new(TOKEN);
    for url in [
        "https://h.example/hook",
        "https://h.example/hook?bodySHA256=",
        "https://h.example/hook?bodysha256=ab",
    ] {
        let sig = compute_signature(TOKEN, url, &[]);
        assert_eq!(
            v.check_json(url, b"{}", &sig),
            Err(WebhookError::MissingBodyHash),
            "{url}"
        );
    }
}

#[test]
fn rotation_accepts_either_token() {
    let v = Validator::new("old-token").with_token("new-token");
    let p = doc_params();
    for token in ["old-token", "new-token"] {
        let sig = compute_signature(token, DOC_URL, &p);
        assert_eq!(v.check_form(DOC_URL, &p, &sig), Ok(()), "{token}");
    }
    let sig = compute_signature("third-token", DOC_URL, &p);
    assert_eq!(
        v.check_form(DOC_URL, &p, &sig),
        Err(WebhookError::BadSignature)
    );
    // Without the second token, its signatures are refused.
    let new_sig = compute_signature("new-token", DOC_URL, &p);
    assert_eq!(
        Validator::new("old-token").check_form(DOC_URL, &p, &new_sig),
        Err(WebhookError::BadSignature)
    );
}

#[test]
fn an_empty_token_accepts_nothing() {
    let p = doc_params();
    let forged = compute_signature("", DOC_URL, &p);
    assert_eq!(
        Validator::new("").check_form(DOC_URL, &p, &forged),
        Err(WebhookError::BadSignature)
    );
    let v = Validator::new(TOKEN).with_token("");
    assert_eq!(
        v.check_form(DOC_URL, &p, &forged),
        Err(WebhookError::BadSignature)
    );
    assert_eq!(
        v.check_form(DOC_URL, &p, "GvWf1cFY/Q7PnoempGyD5oXAezc="),
        Ok(())
    );
}

#[test]
fn bad_input_is_a_typed_rejection() {
    let v = Validator::new(TOKEN);
    let p = doc_params();
    let good = "GvWf1cFY/Q7PnoempGyD5oXAezc=";
    assert_eq!(
        v.check_form(DOC_URL, &p, ""),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        v.check_json(DOC_URL, b"{}", ""),
        Err(WebhookError::MissingSignature)
    );
    for garbage in [
        "not base64!",
        "GvWf1cFY/Q7PnoempGyD5oXAezc", // padding missing: the libraries compare strings
        "GvWf1cFY/Q7PnoempGyD5oXAezd=", // non-zero trailing bits
        " GvWf1cFY/Q7PnoempGyD5oXAezc=", // whitespace
        "GvWf1cFY/Q7PnoempGyD5oXAezc=\n",
        "R3ZXZjFjRlk=", // valid Base64, wrong length
        "\u{0}\u{7f}é😀",
    ] {
        assert_eq!(
            v.check_form(DOC_URL, &p, garbage),
            Err(WebhookError::MalformedSignature),
            "{garbage:?}"
        );
    }
    for url in [
        "",
        "mycompany.com/myapp.php",
        "ftp://mycompany.com/x",
        "https://",
        "https://bad host/",
        "https://h:70000/",
        "\u{0}",
    ] {
        assert_eq!(
            v.check_form(url, &p, good),
            Err(WebhookError::InvalidUrl),
            "{url:?}"
        );
        assert_eq!(
            v.check_json(url, b"{}", good),
            Err(WebhookError::InvalidUrl),
            "{url:?}"
        );
    }
    // Non-UTF-8 and huge bodies are hashed, not parsed.
    let url = format!(
        "https://h.example/hook?{BODY_HASH_PARAM}={}",
        body_sha256(b"{}")
    );
    let sig = compute_signature(TOKEN, &url, &[]);
    assert_eq!(
        v.check_json(&url, &[0xff, 0xfe, 0x00, 0xc3], &sig),
        Err(WebhookError::BodyHashMismatch)
    );
    let huge = vec![b'x'; 32 * 1024 * 1024];
    assert_eq!(
        v.check_json(&url, &huge, &sig),
        Err(WebhookError::BodyHashMismatch)
    );
}

/// Issue #23, point 13: parameters as `&str` pairs, arrays, `Vec`s of any `AsRef<str>`, or
/// maps sign and check the same as `&[(String, String)]`; `&[]` still means none.
#[test]
fn params_may_be_str_pairs_arrays_or_maps() {
    use std::collections::{BTreeMap, HashMap};
    let owned = doc_params();
    let want = compute_signature(TOKEN, DOC_URL, &owned);
    let strs: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let array = [
        ("To", "+18005551212"),
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+14158675310"),
        ("Digits", "1234"),
        ("From", "+14158675310"),
    ];
    let mixed: Vec<(&str, String)> = owned.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let hash: HashMap<String, String> = owned.iter().cloned().collect();
    let btree: BTreeMap<&str, &str> = array.into_iter().collect();
    let v = Validator::new(TOKEN);
    assert_eq!(compute_signature(TOKEN, DOC_URL, &strs), want);
    assert_eq!(compute_signature(TOKEN, DOC_URL, &strs[..]), want);
    assert_eq!(compute_signature(TOKEN, DOC_URL, &array), want);
    assert_eq!(compute_signature(TOKEN, DOC_URL, &mixed), want);
    assert_eq!(compute_signature(TOKEN, DOC_URL, &hash), want);
    assert_eq!(compute_signature(TOKEN, DOC_URL, &btree), want);
    assert_eq!(compute_signature(TOKEN, DOC_URL, owned.as_slice()), want);
    for result in [
        v.check_form(DOC_URL, &owned, &want),
        v.check_form(DOC_URL, &strs, &want),
        v.check_form(DOC_URL, &array, &want),
        v.check_form(DOC_URL, &hash, &want),
        v.check_form(DOC_URL, &btree, &want),
    ] {
        assert_eq!(result, Ok(()));
    }
    assert_eq!(
        v.check_form(DOC_URL, &array[1..], &want),
        Err(WebhookError::BadSignature)
    );
    // No parameters: `&[]` needs no annotation, as it did when only Strings were taken.
    let get = compute_signature(TOKEN, DOC_URL, &[]);
    assert_eq!(
        get,
        compute_signature(TOKEN, DOC_URL, &Vec::<(String, String)>::new())
    );
    assert_eq!(v.check_form(DOC_URL, &[], &get), Ok(()));
    assert_eq!(
        v.check_form(DOC_URL, &HashMap::<&str, &str>::new(), &get),
        Ok(())
    );
}

#[test]
fn nothing_shows_the_token_or_the_signature() {
    let token = "tok-3f1c9a0d7be54e21";
    let second = "tok-secondary-88aa";
    let v = Validator::new(token).with_token(second);
    let shown = format!("{v:?} {v:#?}");
    assert!(!shown.contains(token) && !shown.contains(second), "{shown}");
    assert!(shown.contains("tokens: 2"), "{shown}");
    let p = doc_params();
    let sig = compute_signature(token, "https://elsewhere.example/", &p);
    let bad_json_url = format!("https://h.example/?{BODY_HASH_PARAM}=00");
    let errors = [
        v.check_form(DOC_URL, &p, ""),
        v.check_form(DOC_URL, &p, "garbage"),
        v.check_form(DOC_URL, &p, &sig),
        v.check_form("nope", &p, &sig),
        v.check_json(DOC_URL, b"{}", &sig),
        v.check_json(
            &bad_json_url,
            b"{}",
            &compute_signature(token, &bad_json_url, &[]),
        ),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for error in errors {
        let error = error.expect_err("each of these is rejected");
        seen.insert(error.code());
        let text = format!("{error} {error:?} {error:#?}");
        for secret in [token, second, sig.as_str(), "garbage"] {
            assert!(!text.contains(secret), "{text} shows {secret}");
        }
    }
    assert_eq!(seen.len(), 6, "{seen:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Arbitrary URLs, parameters, bodies and headers: a verdict every time, never a panic.
    #[test]
    fn never_panics(
        url in prop_oneof![
            any::<String>(),
            "(https?|HTTP|ftp)://[a-zA-Z0-9.:@\\[\\]%-]{0,24}(/[^#]{0,40})?(#.{0,5})?",
        ],
        params in proptest::collection::vec((any::<String>(), any::<String>()), 0..6),
        body in proptest::collection::vec(any::<u8>(), 0..256),
        signature in prop_oneof![any::<String>(), "[A-Za-z0-9+/]{27}=", Just(String::new())],
    ) {
        let v = Validator::new("t").with_token("");
        let _ = v.check_form(&url, &params, &signature);
        let _ = v.check_json(&url, &body, &signature);
        let _ = candidate_urls(&url);
        // And a signature of the URL as it is tried is accepted.
        if let Ok(urls) = candidate_urls(&url) {
            let sig = compute_signature("t", &urls[0], &params);
            prop_assert_eq!(v.check_form(&url, &params, &sig), Ok(()));
        }
    }
}

#[cfg(feature = "webhook-axum")]
#[allow(dead_code)]
#[path = "../examples/webhook_server.rs"]
mod webhook_server;

#[cfg(feature = "webhook-axum")]
mod axum_layer {
    use super::*;
    use axum::Router;
    use axum::routing::{get, post};
    use std::net::SocketAddr;
    use std::time::Duration;
    use twilio_flex::webhook::{DEFAULT_MAX_BODY_BYTES, WebhookLayer};

    const PUBLIC: &str = "https://hooks.example.com";

    /// Serves `app` on 127.0.0.1 (an ephemeral port) for the rest of the test.
    async fn serve(app: Router) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap()
    }

    fn form(params: &[(String, String)]) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in params {
            s.append_pair(k, v);
        }
        s.finish()
    }

    /// Echoes the body it receives, so a test sees what reached the handler.
    fn echo_app(layer: WebhookLayer) -> Router {
        Router::new()
            .route(
                "/hook",
                post(|body: String| async move { body }).get(|| async { "got" }),
            )
            .route("/nested/deeper", get(|| async { "deep" }))
            .layer(layer)
    }

    fn layer() -> WebhookLayer {
        WebhookLayer::new(Validator::new(TOKEN), PUBLIC).unwrap()
    }

    #[tokio::test]
    async fn a_signed_form_reaches_the_handler_with_its_body() {
        let addr = serve(echo_app(layer())).await;
        let params = pairs(&[
            ("Body", "¿qué tal? 😀 a+b&c=d"),
            ("EventType", "onMessageAdded"),
            ("Media", ""),
            ("Media", "x"),
        ]);
        let body = form(&params);
        let url = format!("{PUBLIC}/hook?flow=FO1&x=%20");
        let sig = compute_signature(TOKEN, &url, &params);
        let res = client()
            .post(format!("http://{addr}/hook?flow=FO1&x=%20"))
            .header(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .header("x-twilio-signature", &sig)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.unwrap(), body);
    }

    #[tokio::test]
    async fn failures_are_403_with_an_empty_body() {
        let addr = serve(echo_app(layer())).await;
        let params = pairs(&[("Body", "hi")]);
        let url = format!("{PUBLIC}/hook");
        let good = compute_signature(TOKEN, &url, &params);
        let cases: Vec<(&str, Option<String>, String)> = vec![
            ("no header", None, form(&params)),
            ("empty header", Some(String::new()), form(&params)),
            ("garbage header", Some("%%%".into()), form(&params)),
            (
                "wrong token",
                Some(compute_signature("other", &url, &params)),
                form(&params),
            ),
            (
                "tampered body",
                Some(good.clone()),
                form(&pairs(&[("Body", "bye")])),
            ),
            ("non-UTF-8 body", Some(good.clone()), "Body=%FF%FE".into()),
        ];
        for (what, sig, body) in cases {
            let mut req = client()
                .post(format!("http://{addr}/hook"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
            if let Some(sig) = sig {
                req = req.header("x-twilio-signature", sig);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 403, "{what}");
            assert_eq!(res.text().await.unwrap(), "", "{what}");
        }
        // An unsigned content type is refused even under a signature of the URL alone.
        let res = client()
            .post(format!("http://{addr}/hook"))
            .header("content-type", "text/plain")
            .header("x-twilio-signature", compute_signature(TOKEN, &url, &[]))
            .body("anything")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        // A GET is checked on its URL alone.
        let get_url = format!("{PUBLIC}/hook?CallSid=CA1");
        for (sig, status) in [(compute_signature(TOKEN, &get_url, &[]), 200), (good, 403)] {
            let res = client()
                .get(format!("http://{addr}/hook?CallSid=CA1"))
                .header("x-twilio-signature", sig)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), status);
        }
    }

    #[tokio::test]
    async fn json_bodies_are_checked_against_body_sha256() {
        let addr = serve(echo_app(layer())).await;
        let body = r#"{"EventType":"onMessageAdded","Body":"olá"}"#;
        let query = format!("bodySHA256={}", body_sha256(body.as_bytes()));
        let sig = compute_signature(TOKEN, &format!("{PUBLIC}/hook?{query}"), &[]);
        let send = |body: &'static str, ct: &'static str| {
            client()
                .post(format!("http://{addr}/hook?{query}"))
                .header("content-type", ct)
                .header("x-twilio-signature", &sig)
                .body(body)
                .send()
        };
        let res = send(body, "application/json").await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.unwrap(), body);
        // The URL's bodySHA256 decides, whatever the content type says.
        assert_eq!(send(body, "text/plain").await.unwrap().status(), 200);
        let res = send(
            r#"{"EventType":"onMessageAdded","Body":"olé"}"#,
            "application/json",
        )
        .await
        .unwrap();
        assert_eq!(res.status(), 403);
        // JSON on a URL without bodySHA256: refused.
        let res = client()
            .post(format!("http://{addr}/hook"))
            .header("content-type", "application/json")
            .header(
                "x-twilio-signature",
                compute_signature(TOKEN, &format!("{PUBLIC}/hook"), &[]),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }

    #[tokio::test]
    async fn bodies_over_the_limit_get_413_and_never_reach_the_handler() {
        let addr = serve(echo_app(layer().max_body_bytes(64))).await;
        let params = pairs(&[("Body", &"x".repeat(100))]);
        let url = format!("{PUBLIC}/hook");
        let sig = compute_signature(TOKEN, &url, &params);
        // Declared length over the limit.
        let res = client()
            .post(format!("http://{addr}/hook"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-twilio-signature", &sig)
            .body(form(&params))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 413);
        assert_eq!(res.text().await.unwrap(), "");
        // Chunked, with no length declared.
        let chunks =
            futures::stream::iter([form(&params)].into_iter().map(Ok::<_, std::io::Error>));
        let res = client()
            .post(format!("http://{addr}/hook"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-twilio-signature", &sig)
            .body(reqwest::Body::wrap_stream(chunks))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 413);
        // Under the limit, the same layer lets a signed request through.
        let small = pairs(&[("Body", "ok")]);
        let res = client()
            .post(format!("http://{addr}/hook"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-twilio-signature", compute_signature(TOKEN, &url, &small))
            .body(form(&small))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(DEFAULT_MAX_BODY_BYTES, 1024 * 1024);
    }

    #[tokio::test]
    async fn forwarded_headers_count_only_when_trusted() {
        let params = pairs(&[("Body", "hi")]);
        // What the proxy says Twilio called, and what the configured base says.
        let forwarded_url = "http://proxy.example:8080/hook";
        let base_url = format!("{PUBLIC}/hook");
        let by_proxy = compute_signature(TOKEN, forwarded_url, &params);
        let by_base = compute_signature(TOKEN, &base_url, &params);
        let send = |addr: SocketAddr, sig: String| {
            client()
                .post(format!("http://{addr}/hook"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-forwarded-proto", "http")
                .header("x-forwarded-host", "proxy.example:8080, inner.example")
                .header("x-twilio-signature", sig)
                .body(form(&params))
                .send()
        };
        let untrusting = serve(echo_app(layer())).await;
        assert_eq!(
            send(untrusting, by_proxy.clone()).await.unwrap().status(),
            403
        );
        assert_eq!(
            send(untrusting, by_base.clone()).await.unwrap().status(),
            200
        );
        let trusting = serve(echo_app(layer().trust_forwarded_headers(true))).await;
        assert_eq!(send(trusting, by_proxy).await.unwrap().status(), 200);
        assert_eq!(send(trusting, by_base.clone()).await.unwrap().status(), 403);
        // Trusted but malformed: refused rather than guessed.
        let res = client()
            .post(format!("http://{addr}/hook", addr = trusting))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-host", "evil.example/path")
            .header("x-twilio-signature", by_base)
            .body(form(&params))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }

    /// Issue #23, point 1: guarded with `route_layer` (or in a nested router), the layer
    /// checks the webhook routes only: a health check beside them answers an unsigned GET
    /// 200 and a path no route has gets 404. With `Router::layer`, both would be 403.
    #[tokio::test]
    async fn a_health_route_beside_a_guarded_one_answers_200_and_an_unknown_path_404() {
        let hook = || post(|body: String| async move { body });
        let health = || get(|| async { "ok" });
        let route_layered = Router::new()
            .route("/hook", hook())
            .route_layer(layer())
            .route("/healthz", health());
        let nested = Router::new()
            .nest(
                "/twilio",
                Router::new().route("/hook", hook()).layer(layer()),
            )
            .route("/healthz", health());
        let everything = Router::new()
            .route("/hook", hook())
            .route("/healthz", health())
            .layer(layer());
        let params = pairs(&[("Body", "hi")]);
        for (name, app, hook_path, open) in [
            ("route_layer", route_layered, "/hook", true),
            ("nested", nested, "/twilio/hook", true),
            ("layer", everything, "/hook", false),
        ] {
            let addr = serve(app).await;
            let health = client()
                .get(format!("http://{addr}/healthz"))
                .send()
                .await
                .unwrap();
            let unknown = client()
                .get(format!("http://{addr}/nope"))
                .send()
                .await
                .unwrap();
            if open {
                assert_eq!(health.status(), 200, "{name}");
                assert_eq!(health.text().await.unwrap(), "ok", "{name}");
                assert_eq!(unknown.status(), 404, "{name}");
            } else {
                assert_eq!(health.status(), 403, "{name}: the pitfall");
                assert_eq!(unknown.status(), 403, "{name}: the pitfall");
            }
            // The webhook route itself stays guarded, and lets a signed request through.
            let send = |sig: Option<String>| {
                let mut req = client()
                    .post(format!("http://{addr}{hook_path}"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form(&params));
                if let Some(sig) = sig {
                    req = req.header("x-twilio-signature", sig);
                }
                req.send()
            };
            assert_eq!(send(None).await.unwrap().status(), 403, "{name}");
            let sig = compute_signature(TOKEN, &format!("{PUBLIC}{hook_path}"), &params);
            let res = send(Some(sig)).await.unwrap();
            assert_eq!(res.status(), 200, "{name}");
            assert_eq!(res.text().await.unwrap(), form(&params), "{name}");
        }
    }

    /// A `tracing` subscriber writing WARN and above into a buffer, for this thread (the
    /// test's current-thread runtime runs the server too).
    fn capture_warnings() -> (
        std::sync::Arc<std::sync::Mutex<String>>,
        (tracing::subscriber::DefaultGuard, tracing::Dispatch),
    ) {
        #[derive(Clone)]
        struct Buf(std::sync::Arc<std::sync::Mutex<String>>);
        impl std::io::Write for Buf {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().push_str(&String::from_utf8_lossy(b));
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buf = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let writer = Buf(buf.clone());
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::WARN)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let guard = tracing::subscriber::set_default(subscriber);
        (buf, (guard, second_dispatcher()))
    }

    /// With a single dispatcher registered, tracing-core decides whether a callsite is
    /// enabled from the default dispatcher *of the thread that first reaches it*: another
    /// test's server rejecting a webhook on another thread would register the callsite as
    /// never enabled, and this test's subscriber would see nothing (it happened, 2 runs in
    /// 4). With two registered, every live dispatcher is asked.
    fn second_dispatcher() -> tracing::Dispatch {
        tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default())
    }

    /// Issue #23, point 1: a rejection's log line has the URL the signature was checked
    /// against (what a user behind a proxy compares with the URL configured in Twilio),
    /// never the signature or the token.
    #[tokio::test]
    async fn the_rejection_log_names_the_url_the_signature_was_checked_against() {
        let token = "tok-9d2e7c41b0aa";
        let layer = WebhookLayer::new(Validator::new(token), "https://hooks.example.com/base")
            .unwrap()
            .trust_forwarded_headers(true);
        let addr = serve(echo_app(layer)).await;
        let params = pairs(&[("Body", "hi")]);
        // Signed over the URL the proxy was given, not the one it forwards: the mistake the
        // log must make visible.
        let signature = compute_signature(
            token,
            "https://hooks.example.com/elsewhere/hook?flow=FO1",
            &params,
        );
        let (logs, guard) = capture_warnings();
        let res = client()
            .post(format!("http://{addr}/hook?flow=FO1"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-proto", "https")
            .header("x-forwarded-host", "proxy.example:8443")
            .header("x-twilio-signature", &signature)
            .body(form(&params))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        // No URL to show when none can be built.
        let res = client()
            .post(format!("http://{addr}/hook"))
            .header("x-forwarded-host", "bad/host")
            .header("x-twilio-signature", &signature)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        drop(guard);
        let logs = logs.lock().unwrap().clone();
        let lines: Vec<&str> = logs.lines().collect();
        assert_eq!(lines.len(), 2, "{logs}");
        assert!(lines[0].contains("reason=\"bad_signature\""), "{logs}");
        assert!(
            lines[0].contains("url=\"https://proxy.example:8443/base/hook?flow=FO1\""),
            "{logs}"
        );
        assert!(lines[0].contains("path=\"/hook\""), "{logs}");
        assert!(
            lines[1].contains("reason=\"invalid_url\"") && !lines[1].contains("url="),
            "{logs}"
        );
        for secret in [token, signature.as_str()] {
            assert!(!logs.contains(secret), "{logs} shows {secret}");
        }
    }

    #[tokio::test]
    async fn base_path_prefix_and_nesting_are_part_of_the_url() {
        let layer =
            WebhookLayer::new(Validator::new(TOKEN), "https://example.com:8443/twilio/").unwrap();
        let app = Router::new()
            .nest(
                "/nested",
                Router::new().route("/deeper", get(|| async { "deep" })),
            )
            .layer(layer);
        let addr = serve(app).await;
        let url = "https://example.com:8443/twilio/nested/deeper?a=1";
        let res = client()
            .get(format!("http://{addr}/nested/deeper?a=1"))
            .header("x-twilio-signature", compute_signature(TOKEN, url, &[]))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.unwrap(), "deep");
        for bad in [
            "not a url",
            "https://h.example/x?q=1",
            "https://u:p@h.example",
            "ftp://h.example",
        ] {
            assert_eq!(
                WebhookLayer::new(Validator::new(TOKEN), bad).err(),
                Some(WebhookError::InvalidUrl),
                "{bad}"
            );
        }
    }

    /// `examples/webhook_server.rs`: its app, served on loopback, gets a Flex Flow
    /// external-integration event signed correctly, then wrongly.
    #[tokio::test]
    async fn example_server_accepts_only_signed_flex_events() {
        use webhook_server::{Ack, HEALTH_PATH, WEBHOOK_PATH, app};
        let public = "https://flex-hooks.example.com";
        let validator = Validator::new("primary-token").with_token("secondary-token");
        let addr = serve(app(validator, public).unwrap()).await;
        let event = pairs(&[
            ("EventType", "onMessageAdded"),
            ("ConversationSid", "CH0123456789abcdef0123456789abcdef"),
            ("MessageSid", "IM0123456789abcdef0123456789abcdef"),
            ("Author", "customer-42"),
            ("Body", "Hola, ¿me ayudan? 👋"),
            ("Source", "SDK"),
            ("Attributes", "{}"),
            ("DateCreated", "2026-11-30T04:00:00Z"),
        ]);
        let url = format!("{public}{WEBHOOK_PATH}");
        let send = |sig: String, body: String| {
            client()
                .post(format!("http://{addr}{WEBHOOK_PATH}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-twilio-signature", sig)
                .body(body)
                .send()
        };
        for token in ["primary-token", "secondary-token"] {
            let res = send(compute_signature(token, &url, &event), form(&event))
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{token}");
            let ack: Ack = res.json().await.unwrap();
            assert_eq!(
                ack,
                Ack {
                    received: "onMessageAdded".into(),
                    conversation: Some("CH0123456789abcdef0123456789abcdef".into()),
                    body_chars: "Hola, ¿me ayudan? 👋".chars().count(),
                }
            );
        }
        let good = compute_signature("primary-token", &url, &event);
        let mut tampered = event.clone();
        tampered[4].1 = "Transfer all the money".into();
        let wrong_url = compute_signature(
            "primary-token",
            "https://flex-hooks.example.com/other",
            &event,
        );
        for (sig, body) in [
            (
                compute_signature("stolen-token", &url, &event),
                form(&event),
            ),
            (good.clone(), form(&tampered)),
            (wrong_url, form(&event)),
            ("AAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_string(), form(&event)),
        ] {
            let res = send(sig, body).await.unwrap();
            assert_eq!(res.status(), 403);
            assert!(res.bytes().await.unwrap().is_empty());
        }
        let res = client()
            .post(format!("http://{addr}{WEBHOOK_PATH}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(&event))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        // The health check beside it answers without a signature; other paths are 404.
        let res = client()
            .get(format!("http://{addr}{HEALTH_PATH}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.unwrap(), "ok");
        for path in ["/", "/flex/other", "/healthz/x"] {
            let res = client()
                .post(format!("http://{addr}{path}"))
                .header("x-twilio-signature", &good)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{path}");
        }
    }
}
