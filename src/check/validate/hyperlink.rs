//! Word's hyperlink field codes in a body: a link copied out of Word can
//! bring its code along, `HYPERLINK "https://…" https://…` (the address
//! twice) or, its address lost, `HYPERLINK “”`, which the page and the
//! Sources page would then show. Each is warned about, and
//! `followup check --fix` takes it out, keeping the address as
//! `<https://…>`.

use crate::base::diagnostics::{Diagnostic, Edit};
use crate::input::pasted::FIX_HELP;

const CODE: &str = "HYPERLINK";

/// The warnings for the field codes of `body`, which starts at byte
/// `body_offset` of the file `path` of text `text`.
pub(super) fn check(path: &str, text: &str, body: &str, body_offset: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut line_start = body_offset;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let mut from = 0;
        while let Some(found) = content[from..].find(CODE) {
            let at = from + found;
            from = at + CODE.len();
            let Some(code) = read(content, at) else {
                continue;
            };
            from = code.end;
            out.push(warning(path, text, content, line_start, &code));
        }
        line_start += line.len();
    }
    out
}

/// One field code of a line: bytes `start..end`, and the address it
/// links to, if it is one.
struct Code {
    start: usize,
    end: usize,
    address: Option<String>,
    /// Whether the address follows the code as its shown text.
    shown: bool,
}

/// The field code starting with `HYPERLINK` at byte `at` of `line`:
/// `HYPERLINK`, switches such as `\l`, the target in straight or curly
/// quotes, and the address again when it is shown as it is.
fn read(line: &str, at: usize) -> Option<Code> {
    let mut rest = &line[at + CODE.len()..];
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    rest = rest.trim_start();
    while let Some(after) = rest.strip_prefix('\\') {
        let switch = after.find(char::is_whitespace).unwrap_or(after.len());
        rest = after[switch..].trim_start();
    }
    let open = rest.chars().next().filter(|c| "\"“„«".contains(*c))?;
    let inner = &rest[open.len_utf8()..];
    let close = inner.find(['"', '”', '“', '»'])?;
    let target = inner[..close].trim();
    let quote = inner[close..].chars().next()?.len_utf8();
    let mut end = line.len() - inner[close + quote..].len();
    let address = ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| target.starts_with(s))
        .then(|| target.to_string());
    let mut shown = false;
    if let Some(a) = &address {
        let after = &line[end..];
        let trimmed = after.trim_start();
        if trimmed.starts_with(a.as_str()) {
            end += after.len() - trimmed.len() + a.len();
            shown = true;
        }
    }
    Some(Code {
        start: at,
        end,
        address,
        shown,
    })
}

fn warning(path: &str, text: &str, line: &str, line_start: usize, code: &Code) -> Diagnostic {
    let footnote = line
        .strip_prefix("[^")
        .and_then(|l| l.split_once("]:"))
        .map(|(label, _)| label);
    let place = match footnote {
        Some(label) => format!("footnote [^{label}]"),
        None => "this text".to_string(),
    };
    let message = format!("{place} holds Word's link code `{CODE} \"…\"`");
    let mut edits = Vec::new();
    let keep = match &code.address {
        Some(a) if code.shown => {
            edits.push(edit(line_start, code.start, code.end, format!("<{a}>")));
            format!(", keeping the address as <{a}>")
        }
        Some(a) => {
            edits.push(removal(line, line_start, code));
            // The words shown stay; the address goes after them, unless
            // the line gives it already.
            if !line[..code.start].contains(a.as_str()) && !line[code.end..].contains(a.as_str()) {
                let end = line.trim_end().len();
                edits.push(edit(line_start, end, end, format!(" <{a}>")));
            }
            format!(", keeping the address as <{a}>")
        }
        None => {
            edits.push(removal(line, line_start, code));
            String::new()
        }
    };
    Diagnostic::warning(path, message)
        .at(text, line_start + code.start)
        .help(format!(
            "it is what is left of a link copied out of Word, and readers would see it: delete it{keep}; {FIX_HELP}"
        ))
        .fix(edits)
}

/// The code taken out with the spaces before it, so no gap is left.
fn removal(line: &str, line_start: usize, code: &Code) -> Edit {
    let start = line[..code.start].trim_end().len();
    edit(line_start, start, code.end, String::new())
}

fn edit(line_start: usize, start: usize, end: usize, replacement: String) -> Edit {
    Edit {
        start: line_start + start,
        end: line_start + end,
        replacement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line as `--fix` leaves it.
    fn fixed(line: &str) -> String {
        let mut edits: Vec<Edit> = check("f.md", line, line, 0)
            .into_iter()
            .flat_map(|d| d.fix)
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.start));
        let mut s = line.to_string();
        for e in edits {
            s.replace_range(e.start..e.end, &e.replacement);
        }
        s
    }

    #[test]
    fn field_codes_go_and_their_addresses_stay() {
        assert_eq!(
            fixed("[^1]: Presidential Decree No. PF-6012, HYPERLINK “”"),
            "[^1]: Presidential Decree No. PF-6012,"
        );
        assert_eq!(
            fixed("[^2]: Law HYPERLINK \"https://adilet.zan.kz/x\" https://adilet.zan.kz/x"),
            "[^2]: Law <https://adilet.zan.kz/x>"
        );
        assert_eq!(
            fixed("[^3]: HYPERLINK \"https://a.kz/\" The ministry's statement"),
            "[^3]: The ministry's statement <https://a.kz/>"
        );
        assert_eq!(
            fixed("See HYPERLINK \\l \"_ftn1\" the note."),
            "See the note."
        );
        // The word in prose, without a code's quotes, is not one.
        assert!(check("f.md", "A HYPERLINK field.", "A HYPERLINK field.", 0).is_empty());
    }
}
