//! progenitor's doc examples.

use crate::error::{Error, Result};
use syn::visit_mut::VisitMut;

/// progenitor's per-operation doc examples are ```` ```ignore ```` blocks (illustrations
/// with free variables); they become ```` ```text ```` so rustdoc neither compiles nor
/// reports them as ignored tests.
pub fn doc_examples_as_text(file: &mut syn::File, operations: usize) -> Result<()> {
    struct V(usize);
    impl VisitMut for V {
        fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
            if let syn::Meta::NameValue(nv) = &mut attr.meta
                && nv.path.is_ident("doc")
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &mut nv.value
                && s.value().contains("```ignore")
            {
                *s = syn::LitStr::new(&s.value().replace("```ignore", "```text"), s.span());
                self.0 += 1;
            }
        }
    }
    let mut v = V(0);
    v.visit_file_mut(file);
    // progenitor documents each `Client` method with an example.
    if operations > 0 && v.0 == 0 {
        return Err(Error::PostProcess(format!(
            "doc_examples_as_text: no ```ignore example in the docs of {operations} operations; \
             progenitor's output has changed shape"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn ignored_doc_examples_become_text() {
        let mut file: syn::File = syn::parse_quote! {
            #[doc = "Sends a request\n```ignore\nlet x = client.f();\n```"]
            fn f() {}
        };
        doc_examples_as_text(&mut file, 1).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(
            !text.contains("```ignore") && text.contains("```text"),
            "{text}"
        );
        assert!(
            doc_examples_as_text(&mut file, 1).is_err(),
            "none left: an error"
        );
    }
}
