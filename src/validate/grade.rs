//! A grade that is not in the scale: what is wrong with it, and the code
//! the author most likely meant (grades pasted from Cyrillic or Greek text
//! look right but are not).

use crate::config::Config;

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

/// Explains why `code` is not in the scale, suggesting the code meant.
pub(super) fn grade_problem(code: &str, config: &Config) -> (String, String) {
    let valid = config
        .grades
        .iter()
        .map(|g| g.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
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
        let help = if config.grade_index(&latin).is_some() {
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
    let message = format!("grade {code:?} is not in the grade scale");
    let close = config
        .grades
        .iter()
        .find(|g| g.code.eq_ignore_ascii_case(code.trim()))
        .map(|g| g.code.clone());
    let help = match close {
        Some(c) => format!("did you mean \"{c}\"? the grades are: {valid}"),
        None => format!("use one of the grades in followup.toml: {valid}"),
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
        let (message, help) = grade_problem("В2", &config());
        assert!(message.contains("U+0412"), "{message}");
        assert!(message.contains("Cyrillic"), "{message}");
        assert_eq!(help, "retype it as \"B2\" with Latin letters");
    }

    #[test]
    fn unknown_grades_list_the_scale() {
        let (message, help) = grade_problem("b2", &config());
        assert_eq!(message, "grade \"b2\" is not in the grade scale");
        assert!(
            help.contains("did you mean \"B2\"") && help.contains("B2, C"),
            "{help}"
        );
    }
}
