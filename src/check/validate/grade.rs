//! Reading a grade against its scale: one code, or a range of one scale
//! ("C2-D1", with a hyphen or an en dash), and for a grade that cannot be
//! read, what is wrong with it and the code the author most likely meant
//! (grades pasted from Cyrillic or Greek text, or with invisible
//! characters, look right but are not), with the fix when there is
//! exactly one.

use super::front::Parsed;
use crate::base::characters::{self, latin_lookalike};
use crate::base::diagnostics::{Diagnostic, Edit};
use crate::input::config::{Config, Grade};
use crate::input::pasted::FIX_HELP;

/// Why a grade cannot be read, in words for an author.
pub(super) struct GradeProblem {
    pub(super) message: String,
    pub(super) help: String,
    /// The grade as it should be written, when there is exactly one way:
    /// what `followup check --fix` writes.
    pub(super) fixed: Option<String>,
}

/// Where a grade is read: the site's own scale, or an assessor's.
#[derive(Clone, Copy)]
pub(super) struct Scale<'a> {
    pub(super) grades: &'a [Grade],
    /// `None` for the site's own `[[grades]]`; else the assessor's key and
    /// its scale's.
    pub(super) of: Option<(&'a str, &'a str)>,
}

impl Scale<'_> {
    fn index(&self, code: &str) -> Option<usize> {
        self.grades.iter().position(|g| g.code == code)
    }

    fn codes(&self) -> String {
        self.grades
            .iter()
            .map(|g| g.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The characters that separate the two ends of a range.
const RANGE_DASHES: [char; 2] = ['-', '\u{2013}'];

/// Reads `code` on `scale`: the positions of its lowest and highest grades
/// (equal for one grade), best first; or what is wrong, for an author.
pub(super) fn read_grade(
    code: &str,
    scale: Scale<'_>,
    config: &Config,
) -> Result<(usize, usize), GradeProblem> {
    if let Some(span) = locate(code, scale) {
        return Ok(span);
    }
    let (message, help) = explain(code, scale, config);
    Err(with_fix(message, help, meant(code, scale, true)))
}

/// Where `code` is on `scale`, as [`read_grade`] says, if it is.
fn locate(code: &str, scale: Scale<'_>) -> Option<(usize, usize)> {
    let code = code.trim();
    if let Some(i) = scale.index(code) {
        return Some((i, i));
    }
    let (low, _, high) = split_range(code)?;
    match (scale.index(low), scale.index(high)) {
        (Some(l), Some(h)) if l <= h => Some((l, h)),
        _ => None,
    }
}

/// The grade meant by `code`, when only one can be: its look-alike
/// letters made Latin and its invisible characters taken out (or, failing
/// that, made ordinary spaces), then, for one grade, the one grade of the
/// scale it is in other capitals.
fn meant(code: &str, scale: Scale<'_>, ranges: bool) -> Option<String> {
    for spaced in [false, true] {
        let clean = characters::clean_grade(code, spaced);
        let clean = clean.trim();
        let reads = if ranges {
            locate(clean, scale).is_some()
        } else {
            scale.index(clean).is_some()
        };
        if reads {
            return (clean != code).then(|| clean.to_string());
        }
        let lower = clean.to_lowercase();
        let same: Vec<&Grade> = scale
            .grades
            .iter()
            .filter(|g| g.code.to_lowercase() == lower)
            .collect();
        if let [one] = same.as_slice() {
            return Some(one.code.clone());
        }
    }
    None
}

/// How to mend a grade: perhaps a guess at the grade meant (asked first,
/// "did you mean"), then the rest of the help.
struct Help {
    guess: Option<String>,
    rest: String,
}

impl From<String> for Help {
    fn from(rest: String) -> Help {
        Help { guess: None, rest }
    }
}

/// The problem with its fix, said in its help.
fn with_fix(message: String, help: Help, fixed: Option<String>) -> GradeProblem {
    let help = match (help.guess, &fixed) {
        (Some(guess), Some(_)) => format!("did you mean \"{guess}\"? {FIX_HELP}; {}", help.rest),
        (Some(guess), None) => format!("did you mean \"{guess}\"? {}", help.rest),
        (None, Some(_)) => format!("{}; {FIX_HELP}", help.rest),
        (None, None) => help.rest,
    };
    GradeProblem {
        message,
        help,
        fixed,
    }
}

/// What is wrong with `code`, which cannot be read on `scale`.
fn explain(code: &str, scale: Scale<'_>, config: &Config) -> (String, Help) {
    let trimmed = code.trim();
    let Some((low, dash, high)) = split_range(trimmed) else {
        return grade_problem(code, scale);
    };
    let code = trimmed;
    match (scale.index(low), scale.index(high)) {
        (Some(_), Some(_)) => (
            format!("the range \"{code}\" is reversed"),
            format!(
                "write the better grade first, as the scale orders them: \"{high}{dash}{low}\""
            )
            .into(),
        ),
        (l, h) => {
            let other = if l.is_none() { low } else { high };
            let foreign = l.is_some() != h.is_some() && in_another_scale(other, config);
            if foreign {
                let (name, _) = scale_names(scale);
                (
                    format!(
                        "the range \"{code}\" mixes two scales: \"{other}\" is not a grade of {name}"
                    ),
                    format!(
                        "both ends of a range are grades of one scale; {name}: {}",
                        scale.codes()
                    )
                    .into(),
                )
            } else {
                grade_problem(other, scale)
            }
        }
    }
}

/// `"C2-D1"` → `("C2", '-', "D1")`; `None` for text that is not a range.
fn split_range(code: &str) -> Option<(&str, char, &str)> {
    code.char_indices()
        .filter(|(_, c)| RANGE_DASHES.contains(c))
        .map(|(i, c)| (code[..i].trim(), c, code[i + c.len_utf8()..].trim()))
        .find(|(low, _, high)| !low.is_empty() && !high.is_empty())
}

/// Whether `code` is a grade of some scale the site knows: its own, one of
/// its `[scales]`, or a built-in one.
fn in_another_scale(code: &str, config: &Config) -> bool {
    config.grade_index(code).is_some()
        || config.scales.values().flatten().any(|g| g.code == code)
        || crate::input::scales::BUILTIN
            .iter()
            .filter_map(|k| crate::input::scales::builtin(k))
            .flatten()
            .any(|g| g.code == code)
}

/// How messages name a scale: ("the grade scale", "the grades in
/// followup.toml") for the site's own, ("hrc-2013", ...) for an assessor's.
fn scale_names(scale: Scale<'_>) -> (String, String) {
    match scale.of {
        None => (
            "the grade scale".into(),
            "the grades in followup.toml".into(),
        ),
        Some((_, key)) => (key.to_string(), format!("the grades of {key}")),
    }
}

/// Explains why `code` is not in the site's own scale, suggesting the code meant.
pub(super) fn own_grade_problem(code: &str, config: &Config) -> GradeProblem {
    let scale = Scale {
        grades: &config.grades,
        of: None,
    };
    let (message, help) = grade_problem(code, scale);
    with_fix(message, help, meant(code, scale, false))
}

/// The message for a grade that cannot be read, at `span` of the front
/// matter: the characters it is about marked, and its fix.
pub(super) fn grade_error<T>(
    p: &Parsed<'_, T>,
    span: std::ops::Range<usize>,
    problem: GradeProblem,
) -> Diagnostic {
    let text = p.text();
    let (start, end) = (p.offset_of(span.start), p.offset_of(span.end));
    let token = &text[start..end];
    let mut d = p.error_at(span.start, problem.message).help(problem.help);
    for (i, c) in token.char_indices() {
        if characters::is_unusual_space(c) || latin_lookalike(c).is_some() {
            d = d.mark(text, start + i);
        }
    }
    // Written again between the quotes it had, if nothing in it is
    // written with a backslash.
    let quote = token.chars().next().filter(|q| matches!(q, '"' | '\''));
    if let (Some(fixed), Some(q)) = (problem.fixed, quote) {
        let plain = token.len() >= 2
            && token.ends_with(q)
            && !token[1..].starts_with(q)
            && !token.contains('\\')
            && !fixed.contains(q);
        if plain {
            d = d.fix(vec![Edit {
                start,
                end,
                replacement: format!("{q}{fixed}{q}"),
            }]);
        }
    }
    d
}

/// Explains why `code` is not in `scale`, suggesting the code meant:
/// what was pasted with it, or the grade it is close to.
fn grade_problem(code: &str, scale: Scale<'_>) -> (String, Help) {
    let valid = scale.codes();
    let lookalikes: Vec<char> = code
        .chars()
        .filter(|c| latin_lookalike(*c).is_some())
        .collect();
    let invisible: Vec<char> = code
        .chars()
        .filter(|c| characters::is_unusual_space(*c))
        .collect();
    let clean = characters::clean_grade(code, false);
    let retype = if scale.index(clean.trim()).is_some() {
        Some(format!("retype it as \"{}\"", clean.trim()))
    } else {
        None
    };
    if !lookalikes.is_empty() {
        let named = lookalikes
            .iter()
            .map(|c| format!("'{c}' ({})", characters::code_point(*c)))
            .collect::<Vec<_>>()
            .join(", ");
        let also = if invisible.is_empty() {
            String::new()
        } else {
            format!(", and {}", characters::invisible_phrase(invisible))
        };
        let help = match retype {
            Some(r) => format!("{r} with Latin letters"),
            None => format!("use Latin letters; the grades are: {valid}"),
        };
        return (
            format!(
                "grade \"{code}\" contains the {} letter {named}, which looks like a Latin letter{also}",
                characters::script(lookalikes[0])
            ),
            help.into(),
        );
    }
    let close = close_grade(&clean, scale);
    if !invisible.is_empty() {
        let help = match (retype, close) {
            (Some(r), _) => r,
            (None, Some(c)) => format!("retype it as \"{c}\""),
            (None, None) => format!("delete it; the grades are: {valid}"),
        };
        return (
            format!(
                "grade \"{code}\" contains {}",
                characters::invisible_phrase(invisible)
            ),
            help.into(),
        );
    }
    let message = match scale.of {
        None => format!("grade \"{code}\" is not in the grade scale"),
        Some((by, key)) => format!("grade \"{code}\" is not in the scale of \"{by}\" ({key})"),
    };
    let (_, where_) = scale_names(scale);
    let help = match close {
        Some(c) => Help {
            guess: Some(c),
            rest: format!("the grades are: {valid}"),
        },
        None => format!("use one of {where_}: {valid}").into(),
    };
    (message, help)
}

/// The one grade of `scale` that `code` is, in other capitals or with
/// other spaces and punctuation ("na" for "N/A").
fn close_grade(code: &str, scale: Scale<'_>) -> Option<String> {
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = bare(code);
    let same: Vec<&Grade> = scale
        .grades
        .iter()
        .filter(|g| !wanted.is_empty() && bare(&g.code) == wanted)
        .collect();
    match same.as_slice() {
        [one] => Some(one.code.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        crate::input::config::parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[[grades]]\ncode = \"B2\"\nlabel = \"b\"\n[[grades]]\ncode = \"C\"\nlabel = \"c\"\n").unwrap()
    }

    #[test]
    fn cyrillic_grades_are_named_with_code_point() {
        let p = own_grade_problem("В2", &config());
        assert!(p.message.contains("U+0412"), "{}", p.message);
        assert!(p.message.contains("Cyrillic"), "{}", p.message);
        assert_eq!(
            p.help,
            format!("retype it as \"B2\" with Latin letters; {FIX_HELP}")
        );
        assert_eq!(p.fixed.as_deref(), Some("B2"));
    }

    #[test]
    fn unknown_grades_list_the_scale() {
        let p = own_grade_problem("b2", &config());
        assert_eq!(p.message, "grade \"b2\" is not in the grade scale");
        assert!(
            p.help.contains("did you mean \"B2\"") && p.help.contains("B2, C"),
            "{}",
            p.help
        );
        assert_eq!(p.fixed.as_deref(), Some("B2"));
    }

    #[test]
    fn invisible_characters_are_named_and_punctuation_ignored() {
        let p = own_grade_problem("b\u{200b}2\u{a0}", &config());
        assert_eq!(
            p.message,
            "grade \"b\u{200b}2\u{a0}\" contains invisible characters: a zero-width space (U+200B) and a non-breaking space (U+00A0)"
        );
        assert_eq!(p.help, format!("retype it as \"B2\"; {FIX_HELP}"));
        assert_eq!(p.fixed.as_deref(), Some("B2"));
        let mut c = config();
        c.grades[0].code = "N/A".into();
        let p = own_grade_problem("NA", &c);
        assert!(p.help.starts_with("did you mean \"N/A\"?"), "{}", p.help);
        assert_eq!(p.fixed, None, "not the one right answer: a guess");
    }
}
