/// Items consumers will typically use such as the Client.
pub mod prelude {
    pub use self::super::Client;
}
