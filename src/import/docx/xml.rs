//! The XML of a .docx part as a small tree of elements, and its
//! relationships: what the reader walks instead of the raw events.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Ns {
    W,
    Mc,
    Other,
}

/// An XML element, as much of it as reading a document needs: its
/// namespace, local name, attributes (by local name) and children.
#[derive(Debug)]
pub(super) struct El {
    pub(super) ns: Ns,
    pub(super) name: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) kids: Vec<Node>,
}

#[derive(Debug)]
pub(super) enum Node {
    El(El),
    Text(String),
}

impl El {
    pub(super) fn is(&self, name: &str) -> bool {
        self.ns == Ns::W && self.name == name
    }

    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn els(&self) -> impl Iterator<Item = &El> {
        self.kids.iter().filter_map(|k| match k {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The text directly inside (of a `w:t` or `w:instrText`).
    pub(super) fn text(&self) -> String {
        self.kids
            .iter()
            .filter_map(|k| match k {
                Node::Text(t) => Some(t.as_str()),
                Node::El(_) => None,
            })
            .collect()
    }

    /// Whether an on/off attribute is on ("1", "true", "on").
    pub(super) fn on(&self, name: &str) -> bool {
        matches!(self.attr(name), Some("1" | "true" | "on"))
    }
}

/// The first element named `name` (in the W namespace) at or under `el`.
pub(super) fn find<'a>(el: &'a El, name: &str) -> Option<&'a El> {
    if el.is(name) {
        return Some(el);
    }
    el.els().find_map(|k| find(k, name))
}

/// Parses a part into its root element (under a nameless top), taking
/// its elements and attributes out of `budget`: past it, the document is
/// refused.
pub(super) fn parse(xml: &str, part: &str, budget: &std::cell::Cell<usize>) -> Result<El, String> {
    let damaged = |why: String| format!("the Word document is damaged: its {part} {why}");
    let mut reader = NsReader::from_str(xml);
    let mut stack = vec![El {
        ns: Ns::Other,
        name: String::new(),
        attrs: Vec::new(),
        kids: Vec::new(),
    }];
    loop {
        let (resolved, event) = reader
            .read_resolved_event()
            .map_err(|e| damaged(format!("is not well-formed XML ({e})")))?;
        let ns = match resolved {
            ResolveResult::Bound(n) if W_NS.contains(&n.0) => Ns::W,
            ResolveResult::Bound(n) if n.0 == MC_NS => Ns::Mc,
            _ => Ns::Other,
        };
        // Only the text of w:t and w:instrText is kept.
        let keeps_text = stack
            .last()
            .is_some_and(|top| top.is("t") || top.is("instrText"));
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if budget.get() == 0 {
                    return Err(too_many(part));
                }
                budget.set(budget.get() - 1);
                let mut attrs = Vec::new();
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|e| damaged(format!("is not well-formed XML ({e})")))?;
                    // An attribute is held as an element is: it counts.
                    if budget.get() == 0 {
                        return Err(too_many(part));
                    }
                    budget.set(budget.get() - 1);
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| damaged(format!("is not well-formed XML ({e})")))?;
                    attrs.push((a.key.local_name().as_ref().to_string(), value.into_owned()));
                }
                let el = El {
                    ns,
                    name: e.local_name().as_ref().to_string(),
                    attrs,
                    kids: Vec::new(),
                };
                if matches!(event, Event::Empty(_)) {
                    if let Some(top) = stack.last_mut() {
                        top.kids.push(Node::El(el));
                    }
                } else {
                    if stack.len() > MAX_DEPTH {
                        return Err(damaged(format!(
                            "nests elements more than {MAX_DEPTH} deep"
                        )));
                    }
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop();
                match (el, stack.last_mut()) {
                    (Some(el), Some(top)) => top.kids.push(Node::El(el)),
                    _ => return Err(damaged("is not well-formed XML".into())),
                }
            }
            Event::Text(t) if keeps_text => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) if keeps_text => push_text(&mut stack, &t.into_inner()),
            Event::GeneralRef(r) if keeps_text => {
                let c = r
                    .resolve_char_ref()
                    .map_err(|e| damaged(format!("is not well-formed XML ({e})")))?;
                let s = match c {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.into_inner())
                        .unwrap_or_default()
                        .to_string(),
                };
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match stack.pop() {
        Some(top) if stack.is_empty() => Ok(top),
        _ => Err(damaged("ends before its elements are closed".into())),
    }
}

fn too_many(part: &str) -> String {
    format!(
        "the Word document has more than {MAX_ELEMENTS} XML elements, far more than an assessment has (its {part} is where they are): is it the right file?"
    )
}

pub(super) fn push_text(stack: &mut [El], s: &str) {
    if let Some(top) = stack.last_mut() {
        match top.kids.last_mut() {
            Some(Node::Text(t)) => t.push_str(s),
            _ => top.kids.push(Node::Text(s.to_string())),
        }
    }
}

/// One relationship of a part: its type's last word ("hyperlink",
/// "footnotes"), and its target, resolved to a part's name in the package
/// unless it is external.
pub(super) struct Rel {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) target: String,
    pub(super) external: bool,
}

pub(super) fn relationships(root: &El, dir: &str) -> Vec<Rel> {
    let Some(list) = root.els().find(|e| e.name == "Relationships") else {
        return Vec::new();
    };
    list.els()
        .filter(|e| e.name == "Relationship")
        .filter_map(|e| {
            let target = e.attr("Target")?;
            let external = e.attr("TargetMode") == Some("External");
            Some(Rel {
                id: e.attr("Id")?.to_string(),
                kind: e.attr("Type")?.rsplit('/').next()?.to_string(),
                target: if external {
                    target.trim().to_string()
                } else {
                    resolve(dir, target)
                },
                external,
            })
        })
        .collect()
}

/// A part's name from a relative target.
pub(super) fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}
