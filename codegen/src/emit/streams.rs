//! `pub mod streams`: each list operation's `stream()` and `pages()` types under names a
//! caller can read and write (`ListWidgetItems<'a>` rather than `Items<'a,
//! ListWidgetResponse>`, which is named after the page type), e.g. to keep a stream in a
//! struct. Named after the operation's builder, with a suffix no other alias shares, so two
//! lists never collide.

use crate::runtime_paths::{ITEMS, PAGES};
use heck::ToUpperCamelCase;
use quote::{format_ident, quote};
use syn::Item;
use twilio_spec::model::Operation;

/// The `streams` module: two aliases per list operation.
pub fn streams_module(ops: &[Operation]) -> Item {
    let aliases = ops.iter().filter_map(|op| {
        let list = op.list.as_ref()?;
        let builder = op.operation_id.to_upper_camel_case();
        let (items, pages) = (
            format_ident!("{builder}Items"),
            format_ident!("{builder}Pages"),
        );
        let page = format_ident!("{}", list.type_name);
        let items_doc = format!(
            "The [`{item}`](super::types::{item})s of [`{builder}::stream`](super::builder::{builder}::stream), across pages.",
            item = list.item_type
        );
        let pages_doc = format!(
            "The pages of [`{builder}::pages`](super::builder::{builder}::pages) ([`{page}`](super::types::{page})s)."
        );
        Some(quote! {
            #[doc = #items_doc]
            pub type #items<'a> = #ITEMS<'a, super::types::#page>;
            #[doc = #pages_doc]
            pub type #pages<'a> = #PAGES<'a, super::types::#page>;
        })
    });
    syn::parse_quote! {
        /// The stream types of the list operations, by name: `ListWidgetItems<'a>` is what
        /// `client.list_widget().stream()` returns, `ListWidgetPages<'a>` what `.pages()`
        /// returns.
        pub mod streams {
            #(#aliases)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn each_list_gets_an_items_and_a_pages_alias() {
        let mut list = crate::emit::tests::operation("ListWidget", "GET", "/v1/Widgets");
        list.list = Some(twilio_spec::fixups::ListResponse {
            operation_id: "ListWidget".into(),
            type_name: "ListWidgetResponse".into(),
            items_field: "widgets".into(),
            item_type: "Widget".into(),
        });
        let fetch = crate::emit::tests::operation("FetchWidget", "GET", "/v1/Widgets/{Sid}");
        let text = streams_module(&[list, fetch]).to_token_stream().to_string();
        assert_eq!(text.matches("pub type").count(), 2, "{text}");
        assert!(text.contains("pub type ListWidgetItems < 'a >"), "{text}");
        assert!(text.contains("pub type ListWidgetPages < 'a >"), "{text}");
        assert!(
            text.contains("super :: types :: ListWidgetResponse"),
            "{text}"
        );
    }
}
