//! The one place the mock touches the generated client: kept tiny so the
//! rest of the module builds and tests independently of it.

use super::MockServer;

impl MockServer {
    /// A [`crate::Client`] pointed at this server, with its test credentials.
    pub fn client(&self) -> crate::Result<crate::Client> {
        crate::Client::builder()
            .base_url(self.url())
            .credentials(crate::Credentials::auth_token(
                MockServer::ACCOUNT_SID,
                MockServer::AUTH_TOKEN,
            ))
            .build()
    }
}
