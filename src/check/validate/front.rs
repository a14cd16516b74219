//! What every content file shares: front matter split off and parsed (a
//! misspelled field an error, with the field meant; other unknown ones
//! warned about), and the Markdown body converted, with its footnote
//! problems placed on the file's own lines.

use crate::base::diagnostics::{Diagnostic, Nearest, closest, nearest};
use crate::input::frontmatter;
use crate::input::load::ContentFile;
use crate::input::markdown;

/// A file's front matter and body, parsed; `text` kept for positions.
pub(super) struct Parsed<'a, T> {
    file: &'a ContentFile,
    pub(super) front: T,
    front_offset: usize,
    body: &'a str,
    body_line: usize,
    /// The fields the front matter sets, with their offsets in the file.
    pub(super) keys: Vec<(String, usize)>,
}

impl<T> Parsed<'_, T> {
    /// The offset in the file of a front matter span's start.
    pub(super) fn offset_of(&self, span_start: usize) -> usize {
        self.front_offset + span_start
    }

    /// The whole file's text.
    pub(super) fn text(&self) -> &str {
        &self.file.text
    }

    /// An error at an offset of the file itself (not of its front matter).
    pub(super) fn error_at_offset(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.file.path, message).at(&self.file.text, offset)
    }

    /// Whether the body has any text.
    pub(super) fn has_body(&self) -> bool {
        !self.body.trim().is_empty()
    }

    pub(super) fn error_at(&self, span_start: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.file.path, message)
            .at(&self.file.text, self.front_offset + span_start)
    }
}

/// Splits and parses `file`'s front matter as `T`, warning about fields not
/// in `known`; `None` (with the problem in `diags`) if it cannot be read.
pub(super) fn parse_file<'a, T: serde::de::DeserializeOwned>(
    file: &'a ContentFile,
    known: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<'a, T>> {
    let split = match frontmatter::split(&file.path, &file.text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let what = frontmatter::Toml::FrontMatter { known };
    let parsed = match frontmatter::parse::<T>(
        &file.path,
        &file.text,
        split.front,
        split.front_offset,
        what,
    ) {
        Ok(p) => p,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    for (key, offset) in &parsed.keys {
        if !known.contains(&key.as_str()) {
            diags.push(unknown_field(file, key, *offset, known));
        }
    }
    Some(Parsed {
        keys: parsed.keys,
        file,
        front: parsed.value,
        front_offset: split.front_offset,
        body: split.body,
        body_line: split.body_line,
    })
}

/// A field `known` does not have. A near miss of a field (`sumary`) is an
/// error, since the field meant is then lost (an overview published
/// empty); a name far from all of them is warned about and ignored.
fn unknown_field(file: &ContentFile, key: &str, offset: usize, known: &[&str]) -> Diagnostic {
    match nearest(key, known.iter().copied()) {
        Some(Nearest {
            candidate: k,
            near_miss: true,
        }) => Diagnostic::error(
            &file.path,
            format!("unknown field `{key}`: did you mean `{k}`?"),
        )
        .at(&file.text, offset)
        .help(format!(
            "correct the name to `{k}`; as it is written, the line is not read"
        )),
        alike => {
            let d = Diagnostic::warning(&file.path, format!("unknown field `{key}` is ignored"))
                .at(&file.text, offset);
            match alike {
                Some(n) => d.help(format!("did you mean `{}`?", n.candidate)),
                None if known.is_empty() => d.help("this file takes no fields: remove it"),
                None => d.help(format!("the fields here are: {}", known.join(", "))),
            }
        }
    }
}

impl<T> Parsed<'_, T> {
    /// Said of a field left out that is required (`required`), or that a
    /// misspelled name most likely meant: a near miss of `field` among the
    /// names not `known` is named as it (in place of its "unknown field"),
    /// as the TOML reader names a required field.
    pub(super) fn missing(
        &self,
        field: &str,
        known: &[&str],
        required: bool,
        d: &mut Vec<Diagnostic>,
    ) {
        let misspelled = self
            .keys
            .iter()
            .find(|(k, _)| !known.contains(&k.as_str()) && closest(k, [field]).is_some());
        if let Some((key, offset)) = misspelled {
            let unknown = format!("unknown field `{key}`: did you mean `{field}`?");
            d.retain(|x| x.message != unknown);
            d.push(
                Diagnostic::error(
                    &self.file.path,
                    format!("`{key}` is probably `{field}`, which is required and missing"),
                )
                .at(&self.file.text, *offset)
                .help(format!("correct the name: {field} = ...")),
            );
        } else if required {
            d.push(
                self.error_at(0, format!("invalid front matter: missing field `{field}`"))
                    .help(format!("add {field} = ... to the front matter")),
            );
        }
    }
}

/// A text field trimmed, or none when empty.
pub(super) fn text(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// An address an author gave (`field` names it in the message), refused
/// and said so when it would run script.
pub(super) fn checked_url<T>(
    p: &Parsed<'_, T>,
    field: &str,
    value: &Option<String>,
    d: &mut Vec<Diagnostic>,
) -> Option<String> {
    let url = text(value)?;
    if let Some(scheme) = crate::base::address::refused_scheme(&url) {
        let (message, help) = crate::base::address::refused_message(field, &url, &scheme);
        let at = p.text().find(url.as_str()).unwrap_or(0);
        d.push(p.error_at_offset(at, message).help(help));
        return None;
    }
    Some(url)
}

/// Renders a body, reporting footnote problems against the file's lines.
pub(super) fn render_body<T>(
    p: &Parsed<'_, T>,
    prefix: &str,
    allow_html: bool,
    diags: &mut Vec<Diagnostic>,
) -> markdown::Rendered {
    let r = markdown::render(p.body, prefix, allow_html);
    let body_offset = p.file.text.len() - p.body.len();
    diags.extend(super::hyperlink::check(
        &p.file.path,
        &p.file.text,
        p.body,
        body_offset,
    ));
    let line = |l: usize| p.body_line + l - 1;
    for m in &r.missing {
        let mut d = Diagnostic::error(
            &p.file.path,
            format!("footnote [^{}] is referenced but never defined", m.label),
        )
        .at_line(&p.file.text, line(m.line))
        .help(format!(
            "add a line `[^{}]: Title of the source, <https://...>` at the end of the file",
            m.label
        ));
        d.column = Some(m.column);
        diags.push(d);
    }
    for link in &r.refused {
        let (message, help) =
            crate::base::address::refused_message("the link", &link.address, &link.scheme);
        let mut d = Diagnostic::error(&p.file.path, message)
            .at_line(&p.file.text, line(link.line))
            .help(help);
        d.column = Some(link.column);
        diags.push(d);
    }
    for (label, at) in &r.unreferenced {
        diags.push(
            Diagnostic::warning(
                &p.file.path,
                format!("footnote [^{label}] is defined but never referenced"),
            )
            .at_line(&p.file.text, line(*at))
            .help(format!(
                "cite it in the text with [^{label}] or delete the definition"
            )),
        );
    }
    r
}
