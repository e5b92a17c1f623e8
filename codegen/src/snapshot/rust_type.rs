//! Rust types in the snapshot's short form (`Option<ChannelSid>`, `serde_json::Value`), read
//! off syn types and signatures.

use crate::syntax::{last_ident, type_args};
use quote::ToTokens;
use std::collections::BTreeMap;

/// A type in short form: paths reduced to their last segment (`::std::option::Option` →
/// `Option`, `crate::types::ChannelSid` → `ChannelSid`), except `serde_json::` items, which
/// keep it; lifetimes dropped.
pub fn render_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(tp) if tp.qself.is_none() => {
            let segs: Vec<&syn::PathSegment> = tp.path.segments.iter().collect();
            let Some(last) = segs.last() else {
                return String::new();
            };
            let mut s = String::new();
            if segs.len() >= 2 && segs[segs.len() - 2].ident == "serde_json" {
                s.push_str("serde_json::");
            }
            s.push_str(&last.ident.to_string());
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                let rendered: Vec<String> = args
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        syn::GenericArgument::Type(t) => Some(render_type(t)),
                        syn::GenericArgument::AssocType(a) => {
                            Some(format!("{} = {}", a.ident, render_type(&a.ty)))
                        }
                        syn::GenericArgument::Lifetime(_) => None,
                        other => Some(other.to_token_stream().to_string()),
                    })
                    .collect();
                if !rendered.is_empty() {
                    s.push_str(&format!("<{}>", rendered.join(", ")));
                }
            }
            s
        }
        syn::Type::Reference(r) => {
            let m = if r.mutability.is_some() { "mut " } else { "" };
            format!("&{m}{}", render_type(&r.elem))
        }
        syn::Type::Slice(s) => format!("[{}]", render_type(&s.elem)),
        syn::Type::Tuple(t) => {
            let items: Vec<String> = t.elems.iter().map(render_type).collect();
            format!("({})", items.join(", "))
        }
        syn::Type::Paren(p) => render_type(&p.elem),
        syn::Type::Group(g) => render_type(&g.elem),
        other => other.to_token_stream().to_string(),
    }
}

/// `impl Into<T>` → `T`; anything else as [`render_type`].
pub fn impl_into(ty: &syn::Type) -> String {
    if let syn::Type::ImplTrait(it) = ty
        && let Some(syn::TypeParamBound::Trait(t)) = it.bounds.first()
        && let Some(seg) = t.path.segments.last()
        && seg.ident == "Into"
        && let syn::PathArguments::AngleBracketed(args) = &seg.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return render_type(inner);
    }
    render_type(ty)
}

/// The value type a setter accepts: for `fn x<V>(self, value: V) -> Self where V:
/// TryInto<T>` it is `T`, and `Vec<T>` when the argument is an `IntoIterator` of such `V`s.
/// `None` if the method is not a setter.
pub fn setter_type(f: &syn::ImplItemFn) -> Option<String> {
    let sig = &f.sig;
    let mut inputs = sig.inputs.iter();
    let (Some(syn::FnArg::Receiver(_)), Some(syn::FnArg::Typed(arg)), None) =
        (inputs.next(), inputs.next(), inputs.next())
    else {
        return None;
    };
    match &sig.output {
        syn::ReturnType::Type(_, t) if last_ident(t) == "Self" => {}
        _ => return None,
    }
    let mut bounds: BTreeMap<String, Vec<&syn::TypeParamBound>> = BTreeMap::new();
    for param in sig.generics.type_params() {
        bounds
            .entry(param.ident.to_string())
            .or_default()
            .extend(&param.bounds);
    }
    for pred in sig.generics.where_clause.iter().flat_map(|w| &w.predicates) {
        if let syn::WherePredicate::Type(pt) = pred {
            bounds
                .entry(pt.bounded_ty.to_token_stream().to_string())
                .or_default()
                .extend(&pt.bounds);
        }
    }
    Some(resolve(&arg.ty, &bounds, 0))
}

/// Renders a type, seeing through generic parameters bound by `TryInto<T>`/`Into<T>`
/// (to `T`) and `IntoIterator<Item = V>` (to `Vec<V>`).
fn resolve(
    ty: &syn::Type,
    bounds: &BTreeMap<String, Vec<&syn::TypeParamBound>>,
    depth: usize,
) -> String {
    let key = ty.to_token_stream().to_string();
    let Some(bs) = bounds.get(&key).filter(|_| depth < 4) else {
        return render_type(ty);
    };
    for b in bs {
        let syn::TypeParamBound::Trait(t) = b else {
            continue;
        };
        let Some(seg) = t.path.segments.last() else {
            continue;
        };
        let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
            continue;
        };
        for arg in &args.args {
            match (seg.ident.to_string().as_str(), arg) {
                ("TryInto" | "Into" | "IntoSid", syn::GenericArgument::Type(inner)) => {
                    return resolve(inner, bounds, depth + 1);
                }
                ("IntoIterator", syn::GenericArgument::AssocType(a)) if a.ident == "Item" => {
                    return format!("Vec<{}>", resolve(&a.ty, bounds, depth + 1));
                }
                _ => {}
            }
        }
    }
    render_type(ty)
}

/// The return type, unwrapped from `wrapper<…>` when given (`::twilio_runtime::Result<T>` →
/// `T`), or the last type argument of it otherwise (`Items<'a, T>` → `T`).
pub fn return_type(sig: &syn::Signature, wrapper: Option<&str>) -> String {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return "()".into();
    };
    let syn::Type::Path(tp) = &**ty else {
        return render_type(ty);
    };
    let Some(last) = tp.path.segments.last() else {
        return render_type(ty);
    };
    if wrapper.is_some_and(|w| last.ident != w) {
        return render_type(ty);
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return render_type(ty);
    };
    let types = type_args(args);
    let pick = if wrapper.is_some() {
        types.first()
    } else {
        types.last()
    };
    pick.map_or_else(|| render_type(ty), |t| render_type(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> String {
        render_type(&syn::parse_str(s).unwrap())
    }

    #[test]
    fn types_render_short() {
        assert_eq!(
            ty("::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>"),
            "Option<DateTime<Utc>>"
        );
        assert_eq!(ty("::std::vec::Vec<crate::types::Widget>"), "Vec<Widget>");
        assert_eq!(ty("::serde_json::Value"), "serde_json::Value");
        assert_eq!(
            ty("::serde_json::Map<::std::string::String, ::serde_json::Value>"),
            "serde_json::Map<String, serde_json::Value>"
        );
        assert_eq!(
            ty("::twilio_runtime::pagination::Items<'a, types::Channel>"),
            "Items<Channel>"
        );
        assert_eq!(ty("()"), "()");
    }

    #[test]
    fn setter_types_see_through_generic_bounds() {
        let f: syn::ImplItemFn = syn::parse_quote! {
            pub fn sid<V>(mut self, value: V) -> Self
            where V: std::convert::TryInto<crate::types::WidgetSid>, V::Error: std::fmt::Display
            { self }
        };
        assert_eq!(setter_type(&f).as_deref(), Some("WidgetSid"));
        let f: syn::ImplItemFn = syn::parse_quote! {
            pub fn sids<I, V>(mut self, values: I) -> Self
            where I: IntoIterator<Item = V>, V: std::convert::TryInto<::std::string::String>
            { self }
        };
        assert_eq!(setter_type(&f).as_deref(), Some("Vec<String>"));
        let f: syn::ImplItemFn = syn::parse_quote! { pub async fn send(self) -> ::twilio_runtime::Result<()> { todo!() } };
        assert_eq!(setter_type(&f), None);
    }

    #[test]
    fn return_types_unwrap_results_and_pick_list_items() {
        let sig = |s: &str| syn::parse_str::<syn::ImplItemFn>(s).unwrap().sig;
        let send = sig("pub async fn send(self) -> ::twilio_runtime::Result<types::Widget> {}");
        assert_eq!(return_type(&send, Some("Result")), "Widget");
        let stream = sig(
            "pub fn stream(self) -> ::twilio_runtime::pagination::Items<'a, types::ListWidgetResponse> {}",
        );
        assert_eq!(return_type(&stream, None), "ListWidgetResponse");
        assert_eq!(return_type(&sig("pub fn f(self) {}"), None), "()");
    }
}
