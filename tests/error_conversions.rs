//! One error type for a whole app (issue #23, point 12): `?` turns the mock's, a webhook's
//! and a plugin workflow's errors into `twilio_flex::Error`, which keeps each whole (its
//! message, its source chain) and gives it back typed.
#![cfg(feature = "mock")]

use std::error::Error as _;
use twilio_flex::Error;
use twilio_flex::mock::{MockError, MockServer};
use twilio_flex::webhook::WebhookError;

#[tokio::test]
async fn the_mocks_errors_convert_with_question_mark() {
    async fn app() -> twilio_flex::Result<Vec<String>> {
        let server = MockServer::start().await?;
        let _client = server.client()?;
        // Not a collection of the spec: a MockError.
        Ok(server.seed("/v1/NoSuchThing", 1)?)
    }
    let err = app().await.unwrap_err();
    let mock = err
        .downcast_ref::<MockError>()
        .expect("the MockError, typed");
    assert!(matches!(mock, MockError::UnknownRoute(_)), "{mock:?}");
    assert_eq!(err.to_string(), mock.to_string());
    assert!(matches!(err, Error::Other(_)));
    // Other errors hold nothing to downcast.
    assert!(
        Error::invalid_request("X", "y", "z")
            .downcast_ref::<MockError>()
            .is_none()
    );
}

#[test]
fn webhook_errors_convert_with_question_mark() {
    fn app() -> twilio_flex::Result<Vec<String>> {
        Ok(twilio_flex::webhook::candidate_urls("not a url")?)
    }
    let err = app().unwrap_err();
    assert_eq!(
        err.downcast_ref::<WebhookError>(),
        Some(&WebhookError::InvalidUrl)
    );
    assert_eq!(err.to_string(), WebhookError::InvalidUrl.to_string());
}

#[cfg(twilio_flex_plugins)]
#[tokio::test]
async fn release_errors_convert_with_question_mark_and_keep_their_source() {
    use twilio_flex::plugins::{ReleaseError, ReleaseErrorKind, Step};
    async fn app(client: &twilio_flex::Client) -> twilio_flex::Result<()> {
        client.plugins().release().name(" ").plan().await?;
        Ok(())
    }
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let err = app(&client).await.unwrap_err();
    let release = err
        .downcast_ref::<ReleaseError>()
        .expect("the ReleaseError");
    assert_eq!(release.step(), Step::Plan);
    assert!(
        matches!(release.kind(), ReleaseErrorKind::InvalidInput { field, .. } if field == "name"),
        "{release}"
    );
    assert_eq!(err.to_string(), release.to_string());

    // A release that failed on a request: its `crate::Error` is still the source.
    server
        .fault(
            twilio_flex::mock::Fault::status(400)
                .route("ListPluginRelease")
                .times(10),
        )
        .unwrap();
    async fn status(client: &twilio_flex::Client) -> twilio_flex::Result<()> {
        client.plugins().active().await?;
        Ok(())
    }
    let err = status(&client).await.unwrap_err();
    let source = err
        .source()
        .and_then(|s| s.downcast_ref::<Error>())
        .expect("the request's error is the source");
    assert_eq!(source.status(), Some(400), "{err}");
}
