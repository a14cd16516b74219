//! Reading a grade against its scale: one code, or a range of one scale
//! ("C2-D1", with a hyphen or an en dash), and for a grade that cannot be
//! read, what is wrong with it and the code the author most likely meant
//! (grades pasted from Cyrillic or Greek text look right but are not).

use crate::config::{Config, Grade};

/// Latin letters that other scripts' letters look exactly like.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' | 'Ϲ' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'а' => 'a',
        'с' => 'c',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'х' => 'x',
        _ => return None,
    })
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
/// (equal for one grade), best first; or the message and help for an
/// author.
pub(super) fn read_grade(
    code: &str,
    scale: Scale<'_>,
    config: &Config,
) -> Result<(usize, usize), (String, String)> {
    let code = code.trim();
    if let Some(i) = scale.index(code) {
        return Ok((i, i));
    }
    let Some((low, dash, high)) = split_range(code) else {
        return Err(grade_problem(code, scale));
    };
    match (scale.index(low), scale.index(high)) {
        (Some(l), Some(h)) if l <= h => Ok((l, h)),
        (Some(_), Some(_)) => Err((
            format!("the range {code:?} is reversed"),
            format!(
                "write the better grade first, as the scale orders them: \"{high}{dash}{low}\""
            ),
        )),
        (l, h) => {
            let other = if l.is_none() { low } else { high };
            let foreign = l.is_some() != h.is_some() && in_another_scale(other, config);
            if foreign {
                let (name, _) = scale_names(scale);
                Err((
                    format!(
                        "the range {code:?} mixes two scales: {other:?} is not a grade of {name}"
                    ),
                    format!(
                        "both ends of a range are grades of one scale; {name}: {}",
                        scale.codes()
                    ),
                ))
            } else {
                Err(grade_problem(other, scale))
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
        || crate::scales::BUILTIN
            .iter()
            .filter_map(|k| crate::scales::builtin(k))
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
pub(super) fn own_grade_problem(code: &str, config: &Config) -> (String, String) {
    grade_problem(
        code,
        Scale {
            grades: &config.grades,
            of: None,
        },
    )
}

/// Explains why `code` is not in `scale`, suggesting the code meant.
fn grade_problem(code: &str, scale: Scale<'_>) -> (String, String) {
    let valid = scale.codes();
    let lookalikes: Vec<char> = code
        .chars()
        .filter(|c| latin_lookalike(*c).is_some())
        .collect();
    if !lookalikes.is_empty() {
        let latin: String = code
            .chars()
            .map(|c| latin_lookalike(c).unwrap_or(c))
            .collect();
        let named = lookalikes
            .iter()
            .map(|c| format!("'{c}' (U+{:04X})", *c as u32))
            .collect::<Vec<_>>()
            .join(", ");
        let script = if lookalikes
            .iter()
            .any(|c| ('\u{370}'..='\u{3ff}').contains(c))
        {
            "Greek"
        } else {
            "Cyrillic"
        };
        let help = if scale.index(&latin).is_some() {
            format!("retype it as \"{latin}\" with Latin letters")
        } else {
            format!("use Latin letters; the grades are: {valid}")
        };
        return (
            format!(
                "grade {code:?} contains the {script} letter {named}, which looks like a Latin letter"
            ),
            help,
        );
    }
    let message = match scale.of {
        None => format!("grade {code:?} is not in the grade scale"),
        Some((by, key)) => format!("grade {code:?} is not in the scale of {by:?} ({key})"),
    };
    let close = scale
        .grades
        .iter()
        .find(|g| g.code.eq_ignore_ascii_case(code.trim()))
        .map(|g| g.code.clone());
    let (_, where_) = scale_names(scale);
    let help = match close {
        Some(c) => format!("did you mean \"{c}\"? the grades are: {valid}"),
        None => format!("use one of {where_}: {valid}"),
    };
    (message, help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        crate::config::parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[[grades]]\ncode = \"B2\"\nlabel = \"b\"\n[[grades]]\ncode = \"C\"\nlabel = \"c\"\n").unwrap()
    }

    #[test]
    fn cyrillic_grades_are_named_with_code_point() {
        let (message, help) = own_grade_problem("В2", &config());
        assert!(message.contains("U+0412"), "{message}");
        assert!(message.contains("Cyrillic"), "{message}");
        assert_eq!(help, "retype it as \"B2\" with Latin letters");
    }

    #[test]
    fn unknown_grades_list_the_scale() {
        let (message, help) = own_grade_problem("b2", &config());
        assert_eq!(message, "grade \"b2\" is not in the grade scale");
        assert!(
            help.contains("did you mean \"B2\"") && help.contains("B2, C"),
            "{help}"
        );
    }
}
