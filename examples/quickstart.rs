//! Placeholder: replaced by the Flex Flow walkthrough once the mock server lands.
fn main() {}
