//! progenitor's operation builders become request builders: its parameter setters go (ours,
//! emitted, keep the reason a value was rejected), and its `async fn send` becomes
//! `fn request(&self) -> Result<reqwest::Request, _>`, the part that checks parameters and
//! encodes the request. The part that sent it (hooks, status match, decoding) is cut: our
//! `send` passes the request to the runtime's one non-generic `send`. One sending state
//! machine for all 73 operations instead of one each is less code to compile and less work
//! per request.
//!
//! Five rewrites, each a pass (see [`PASSES`](super::PASSES)), in this order:
//! [`send_into_request`], [`empty_header_maps`], [`path_segments`], [`url_on_base_url`],
//! [`request_by_reference`].

use super::expect_count;
use crate::collect::Collected;
use crate::error::{Error, Result};
use crate::runtime_paths::{API_URL, PATH_SEGMENT};
use crate::syntax::{find_mod_mut, mod_items_mut, path_ends_with, self_name};
use heck::ToUpperCamelCase;
use quote::ToTokens;
use std::collections::BTreeSet;
use syn::Item;
use syn::visit_mut::VisitMut;
use twilio_spec::model::Operation;

/// Calls `rewrite` with the builder's name on every method `name` of the operation builders;
/// returns how many there were.
fn each_builder_method(
    file: &mut syn::File,
    name: &str,
    mut rewrite: impl FnMut(&str, &mut syn::ImplItemFn) -> Result<()>,
) -> Result<usize> {
    let builder = find_mod_mut(&mut file.items, "builder")?;
    let mut found = 0;
    for item in mod_items_mut(builder) {
        let Item::Impl(imp) = item else { continue };
        let builder = self_name(imp);
        for i in &mut imp.items {
            if let syn::ImplItem::Fn(f) = i
                && f.sig.ident == name
            {
                rewrite(&builder, f)?;
                found += 1;
            }
        }
    }
    Ok(found)
}

/// Removes progenitor's parameter setters, one per builder field other than `client` and
/// `body`: they discard the reason a value was rejected, and the emitted ones keep it.
pub fn remove_parameter_setters(file: &mut syn::File, collected: &Collected) -> Result<()> {
    let mut expected = 0;
    let mut removed = 0;
    let builder = find_mod_mut(&mut file.items, "builder")?;
    for item in mod_items_mut(builder) {
        let Item::Impl(imp) = item else { continue };
        let Some(fields) = collected.builders.get(&self_name(imp)) else {
            continue;
        };
        let params: BTreeSet<String> = fields
            .iter()
            .map(|f| f.ident.to_string())
            .filter(|n| n != "client" && n != "body")
            .collect();
        if imp.trait_.is_none() {
            expected += params.len();
        }
        let before = imp.items.len();
        imp.items.retain(
            |i| !matches!(i, syn::ImplItem::Fn(f) if params.contains(&f.sig.ident.to_string())),
        );
        removed += before - imp.items.len();
    }
    expect_count(
        "remove_parameter_setters",
        "parameter setters",
        removed,
        expected,
    )
}

/// Rewrite 1: `async fn send(self) -> Result<ResponseValue<T>, _>` becomes the private
/// `fn request(self) -> Result<reqwest::Request, Error<()>>`, cut before `let info =
/// OperationInfo { … }` (what follows sends the request) and ending in `Ok(request)`.
pub fn send_into_request(file: &mut syn::File, operations: usize) -> Result<()> {
    let sends = each_builder_method(file, "send", |builder, f| {
        let cut = f
            .block
            .stmts
            .iter()
            .position(|s| {
                matches!(s, syn::Stmt::Local(l)
                    if l.init.as_ref().is_some_and(|i| matches!(&*i.expr,
                        syn::Expr::Struct(st) if st.path.is_ident("OperationInfo"))))
            })
            .ok_or_else(|| {
                Error::PostProcess(format!("{builder}::send has no `let info = OperationInfo`"))
            })?;
        f.block.stmts.truncate(cut);
        f.block
            .stmts
            .push(syn::Stmt::Expr(syn::parse_quote!(Ok(request)), None));
        f.sig.ident = syn::Ident::new("request", f.sig.ident.span());
        f.sig.asyncness = None;
        f.sig.output = syn::parse_quote!(-> Result<::reqwest::Request, Error<()>>);
        f.vis = syn::Visibility::Inherited;
        f.attrs.retain(|a| !a.path().is_ident("doc"));
        f.attrs.push(
            syn::parse_quote!(#[doc = "Checks the parameters and builds the request; `send` sends it."]),
        );
        Ok(())
    })?;
    expect_count(
        "send_into_request",
        "operation `send` methods",
        sends,
        operations,
    )
}

/// Rewrite 2: `HeaderMap::with_capacity(n)` → `HeaderMap::new()`, one per request. An empty
/// header map doesn't allocate; progenitor reserves one slot per request.
pub fn empty_header_maps(file: &mut syn::File, operations: usize) -> Result<()> {
    struct EmptyHeaders(usize);
    impl VisitMut for EmptyHeaders {
        fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
            if let syn::Expr::Call(call) = e
                && let syn::Expr::Path(func) = &*call.func
                && path_ends_with(&func.path, &["HeaderMap", "with_capacity"])
            {
                *e = syn::parse_quote!(::reqwest::header::HeaderMap::new());
                self.0 += 1;
                return;
            }
            syn::visit_mut::visit_expr_mut(self, e);
        }
    }
    let requests = each_builder_method(file, "request", |builder, f| {
        let mut headers = EmptyHeaders(0);
        headers.visit_block_mut(&mut f.block);
        expect_count(
            &format!("empty_header_maps({builder})"),
            "`HeaderMap::with_capacity`",
            headers.0,
            1,
        )
    })?;
    expect_count(
        "empty_header_maps",
        "operation `request` methods",
        requests,
        operations,
    )
}

/// Rewrite 3: `encode_path(&x.to_string())` → the runtime's `PathSegment(&x)`, encoded while
/// the URL is formatted instead of through a `String` each; as many per request as its path
/// has parameters.
pub fn path_segments(file: &mut syn::File, operations: &[Operation]) -> Result<()> {
    struct PathSegments(usize);
    impl VisitMut for PathSegments {
        fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
            if let syn::Expr::Call(call) = e
                && matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("encode_path"))
                && let [syn::Expr::Reference(r)] = call.args.iter().collect::<Vec<_>>()[..]
                && let syn::Expr::MethodCall(m) = &*r.expr
                && m.method == "to_string"
                && m.args.is_empty()
            {
                let receiver = &m.receiver;
                *e = syn::parse_quote!(#PATH_SEGMENT(&#receiver));
                self.0 += 1;
                return;
            }
            syn::visit_mut::visit_expr_mut(self, e);
        }
        // The URL is built by `format!`, whose arguments are tokens to syn.
        fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
            if !m.path.is_ident("format") {
                return;
            }
            let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
            if let Ok(mut args) = m.parse_body_with(parser) {
                for arg in args.iter_mut() {
                    self.visit_expr_mut(arg);
                }
                m.tokens = args.to_token_stream();
            }
        }
    }
    let path_params = |builder: &str| {
        operations
            .iter()
            .find(|op| op.operation_id.to_upper_camel_case() == builder)
            .map_or(0, |op| op.path.matches('{').count())
    };
    let requests = each_builder_method(file, "request", |builder, f| {
        let mut segments = PathSegments(0);
        segments.visit_block_mut(&mut f.block);
        expect_count(
            &format!("path_segments({builder})"),
            "`encode_path(&x.to_string())` path parameters",
            segments.0,
            path_params(builder),
        )
    })?;
    expect_count(
        "path_segments",
        "operation `request` methods",
        requests,
        operations.len(),
    )
}

/// Rewrite 4: `format!("{}/v1/…", client.baseurl, …)` → the runtime's
/// `api_url(&client.inner, format_args!("/v1/…", …)).map_err(Error::InvalidRequest)?`: the
/// path goes onto the client's parsed base URL, so the host isn't parsed again for every
/// request (reqwest would parse the string). One per request.
pub fn url_on_base_url(file: &mut syn::File, operations: usize) -> Result<()> {
    struct BaseUrl(bool);
    impl VisitMut for BaseUrl {
        fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
            if let syn::Expr::Macro(m) = e
                && m.mac.path.is_ident("format")
            {
                let parser =
                    syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
                if let Ok(args) = m.mac.parse_body_with(parser) {
                    let mut args = args.into_iter();
                    if let (Some(syn::Expr::Lit(lit)), Some(base)) = (args.next(), args.next())
                        && let syn::Lit::Str(fmt) = &lit.lit
                        && let Some(path) = fmt.value().strip_prefix("{}")
                        && matches!(&base, syn::Expr::Field(f)
                            if matches!(&*f.base, syn::Expr::Path(p) if p.path.is_ident("client"))
                            && matches!(&f.member, syn::Member::Named(m) if m == "baseurl"))
                    {
                        let rest: Vec<syn::Expr> = args.collect();
                        *e = syn::parse_quote!(
                            #API_URL(
                                &client.inner,
                                format_args!(#path #(, #rest)*)
                            )
                            .map_err(Error::InvalidRequest)?
                        );
                        self.0 = true;
                        return;
                    }
                }
            }
            syn::visit_mut::visit_expr_mut(self, e);
        }
    }
    let requests = each_builder_method(file, "request", |builder, f| {
        let mut base_url = BaseUrl(false);
        base_url.visit_block_mut(&mut f.block);
        if base_url.0 {
            Ok(())
        } else {
            Err(Error::PostProcess(format!(
                "url_on_base_url: {builder}::request builds no URL from `client.baseurl`"
            )))
        }
    })?;
    expect_count(
        "url_on_base_url",
        "operation `request` methods",
        requests,
        operations,
    )
}

/// Rewrite 5: `request(&self)`, so `send` can build the request again for a retry instead of
/// copying it ahead of time: `let Self { client, a, .. } = self;` → `let client =
/// self.client; let a = self.a.clone(); …` (a SID or a number copies without allocating).
/// One such statement per request.
pub fn request_by_reference(file: &mut syn::File, operations: usize) -> Result<()> {
    let requests = each_builder_method(file, "request", |builder, f| {
        let mut by_ref = false;
        let stmts = std::mem::take(&mut f.block.stmts);
        for stmt in stmts {
            if let syn::Stmt::Local(local) = &stmt
                && let syn::Pat::Struct(pat) = &local.pat
                && pat.path.is_ident("Self")
                && local.init.as_ref().is_some_and(
                    |i| matches!(&*i.expr, syn::Expr::Path(p) if p.path.is_ident("self")),
                )
            {
                for field in &pat.fields {
                    let syn::Member::Named(name) = &field.member else {
                        return Err(Error::PostProcess(format!(
                            "{builder}::request: unnamed field"
                        )));
                    };
                    f.block.stmts.push(if name == "client" {
                        syn::parse_quote!(let client = self.client;)
                    } else {
                        syn::parse_quote!(let #name = self.#name.clone();)
                    });
                }
                by_ref = true;
                continue;
            }
            f.block.stmts.push(stmt);
        }
        if !by_ref {
            return Err(Error::PostProcess(format!(
                "request_by_reference: {builder}::request has no `let Self {{ .. }} = self`"
            )));
        }
        if let Some(syn::FnArg::Receiver(receiver)) = f.sig.inputs.first_mut() {
            *receiver = syn::parse_quote!(&self);
        }
        Ok(())
    })?;
    expect_count(
        "request_by_reference",
        "operation `request` methods",
        requests,
        operations,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// progenitor's builder for `GET /v1/X/{Sid}`, as it writes it.
    fn fetch_x() -> syn::File {
        syn::parse_quote! {
            pub mod types {}
            pub mod builder {
                pub struct FetchX<'a> { client: &'a Client, sid: Result<types::XSid, String> }
                impl<'a> FetchX<'a> {
                    pub fn new(client: &'a Client) -> Self { todo!() }
                    pub fn sid<V>(mut self, value: V) -> Self { self }
                    ///Sends a `GET` request to `/v1/X/{Sid}`
                    pub async fn send(self) -> Result<ResponseValue<types::X>, Error<()>> {
                        let Self { client, sid } = self;
                        let sid = sid.map_err(Error::InvalidRequest)?;
                        let url = format!("{}/v1/X/{}", client.baseurl, encode_path(&sid.to_string()));
                        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                        let mut request = client.client.get(url).headers(header_map).build()?;
                        let info = OperationInfo { operation_id: "fetch_x" };
                        client.pre(&mut request, &info).await?;
                        let result = client.exec(request, &info).await;
                        ResponseValue::from_response(result?).await
                    }
                }
            }
        }
    }

    fn op() -> Operation {
        Operation {
            operation_id: "FetchX".into(),
            method: "GET".into(),
            path: "/v1/X/{Sid}".into(),
            description: String::new(),
            params: Vec::new(),
            body: None,
            list: None,
        }
    }

    fn text(file: &syn::File) -> String {
        file.to_token_stream().to_string()
    }

    #[test]
    fn parameter_setters_go_and_the_rest_stays() {
        let mut file = fetch_x();
        let collected = crate::collect::collect(&file).unwrap();
        remove_parameter_setters(&mut file, &collected).unwrap();
        let text = text(&file);
        assert!(!text.contains("fn sid"), "{text}");
        assert!(text.contains("pub fn new"), "{text}");
        assert!(text.contains("async fn send"), "{text}");
        let err = remove_parameter_setters(&mut file, &collected)
            .unwrap_err()
            .to_string();
        assert!(err.contains("remove_parameter_setters: found 0"), "{err}");
    }

    #[test]
    fn send_is_cut_where_sending_starts_and_becomes_request() {
        let mut file = fetch_x();
        send_into_request(&mut file, 1).unwrap();
        let text = text(&file);
        assert!(!text.contains("fn send"), "{text}");
        assert!(!text.contains("async"), "{text}");
        assert!(!text.contains("OperationInfo"), "{text}");
        assert!(!text.contains("Sends a"), "{text}");
        assert!(
            text.contains("fn request (self) -> Result < :: reqwest :: Request , Error < () > >"),
            "{text}"
        );
        assert!(text.trim_end().ends_with("Ok (request) } } }"), "{text}");
        // No `send` left to rewrite: one operation expected, none found.
        let err = send_into_request(&mut file, 1).unwrap_err().to_string();
        assert!(err.contains("send_into_request: found 0"), "{err}");
    }

    #[test]
    fn header_maps_start_empty() {
        let mut file = fetch_x();
        send_into_request(&mut file, 1).unwrap();
        empty_header_maps(&mut file, 1).unwrap();
        let text = text(&file);
        assert!(!text.contains("with_capacity"), "{text}");
        assert!(text.contains("HeaderMap :: new ()"), "{text}");
        let err = empty_header_maps(&mut file, 1).unwrap_err().to_string();
        assert!(err.contains("empty_header_maps(FetchX): found 0"), "{err}");
    }

    #[test]
    fn path_parameters_are_encoded_as_segments() {
        let mut file = fetch_x();
        send_into_request(&mut file, 1).unwrap();
        path_segments(&mut file, &[op()]).unwrap();
        let text = text(&file);
        assert!(!text.contains("encode_path"), "{text}");
        assert!(
            text.contains(":: twilio_runtime :: __generated :: PathSegment (& sid)"),
            "{text}"
        );
        // The spec says one path parameter; none is left to find.
        let err = path_segments(&mut file, &[op()]).unwrap_err().to_string();
        assert!(err.contains("path_segments(FetchX): found 0"), "{err}");
    }

    #[test]
    fn the_url_goes_onto_the_parsed_base_url() {
        let mut file = fetch_x();
        send_into_request(&mut file, 1).unwrap();
        path_segments(&mut file, &[op()]).unwrap();
        url_on_base_url(&mut file, 1).unwrap();
        let text = text(&file);
        assert!(!text.contains("baseurl"), "{text}");
        assert!(
            text.contains("let url = :: twilio_runtime :: __generated :: api_url (& client . inner , format_args ! (\"/v1/X/{}\" , :: twilio_runtime :: __generated :: PathSegment (& sid))) . map_err (Error :: InvalidRequest) ?"),
            "{text}"
        );
        let err = url_on_base_url(&mut file, 1).unwrap_err().to_string();
        assert!(err.contains("FetchX::request builds no URL"), "{err}");
    }

    #[test]
    fn the_request_borrows_the_builder() {
        let mut file = fetch_x();
        send_into_request(&mut file, 1).unwrap();
        request_by_reference(&mut file, 1).unwrap();
        let text = text(&file);
        assert!(text.contains("fn request (& self)"), "{text}");
        assert!(
            text.contains("let client = self . client ; let sid = self . sid . clone () ;"),
            "{text}"
        );
        assert!(!text.contains("let Self"), "{text}");
        let err = request_by_reference(&mut file, 1).unwrap_err().to_string();
        assert!(err.contains("has no `let Self"), "{err}");
    }
}
