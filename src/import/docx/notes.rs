//! The footnotes and endnotes of a .docx: their words, with field codes
//! out, and the address each cites.

use super::xml::*;
use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum NoteKind {
    Foot,
    End,
}

impl NoteKind {
    pub(super) fn rel_type(self) -> &'static str {
        match self {
            NoteKind::Foot => "footnotes",
            NoteKind::End => "endnotes",
        }
    }

    pub(super) fn element(self) -> &'static str {
        match self {
            NoteKind::Foot => "footnote",
            NoteKind::End => "endnote",
        }
    }
}

/// A note as read from its part, before it is cited.
pub(super) struct RawNote {
    pub(super) text: String,
    pub(super) url: Option<String>,
}

/// The notes of one part (separators and the like, which have a type, left
/// out), by kind and id.
pub(super) fn read_notes(
    root: &El,
    kind: NoteKind,
    links: &[Rel],
    notes: &mut HashMap<(NoteKind, String), RawNote>,
) {
    let Some(list) = root.els().find(|e| e.ns == Ns::W) else {
        return;
    };
    for note in list.els().filter(|e| e.is(kind.element())) {
        if note.attr("type").is_some_and(|t| t != "normal") {
            continue;
        }
        let Some(id) = note.attr("id") else { continue };
        // Notes cannot cite notes: a scratch context reads the words.
        let mut cx = Cx {
            notes: HashMap::new(),
            cited: Vec::new(),
            ids: HashMap::new(),
            place: Place::Paragraph(1),
            paragraphs: 0,
            tables: 0,
            numbering: Numbering::default(),
        };
        let mut paras = Vec::new();
        let mut extra = Extra::default();
        flat_paras(note, &mut cx, &mut paras, &mut extra);
        let raw = paras
            .iter()
            .map(|t| t.to_plain())
            .collect::<Vec<_>>()
            .join(" ");
        let (text, in_words) = clean::footnote(&raw);
        let targets: Vec<String> = extra
            .links
            .iter()
            .filter_map(|id| links.iter().find(|r| &r.id == id && r.external))
            .map(|r| r.target.clone())
            .filter(|t| !t.is_empty())
            .collect();
        let linked = targets
            .iter()
            .find(|t| is_web(t) || t.to_ascii_lowercase().starts_with("mailto:"))
            .cloned();
        let field = field_url(&extra.instr);
        // A link to anything else (javascript:, file:) is kept last, so
        // that the import says it does not publish it rather than drop it.
        let other = targets.into_iter().next();
        notes.insert(
            (kind, id.to_string()),
            RawNote {
                text,
                url: linked.or(field).or(in_words).or(other),
            },
        );
    }
}

pub(super) fn is_web(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://")
}

/// The web address of the first HYPERLINK field in field instructions:
/// `HYPERLINK "http://…" \o "tip"`, and not `HYPERLINK \l "bookmark"`.
pub(super) fn field_url(instr: &str) -> Option<String> {
    let mut rest = instr;
    while let Some(at) = rest.find("HYPERLINK") {
        rest = &rest[at + "HYPERLINK".len()..];
        let mut tokens = Vec::new();
        let mut s = rest.trim_start();
        while !s.is_empty() && !s.starts_with("HYPERLINK") {
            let (tok, after) = match s.strip_prefix('"') {
                Some(q) => q.split_once('"').unwrap_or((q, "")),
                None => s.split_once(char::is_whitespace).unwrap_or((s, "")),
            };
            tokens.push(tok);
            s = after.trim_start();
        }
        let mut it = tokens.into_iter();
        while let Some(tok) = it.next() {
            if let Some(switch) = tok.strip_prefix('\\') {
                if matches!(switch, "l" | "o" | "t") {
                    it.next();
                }
            } else if is_web(tok) {
                return Some(tok.to_string());
            } else {
                break;
            }
        }
    }
    None
}
