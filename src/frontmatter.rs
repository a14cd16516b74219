//! TOML front matter between `+++` lines, parsed with positions so every
//! message points at the right line and column of the file itself.

use crate::diagnostics::Diagnostic;
use serde::de::DeserializeOwned;
use toml::de::{DeTable, Deserializer};

/// A file split into its front matter and its Markdown body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub front: &'a str,
    /// Byte offset of `front` in the file.
    pub front_offset: usize,
    pub body: &'a str,
    /// 1-based line of the file on which the body starts.
    pub body_line: usize,
}

const FENCE: &str = "+++";

/// Splits `text` (already normalised to LF) at its `+++` fences.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty").help(
            "start it with front matter between two +++ lines, as described in the authoring guide",
        ));
    }
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != FENCE {
        let help = if first_line.trim() == "---" {
            "followup reads TOML front matter between +++ lines, not YAML between --- lines"
        } else {
            "the file must start with a line containing only +++, then the front matter, then another +++ line"
        };
        return Err(
            Diagnostic::error(path, "missing front matter: the first line must be +++")
                .at(text, 0)
                .help(help),
        );
    }
    let front_offset = first_line.len() + 1;
    let mut offset = front_offset.min(text.len());
    for (line, l) in (2..).zip(text[offset..].split_inclusive('\n')) {
        if l.trim_end() == FENCE {
            return Ok(Split {
                front: &text[front_offset..offset],
                front_offset,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(
        Diagnostic::error(path, "front matter is not closed: no second +++ line")
            .at(text, 0)
            .help("add a line containing only +++ after the last front matter field"),
    )
}

/// Front matter parsed into `T`, plus the keys the file used (with their
/// offsets in the file) so unknown ones can be reported.
pub struct Parsed<T> {
    pub value: T,
    pub keys: Vec<(String, usize)>,
}

/// Parses TOML `source` (found at `offset` in the file `text`) into `T`.
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    source: &str,
    offset: usize,
) -> Result<Parsed<T>, Diagnostic> {
    let table = DeTable::parse(source).map_err(|e| toml_error(path, text, offset, &e))?;
    let keys = table
        .get_ref()
        .iter()
        .map(|(k, _)| (k.get_ref().to_string(), offset + k.span().start))
        .collect();
    let value = T::deserialize(Deserializer::from(table))
        .map_err(|e| toml_error(path, text, offset, &e))?;
    Ok(Parsed { value, keys })
}

fn toml_error(path: &str, text: &str, offset: usize, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().trim_end_matches('.').to_string();
    let (message, help) = explain_toml(&message);
    let d = Diagnostic::error(path, message);
    let d = match e.span() {
        Some(span) => d.at(text, offset + span.start),
        None => d.at(text, offset),
    };
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// Turns the TOML parser's wording into words and advice for people who do not know TOML.
fn explain_toml(message: &str) -> (String, Option<String>) {
    // serde names Rust types; authors know text, whole numbers, lists and dates.
    let mut plain = message.to_string();
    for (from, to) in [
        ("expected i64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected an integer", "expected a whole number"),
        ("expected a string", "expected text in quotes"),
        ("expected a sequence", "expected a list in [brackets]"),
        ("expected a boolean", "expected true or false"),
        ("expected a map", "expected a table"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: a table"),
        ("invalid type: integer", "invalid type: the number"),
        ("invalid type: string", "invalid type: the text"),
    ] {
        plain = plain.replace(from, to);
    }
    let help = if let Some(field) = message.strip_prefix("missing field ") {
        Some(format!(
            "add {} = ... to the front matter",
            field.trim_matches('`')
        ))
    } else if message.contains("must be quoted") {
        Some("put text in quotes, like grade = \"B2\"".to_string())
    } else if message.contains("unknown field") {
        // Top-level fields are checked elsewhere, with a warning: this is a
        // field of a [[rounds]] or [[assessments]] table, most often one
        // written after such a table that was meant to stand above it.
        Some("in TOML, every line after a [[table]] header belongs to that table: put [[rounds]] and [[assessments]] at the end of the front matter, after the other fields".to_string())
    } else if message.contains("duplicate key") {
        Some("each field may appear once: delete one of the two lines".to_string())
    } else if message.contains("invalid type") {
        Some("check the value: text goes in \"quotes\", numbers and dates without quotes, lists in [brackets]".to_string())
    } else if message.contains("string") {
        Some("text values start and end with \"; for text over several lines use \"\"\"three quotes\"\"\"".to_string())
    } else if message.contains("expected") || message.contains("invalid") {
        Some("each front matter line is `name = value`; text goes in \"quotes\"".to_string())
    } else {
        None
    };
    (format!("invalid front matter: {plain}"), help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct T {
        a: i64,
    }

    #[test]
    fn split_finds_fences_and_body_line() {
        let text = "+++\na = 1\n+++\nbody\n";
        let s = split("f.md", text).unwrap();
        assert_eq!(s.front, "a = 1\n");
        assert_eq!(s.front_offset, 4);
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_and_missing_fences_are_errors() {
        let e = split("f.md", "+++\na = 1\n").unwrap_err();
        assert!(e.message.contains("not closed"), "{e}");
        let e = split("f.md", "a = 1\n").unwrap_err();
        assert!(e.message.contains("missing front matter"), "{e}");
        let e = split("f.md", "  \n").unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
    }

    #[test]
    fn toml_errors_point_into_the_file() {
        let text = "+++\n\na = \"x\"\n+++\n";
        let s = split("f.md", text).unwrap();
        let e = parse::<T>("f.md", text, s.front, s.front_offset)
            .err()
            .unwrap();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("invalid type"), "{e}");
    }

    #[test]
    fn keys_are_reported_with_offsets() {
        let text = "+++\na = 1\nb = 2\n+++\n";
        let s = split("f.md", text).unwrap();
        let p = parse::<T>("f.md", text, s.front, s.front_offset).unwrap();
        assert_eq!(p.value.a, 1);
        assert_eq!(p.keys, vec![("a".into(), 4), ("b".into(), 10)]);
    }
}
