//! Request headers Twilio doesn't define.

use super::expect_count;
use crate::error::Result;
use crate::syntax::has_str_literal;
use syn::visit_mut::VisitMut;

/// Removes the `api-version` header progenitor adds to every request (one statement per
/// operation, holding the literal `"api-version"`); Twilio defines none.
pub fn remove_api_version_header(file: &mut syn::File, operations: usize) -> Result<()> {
    struct V(usize);
    impl VisitMut for V {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            let before = block.stmts.len();
            block.stmts.retain(|s| !has_str_literal(s, "api-version"));
            self.0 += before - block.stmts.len();
            syn::visit_mut::visit_block_mut(self, block);
        }
    }
    let mut v = V(0);
    v.visit_file_mut(file);
    expect_count(
        "remove_api_version_header",
        "`api-version` header statements",
        v.0,
        operations,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn api_version_header_statement_is_removed() {
        let mut file: syn::File = syn::parse_quote! {
            fn send() {
                let mut header_map = HeaderMap::with_capacity(1usize);
                header_map.append(HeaderName::from_static("api-version"), HeaderValue::from_static("1.0.0"));
                header_map.append("Flex-Metadata", value);
            }
        };
        remove_api_version_header(&mut file, 1).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(!text.contains("api-version"));
        assert!(text.contains("Flex-Metadata"));
        // One operation without the statement: progenitor's output moved, and this says so.
        let err = remove_api_version_header(&mut file, 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("remove_api_version_header: found 0"), "{err}");
    }
}
