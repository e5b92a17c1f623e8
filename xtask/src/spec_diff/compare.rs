//! Spec-level comparison of two extracted specs: what changed in the spec, sorted into
//! report sections. This is context for the reviewer; whether a change breaks Rust callers is
//! judged from the generated API instead ([`super::api`]), since many spec changes (a
//! `{}` schema becoming `{type: object}`, a string format) don't reach the generated code.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Api, Body, Kind, Operation, ParamIn, Shape, Slot};
use super::report::{Change, ChangeKind, Member, Role, Section, Subject};

/// Which way data flows through the changed thing (decides the report section).
#[derive(Debug, Clone, Copy)]
struct Side {
    /// Callers send it (parameters, request bodies, types used in them).
    request: bool,
    /// Callers receive it.
    response: bool,
}

const REQUEST: Side = Side {
    request: true,
    response: false,
};
const RESPONSE: Side = Side {
    request: false,
    response: true,
};

/// Where in the API a shape comparison is happening.
#[derive(Clone)]
struct Ctx<'a> {
    subject: &'a Subject,
    /// `None` at the top of a named type (changes are then type-level).
    role: Option<Role>,
    side: Side,
    /// Operation ids shown next to changes of named types.
    used_by: &'a [String],
}

impl Ctx<'_> {
    /// The context for the fields inside this one.
    fn fields(&self) -> Self {
        let role = match self.role {
            None | Some(Role::Field) => Role::Field,
            Some(Role::Response | Role::ResponseField) => Role::ResponseField,
            Some(Role::RequestBody | Role::BodyField) => Role::BodyField,
            Some(other) => other,
        };
        Ctx {
            role: Some(role),
            ..self.clone()
        }
    }
}

/// Compares two APIs; the result is sorted and free of duplicates.
pub(crate) fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut differ = Differ {
        changes: Vec::new(),
    };
    differ.operations(old, new);
    differ.types(old, new);
    let mut changes = differ.changes;
    changes.sort();
    changes.dedup();
    changes
}

struct Differ {
    changes: Vec<Change>,
}

fn operation_subject(id: &str, op: &Operation) -> Subject {
    Subject::Operation {
        id: id.to_string(),
        method: op.method.clone(),
        path: op.path.clone(),
    }
}

/// Method and path with parameter names blanked: two operations with the same
/// route are the same endpoint even if a path parameter was renamed.
fn route(op: &Operation) -> (String, String) {
    let mut path = String::new();
    let mut in_param = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_param = true;
                path.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => path.push(c),
        }
    }
    (op.method.clone(), path)
}

fn role_of(location: ParamIn) -> Role {
    match location {
        ParamIn::Path => Role::PathParameter,
        ParamIn::Query => Role::QueryParameter,
        ParamIn::Header => Role::HeaderParameter,
        ParamIn::Cookie => Role::CookieParameter,
    }
}

fn section_for(kind: &ChangeKind, member: Option<&Member>, side: Side) -> Section {
    match kind {
        ChangeKind::EnumValueAdded(_) | ChangeKind::EnumValueRemoved(_) => Section::EnumValues,
        ChangeKind::PatternChanged { .. } => Section::SidPatterns,
        ChangeKind::Moved { .. } => Section::Paths,
        ChangeKind::ContentType { .. } => Section::RequestBodies,
        _ => match member.map(|m| m.role) {
            None => Section::Types,
            Some(
                Role::PathParameter
                | Role::QueryParameter
                | Role::HeaderParameter
                | Role::CookieParameter,
            ) => Section::Parameters,
            Some(Role::RequestBody | Role::BodyField) => Section::RequestBodies,
            Some(Role::Response | Role::ResponseField) => Section::Responses,
            // Fields of named types: Twilio's are response resources; a type
            // used only in requests is listed with the request bodies.
            Some(Role::Field) if side.request && !side.response => Section::RequestBodies,
            Some(Role::Field) => Section::Responses,
        },
    }
}

impl Differ {
    fn push_op(&mut self, subject: Subject, kind: ChangeKind, section: Section) {
        self.changes.push(Change {
            section,
            subject,
            member: None,
            kind,
            used_by: Vec::new(),
        });
    }

    /// Records a change at `name` (empty: the context's own level) in `ctx`.
    fn push(&mut self, ctx: &Ctx<'_>, name: &str, nested: bool, kind: ChangeKind) {
        let member = ctx.role.map(|role| Member {
            role,
            name: name.to_string(),
            nested,
        });
        self.changes.push(Change {
            section: section_for(&kind, member.as_ref(), ctx.side),
            subject: ctx.subject.clone(),
            member,
            kind,
            used_by: ctx.used_by.to_vec(),
        });
    }

    fn operations(&mut self, old: &Api, new: &Api) {
        let mut removed: Vec<&String> = old
            .operations
            .keys()
            .filter(|id| !new.operations.contains_key(*id))
            .collect();
        let mut added: Vec<&String> = new
            .operations
            .keys()
            .filter(|id| !old.operations.contains_key(*id))
            .collect();

        // An operationId that disappears while another appears on the same
        // route is a rename: report it as one change and still
        // compare the two operations' contents.
        let mut renames = Vec::new();
        removed.retain(|old_id| {
            let key = route(&old.operations[*old_id]);
            match added
                .iter()
                .position(|new_id| route(&new.operations[*new_id]) == key)
            {
                Some(i) => {
                    renames.push((*old_id, added.remove(i)));
                    false
                }
                None => true,
            }
        });

        for id in removed {
            let subject = operation_subject(id, &old.operations[id]);
            self.push_op(subject, ChangeKind::Removed, Section::Operations);
        }
        for id in added {
            let subject = operation_subject(id, &new.operations[id]);
            self.push_op(
                subject,
                ChangeKind::Added { required: false },
                Section::Operations,
            );
        }
        for (old_id, new_id) in renames {
            let subject = operation_subject(new_id, &new.operations[new_id]);
            self.push_op(
                subject,
                ChangeKind::RenamedFrom(old_id.clone()),
                Section::Operations,
            );
            self.operation(new_id, &old.operations[old_id], &new.operations[new_id]);
        }
        for (id, new_op) in &new.operations {
            if let Some(old_op) = old.operations.get(id) {
                self.operation(id, old_op, new_op);
            }
        }
    }

    fn operation(&mut self, id: &str, old: &Operation, new: &Operation) {
        let subject = operation_subject(id, new);
        if (&old.method, &old.path) != (&new.method, &new.path) {
            self.push_op(
                subject.clone(),
                ChangeKind::Moved {
                    from: format!("{} {}", old.method, old.path),
                    to: format!("{} {}", new.method, new.path),
                },
                Section::Paths,
            );
        }

        let keys: BTreeSet<&(ParamIn, String)> =
            old.params.keys().chain(new.params.keys()).collect();
        for key in keys {
            let (location, name) = key;
            let ctx = Ctx {
                subject: &subject,
                role: Some(role_of(*location)),
                side: REQUEST,
                used_by: &[],
            };
            self.slot(&ctx, name, false, old.params.get(key), new.params.get(key));
        }

        self.body(&subject, old.body.as_ref(), new.body.as_ref());

        let ctx = Ctx {
            subject: &subject,
            role: Some(Role::Response),
            side: RESPONSE,
            used_by: &[],
        };
        match (&old.response, &new.response) {
            (None, None) => {}
            (Some(o), Some(n)) => self.shape(&ctx, "", false, o, n),
            (o, n) => {
                let describe = |s: &Option<Shape>| {
                    s.as_ref()
                        .map_or_else(|| "no body".to_string(), Shape::describe)
                };
                self.push(
                    &ctx,
                    "",
                    false,
                    ChangeKind::Retyped {
                        from: describe(o),
                        to: describe(n),
                    },
                );
            }
        }
    }

    fn body(&mut self, subject: &Subject, old: Option<&Body>, new: Option<&Body>) {
        let ctx = Ctx {
            subject,
            role: Some(Role::RequestBody),
            side: REQUEST,
            used_by: &[],
        };
        // A missing body is compared as an empty object, so that a body
        // appearing or disappearing is reported field by field.
        let empty = Shape {
            kind: Kind::Object(BTreeMap::new()),
            enum_values: None,
            pattern: None,
        };
        let shape = |b: Option<&Body>| b.map(|b| b.shape.clone()).unwrap_or_else(|| empty.clone());
        let (old_shape, new_shape) = (shape(old), shape(new));
        if let (Some(o), Some(n)) = (old, new)
            && o.content_type != n.content_type
        {
            self.push(
                &ctx,
                "",
                false,
                ChangeKind::ContentType {
                    from: o.content_type.clone(),
                    to: n.content_type.clone(),
                },
            );
        }
        match (&old_shape.kind, &new_shape.kind) {
            (Kind::Object(a), Kind::Object(b)) => self.fields(&ctx.fields(), "", false, a, b),
            _ if old.is_none() => self.push(&ctx, "", false, ChangeKind::Added { required: true }),
            _ if new.is_none() => self.push(&ctx, "", false, ChangeKind::Removed),
            _ => self.shape(&ctx, "", false, &old_shape, &new_shape),
        }
    }

    /// Compares a parameter or field that may exist on either side.
    fn slot(
        &mut self,
        ctx: &Ctx<'_>,
        name: &str,
        nested: bool,
        old: Option<&Slot>,
        new: Option<&Slot>,
    ) {
        match (old, new) {
            (None, None) => {}
            (Some(_), None) => self.push(ctx, name, nested, ChangeKind::Removed),
            (None, Some(n)) => self.push(
                ctx,
                name,
                nested,
                ChangeKind::Added {
                    required: n.required,
                },
            ),
            (Some(o), Some(n)) => {
                if !o.required && n.required {
                    self.push(ctx, name, nested, ChangeKind::MadeRequired);
                } else if o.required && !n.required {
                    self.push(ctx, name, nested, ChangeKind::MadeOptional);
                }
                self.shape(ctx, name, nested, &o.shape, &n.shape);
            }
        }
    }

    fn fields(
        &mut self,
        ctx: &Ctx<'_>,
        prefix: &str,
        nested: bool,
        old: &BTreeMap<String, Slot>,
        new: &BTreeMap<String, Slot>,
    ) {
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let full = format!("{prefix}{name}");
            self.slot(ctx, &full, nested, old.get(name), new.get(name));
        }
    }

    /// Compares two schemas found at the same place.
    fn shape(&mut self, ctx: &Ctx<'_>, name: &str, nested: bool, old: &Shape, new: &Shape) {
        if !old.same_type(new) {
            let kind = ChangeKind::Retyped {
                from: old.describe(),
                to: new.describe(),
            };
            self.push(ctx, name, nested, kind);
            return;
        }
        if let (Some(a), Some(b)) = (&old.enum_values, &new.enum_values) {
            for gone in a.difference(b) {
                self.push(
                    ctx,
                    name,
                    nested,
                    ChangeKind::EnumValueRemoved(gone.clone()),
                );
            }
            for fresh in b.difference(a) {
                self.push(ctx, name, nested, ChangeKind::EnumValueAdded(fresh.clone()));
            }
        }
        if old.pattern != new.pattern {
            let kind = ChangeKind::PatternChanged {
                from: old.pattern.clone(),
                to: new.pattern.clone(),
            };
            self.push(ctx, name, nested, kind);
        }
        match (&old.kind, &new.kind) {
            (Kind::Object(a), Kind::Object(b)) => {
                let prefix = if name.is_empty() {
                    String::new()
                } else {
                    format!("{name}.")
                };
                self.fields(&ctx.fields(), &prefix, !name.is_empty(), a, b);
            }
            (Kind::Array(a), Kind::Array(b)) => {
                let ctx = if ctx.role.is_none() {
                    ctx.fields()
                } else {
                    ctx.clone()
                };
                self.shape(&ctx, &format!("{name}[]"), true, a, b);
            }
            _ => {}
        }
    }

    fn types(&mut self, old: &Api, new: &Api) {
        let names: BTreeSet<&String> = old.types.keys().chain(new.types.keys()).collect();
        for name in names {
            let usage = new.usage.get(name).or_else(|| old.usage.get(name));
            let request = usage.is_some_and(|u| !u.request.is_empty());
            let response = usage.is_some_and(|u| !u.response.is_empty());
            let used_by: Vec<String> = usage
                .map(|u| u.request.union(&u.response).cloned().collect())
                .unwrap_or_default();
            let subject = Subject::Type { name: name.clone() };
            let ctx = Ctx {
                subject: &subject,
                role: None,
                // A type no operation uses is still generated; list it with the responses.
                side: Side {
                    request,
                    response: response || !request,
                },
                used_by: &used_by,
            };
            match (old.types.get(name), new.types.get(name)) {
                (Some(o), Some(n)) => self.shape(&ctx, "", false, o, n),
                (Some(_), None) => self.push(&ctx, "", false, ChangeKind::Removed),
                (None, Some(_)) => {
                    self.push(&ctx, "", false, ChangeKind::Added { required: false })
                }
                (None, None) => {}
            }
        }
    }
}
