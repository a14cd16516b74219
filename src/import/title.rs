//! The facts of an assessment's title block, in English, French, Spanish
//! and Russian: the document symbol ("CCPR/C/TJK/CO/3"), the date of the
//! assessment ("Date of assessment: 15 March 2021"), and the organisation
//! that made it ("Submitted by: …", "… assessment by X on …").

/// A document symbol in `s`: "CCPR/C/TJK/CO/3", "CAT/C/FRA/CO/7".
pub fn symbol(s: &str) -> Option<String> {
    s.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | '«' | '»' | '"'))
        .map(|t| t.trim_end_matches(['.', ':', '’', '\'']))
        .find(|t| {
            t.contains("/CO/")
                && t.starts_with(|c: char| c.is_ascii_uppercase())
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-'))
        })
        .map(str::to_string)
}

/// Month names and their starts, in the four languages.
const MONTHS: &[(&str, u32)] = &[
    ("janv", 1),
    ("jan", 1),
    ("ene", 1),
    ("янв", 1),
    ("févr", 2),
    ("fevr", 2),
    ("feb", 2),
    ("фев", 2),
    ("mars", 3),
    ("mar", 3),
    ("мар", 3),
    ("avr", 4),
    ("apr", 4),
    ("abr", 4),
    ("апр", 4),
    ("mai", 5),
    ("may", 5),
    ("мая", 5),
    ("май", 5),
    ("juin", 6),
    ("juil", 7),
    ("jun", 6),
    ("jul", 7),
    ("июн", 6),
    ("июл", 7),
    ("août", 8),
    ("aout", 8),
    ("aug", 8),
    ("ago", 8),
    ("авг", 8),
    ("sep", 9),
    ("set", 9),
    ("сен", 9),
    ("oct", 10),
    ("окт", 10),
    ("nov", 11),
    ("ноя", 11),
    ("déc", 12),
    ("dec", 12),
    ("dic", 12),
    ("дек", 12),
];

fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_matches(|c: char| !c.is_alphabetic());
    if w.chars().count() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .find(|(stem, _)| w.starts_with(stem))
        .map(|(_, m)| *m)
}

/// A date as NGOs write it: "15 March 2021", "March 15, 2021", "15 mars
/// 2021", "15 de marzo de 2021", "15 марта 2021 г.", "2021-03-15",
/// "15/03/2021", "15.03.2021"; as `YYYY-MM-DD`.
pub fn date(s: &str) -> Option<String> {
    let s = s.trim();
    let numbers: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let named = words.iter().find_map(|w| month(w));
    let (y, m, d) = match (named, numbers.as_slice()) {
        (Some(m), [a, b]) if a.len() == 4 => (a.parse().ok()?, m, b.parse().ok()?),
        (Some(m), [a, b]) => (b.parse().ok()?, m, a.parse().ok()?),
        (None, [a, b, c]) if a.len() == 4 => (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?),
        (None, [a, b, c]) if c.len() == 4 => (c.parse().ok()?, b.parse().ok()?, a.parse().ok()?),
        _ => return None,
    };
    let (y, m, d): (u32, u32, u32) = (y, m, d);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    ((1950..=2100).contains(&y) && (1..=days).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A line giving the date of the assessment: "Date of assessment: 15
/// March 2021", "Date: …", "Date de l'évaluation : …", "Fecha de
/// evaluación: …", "Дата оценки: …"; the date.
pub fn assessment_date(line: &str) -> Option<String> {
    let (label, value) = line.split_once([':', '–', '—'])?;
    let label = label.trim().to_lowercase();
    let dated = ["date", "assessment date", "fecha", "дата"]
        .iter()
        .any(|w| label.starts_with(w))
        && label.split_whitespace().count() <= 5;
    if !dated {
        return None;
    }
    date(value)
}

/// The organisation a title block names: "Submitted by: X", "Prepared by
/// X", "Organisation: X", "… assessment by X on …", "Submission of X to
/// the Human Rights Committee", and the same in French, Spanish, Russian.
pub fn organisation(line: &str) -> Option<String> {
    let t = line.trim();
    let lower = t.to_lowercase();
    let labels = [
        "organisation:",
        "organization:",
        "organisation :",
        "ngo:",
        "author:",
        "auteur :",
        "auteur:",
        "organización:",
        "organizacion:",
        "организация:",
        "автор:",
    ];
    let mut name = labels.iter().find_map(|l| {
        if lower.starts_with(l) {
            t.get(l.len()..)
        } else {
            None
        }
    });
    if name.is_none() {
        // "by" as a word, with or without a colon after it.
        let spaced = format!(" {}", lower.replace(':', " : "));
        for by in [
            " by ",
            " par ",
            " por ",
            " submission of ",
            " contribution of ",
            " report of ",
            " contribution de ",
            " rapport de ",
            " informe de ",
        ] {
            if let Some(at) = spaced.find(by) {
                // The same place in `t`: count the characters before it.
                let chars = spaced[..at + by.len()].chars().count();
                let colons = spaced[..at + by.len()].matches(" : ").count();
                let skip = chars.saturating_sub(1 + colons * 2);
                let byte = t.char_indices().nth(skip).map_or(t.len(), |(i, _)| i);
                name = Some(&t[byte..]);
                break;
            }
        }
    }
    if name.is_none() {
        // "Nota Bene's follow-up report on …".
        for mark in ["'s ", "’s "] {
            if let Some(at) = t.find(mark) {
                let after = t[at + mark.len()..].to_lowercase();
                let first_words: Vec<&str> = after.split_whitespace().take(3).collect();
                let said = first_words.iter().any(|w| {
                    [
                        "follow-up",
                        "followup",
                        "submission",
                        "report",
                        "assessment",
                    ]
                    .iter()
                    .any(|k| w.starts_with(k))
                });
                if said {
                    return clean_name(&t[..at]);
                }
            }
        }
    }
    let name = name?.trim_start_matches([':', ' ']);
    let mut end = name.len();
    // Lower case where it keeps every byte offset (it nearly always does).
    let low = Some(name.to_lowercase())
        .filter(|l| l.len() == name.len())
        .unwrap_or_else(|| name.to_string());
    for stop in [
        " on the ",
        " on ",
        " to the ",
        " to ",
        " regarding",
        " concerning",
        " about ",
        " sur ",
        " au ",
        " à ",
        " sobre ",
        " al ",
        " ante ",
        ",",
        "(",
        " – ",
        " — ",
        " - ",
        ":",
        ";",
    ] {
        if let Some(at) = low.find(stop) {
            end = end.min(at);
        }
    }
    clean_name(name.get(..end).unwrap_or(name))
}

/// An organisation's name without the article before it ("the", "l'",
/// "la"), if it looks like one: a capital, at most 12 words, not the
/// Committee.
fn clean_name(name: &str) -> Option<String> {
    let mut name = name.trim().trim_end_matches('.').trim();
    for article in ["the ", "The ", "l'", "l’", "la ", "le ", "les ", "el "] {
        if let Some(rest) = name.strip_prefix(article) {
            name = rest.trim_start();
        }
    }
    let words = name.split_whitespace().count();
    let committee = ["committee", "comité", "комитет"]
        .iter()
        .any(|c| name.to_lowercase().contains(c));
    ((1..=12).contains(&words) && !committee && name.starts_with(|c: char| c.is_uppercase()))
        .then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_block_facts() {
        assert_eq!(
            symbol("Tajikistan (CCPR/C/TJK/CO/3)").as_deref(),
            Some("CCPR/C/TJK/CO/3")
        );
        assert_eq!(
            assessment_date("Date of assessment: 15 March 2021").as_deref(),
            Some("2021-03-15")
        );
        assert_eq!(
            assessment_date("Fecha de evaluación: 15 de marzo de 2021").as_deref(),
            Some("2021-03-15")
        );
        assert_eq!(
            assessment_date("Дата оценки: 15 марта 2021 г.").as_deref(),
            Some("2021-03-15")
        );
        assert_eq!(assessment_date("Date: 31/02/2021"), None);
        assert_eq!(
            organisation(
                "Follow-up assessment by the Helsinki Foundation for Human Rights on Tajikistan"
            )
            .as_deref(),
            Some("Helsinki Foundation for Human Rights")
        );
        assert_eq!(
            organisation("Submitted by: Nota Bene").as_deref(),
            Some("Nota Bene")
        );
        assert_eq!(
            organisation("Follow-up to the Human Rights Committee"),
            None
        );
    }

    #[test]
    fn odd_letters_do_not_break_the_reading() {
        // 'İ' is longer in lower case: offsets differ, nothing panics.
        let _ = organisation("Report by İstanbul Barosu on the follow-up");
        let _ = organisation("ORGANİZATİON: X");
        assert_eq!(symbol("no symbol here"), None);
        assert_eq!(date("31 février 2021"), None);
    }
}
