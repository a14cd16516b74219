//! TOML front matter between `+++` lines, parsed with positions so every
//! message points at the right line and column of the file itself.

mod dates;

use crate::base::diagnostics::{Diagnostic, Edit, closest};
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

/// Which TOML is read, for the words of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toml<'a> {
    /// A content file's front matter, whose fields are `known`: a missing
    /// one misspelled is said to be so.
    FrontMatter { known: &'a [&'a str] },
    /// `followup.toml`, whose top-level settings are `top_level`: one of
    /// them written below a `[table]` is said to belong to it.
    Settings { top_level: &'a [&'a str] },
}

/// Parses TOML `source` (found at `offset` in the file `text`) into `T`.
/// When it cannot be read, every problem found, and a fix for those that
/// have one: what Word does to TOML is said in its own words (see
/// [`crate::input::pasted`]), and what is left after fixing it in the reader's.
pub fn parse<T: DeserializeOwned>(
    path: &str,
    text: &str,
    source: &str,
    offset: usize,
    what: Toml<'_>,
) -> Result<Parsed<T>, Vec<Diagnostic>> {
    let problem = match read::<T>(source) {
        Ok((value, keys)) => {
            let keys = keys.into_iter().map(|(k, at)| (k, offset + at)).collect();
            return Ok(Parsed { value, keys });
        }
        Err(problem) => problem,
    };
    let at = |d: Diagnostic, at: usize| d.at(text, offset + at);
    let findings = crate::input::pasted::scan(source);
    if findings.is_empty() {
        return Err(vec![explain(path, source, problem, what, at)]);
    }
    let mut out: Vec<Diagnostic> = findings
        .iter()
        .map(|f| {
            let d = at(Diagnostic::error(path, &f.message), f.at).help(&f.help);
            let d = f.marks.iter().fold(d, |d, m| d.mark(text, offset + m));
            d.fix(
                f.edits
                    .iter()
                    .map(|e| Edit {
                        start: offset + e.start,
                        end: offset + e.end,
                        replacement: e.replacement.clone(),
                    })
                    .collect(),
            )
        })
        .collect();
    // With every one of them fixed, is there anything else?
    if findings.iter().all(|f| !f.edits.is_empty()) {
        let mut edits: Vec<&Edit> = findings.iter().flat_map(|f| &f.edits).collect();
        edits.sort_by_key(|e| e.start);
        let (fixed, back) = apply(source, &edits);
        if let Err(mut rest) = read::<T>(&fixed) {
            rest.at = rest.at.map(&back);
            for (_, at) in &mut rest.keys {
                *at = back(*at);
            }
            out.push(explain(path, source, rest, what, at));
        }
    }
    Err(out)
}

/// Why TOML could not be read: the reader's words, where, and the
/// top-level keys it read.
struct Problem {
    message: String,
    at: Option<usize>,
    keys: Vec<(String, usize)>,
}

/// Reads `source` as `T`, with its top-level keys and their offsets.
fn read<T: DeserializeOwned>(source: &str) -> Result<(T, Vec<(String, usize)>), Problem> {
    let problem = |e: &toml::de::Error, keys: Vec<(String, usize)>| Problem {
        message: e.message().trim().trim_end_matches('.').to_string(),
        at: e.span().map(|s| s.start),
        keys,
    };
    let table = DeTable::parse(source).map_err(|e| problem(&e, Vec::new()))?;
    let keys: Vec<(String, usize)> = table
        .get_ref()
        .iter()
        .map(|(k, _)| (k.get_ref().to_string(), k.span().start))
        .collect();
    match T::deserialize(Deserializer::from(table)) {
        Ok(value) => Ok((value, keys)),
        Err(e) => Err(problem(&e, keys)),
    }
}

/// `source` with `edits` (in order, not overlapping) made, and a map from
/// offsets of the result back to offsets of `source`.
fn apply(source: &str, edits: &[&Edit]) -> (String, impl Fn(usize) -> usize + use<>) {
    let mut fixed = String::with_capacity(source.len());
    let mut done = 0;
    // Where each replacement ends in the result, and how far it moved
    // what follows it.
    let mut shifts: Vec<(usize, isize)> = Vec::new();
    let mut shift = 0isize;
    for e in edits {
        if e.start < done {
            continue;
        }
        fixed.push_str(&source[done..e.start]);
        fixed.push_str(&e.replacement);
        done = e.end;
        shift += e.replacement.len() as isize - (e.end - e.start) as isize;
        shifts.push((fixed.len(), shift));
    }
    fixed.push_str(&source[done..]);
    let back = move |at: usize| {
        let moved = shifts
            .iter()
            .rev()
            .find(|(end, _)| at >= *end)
            .map_or(0, |(_, s)| *s);
        (at as isize - moved).max(0) as usize
    };
    (fixed, back)
}

/// The message for a problem the TOML reader met in `source`, placed with `at`.
fn explain(
    path: &str,
    source: &str,
    problem: Problem,
    what: Toml<'_>,
    at: impl Fn(Diagnostic, usize) -> Diagnostic,
) -> Diagnostic {
    let message = problem.message.as_str();
    // A date written another way than TOML's: said with the date meant.
    if let (Toml::FrontMatter { .. }, Some(offset)) = (what, problem.at)
        && missing_field(message).is_none()
        && unknown_field(message).is_none()
        && !message.contains("duplicate key")
        && let Some(d) = dates::explain(path, source, offset, &at)
    {
        return d;
    }
    if let (Some(field), Toml::FrontMatter { known }) = (missing_field(message), what) {
        let misspelled = problem
            .keys
            .iter()
            .find(|(k, _)| !known.contains(&k.as_str()) && closest(k, [field]).is_some());
        if let Some((key, offset)) = misspelled {
            return at(
                Diagnostic::error(
                    path,
                    format!("`{key}` is probably `{field}`, which is required and missing"),
                ),
                *offset,
            )
            .help(format!("correct the name: {field} = ..."));
        }
    }
    if let Some((field, expected)) = unknown_field(message) {
        let suggestion = closest(field, expected.iter().copied());
        let d = match what {
            Toml::Settings { top_level } if top_level.contains(&field) => {
                misplaced_setting(source, field, problem.at.unwrap_or(0)).unwrap_or_else(|| {
                    Diagnostic::error(path, format!("unknown setting `{field}`"))
                })
            }
            Toml::Settings { .. } => {
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the settings here are: {}", expected.join(", ")),
                };
                Diagnostic::error(path, format!("unknown setting `{field}`")).help(help)
            }
            Toml::FrontMatter { .. } => {
                let (message, help) = explain_toml(message);
                let d = Diagnostic::error(path, message);
                match (suggestion, help) {
                    (Some(s), _) => d.help(format!("did you mean `{s}`?")),
                    (None, Some(h)) => d.help(h),
                    (None, None) => d,
                }
            }
        };
        return at(d, problem.at.unwrap_or(0));
    }
    let (mut message, mut help) = explain_toml(message);
    if matches!(what, Toml::Settings { .. }) {
        message = message.replace("invalid front matter", "invalid settings");
        help = help.map(|h| {
            h.replace("the front matter", "followup.toml")
                .replace("each front matter line", "each line")
        });
    }
    let d = at(Diagnostic::error(path, message), problem.at.unwrap_or(0));
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// A top-level setting of followup.toml, `field`, written at offset `at`
/// under a table header, which makes it the table's: the message that
/// says so, unplaced.
pub(crate) fn misplaced_setting(source: &str, field: &str, at: usize) -> Option<Diagnostic> {
    let (header, _) = headers(source, at).last()?;
    let (first, line) = headers(source, at).next()?;
    let d = Diagnostic::error(
        crate::input::load::CONFIG_FILE,
        format!("the setting `{field}` is read as part of {header}, the table above it"),
    );
    Some(d.help(format!(
        "in TOML, every line after a [table] header belongs to that table: move `{field} = ...` up, above {first} at line {line}, the first table header"
    )))
}

/// The `[table]` and `[[table]]` headers of `source` before offset `at`,
/// as written, with their 1-based lines.
fn headers(source: &str, at: usize) -> impl Iterator<Item = (String, usize)> {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    source[..at].lines().enumerate().filter_map(|(i, l)| {
        let l = l.split('#').next().unwrap_or_default().trim();
        (l.starts_with('[') && l.ends_with(']')).then(|| (l.to_string(), i + 1))
    })
}

/// `recommendation` for "missing field `recommendation`".
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// The unknown field and the ones expected, from serde's "unknown field
/// `titel`, expected one of `title`, `base_url`" (or "expected `round`").
fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).collect();
    Some((field, expected))
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
        let e = parse::<T>(
            "f.md",
            text,
            s.front,
            s.front_offset,
            Toml::Settings { top_level: &[] },
        )
        .err()
        .unwrap();
        let e = &e[0];
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("invalid type"), "{e}");
    }

    /// What Word did is said first, with its fix; what is left once it is
    /// fixed is said too, at its place in the file as it is.
    #[test]
    fn word_problems_come_with_fixes_and_what_is_left() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Two {
            a: i64,
            b: i64,
        }
        let text = "+++\na\u{a0}= 1\nb = x\n+++\n";
        let s = split("f.md", text).unwrap();
        let e = parse::<Two>(
            "f.md",
            text,
            s.front,
            s.front_offset,
            Toml::Settings { top_level: &[] },
        )
        .err()
        .unwrap();
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!((e[0].line, e[0].column), (Some(2), Some(2)), "{}", e[0]);
        assert_eq!(
            e[0].fix,
            [Edit {
                start: 5,
                end: 7,
                replacement: " ".into()
            }]
        );
        assert_eq!((e[1].line, e[1].column), (Some(3), Some(5)), "{}", e[1]);
        assert!(e[1].message.contains("must be quoted"), "{}", e[1]);
    }

    #[test]
    fn keys_are_reported_with_offsets() {
        let text = "+++\na = 1\nb = 2\n+++\n";
        let s = split("f.md", text).unwrap();
        let p = parse::<T>(
            "f.md",
            text,
            s.front,
            s.front_offset,
            Toml::Settings { top_level: &[] },
        )
        .unwrap();
        assert_eq!(p.value.a, 1);
        assert_eq!(p.keys, vec![("a".into(), 4), ("b".into(), 10)]);
    }
}
