//! The words NGOs lay their assessments out with, in English, French,
//! Spanish and Russian: a follow-up paragraph's heading ("Paragraph 18:
//! Torture and ill-treatment (arts. 7 and 14)", "Para. 18", "Paragraphe
//! 18", "Párrafo 18", "Пункт 18"), the names of a table's columns, and
//! the facts of a title block (the document symbol, the date of the
//! assessment, the organisation).

/// A follow-up paragraph's heading, or a table's group row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heading {
    pub number: u32,
    /// The topic after the number ("Torture and ill-treatment").
    pub title: String,
    /// The articles in parentheses: "(arts. 7 and 14)".
    pub articles: Vec<u32>,
}

/// The words a paragraph's heading starts with, lower case; longer first.
const PARAGRAPH_WORDS: &[&str] = &[
    "paragraphe",
    "paragraph",
    "párrafo",
    "parrafo",
    "párr.",
    "parr.",
    "para.",
    "para",
    "par.",
    "пункт",
    "параграф",
    "п.",
    "§",
];

/// The words a group row of a table may start with instead.
const RECOMMENDATION_WORDS: &[&str] = &[
    "recommendations",
    "recommendation",
    "recommandations",
    "recommandation",
    "recomendaciones",
    "recomendación",
    "recomendacion",
    "рекомендации",
    "рекомендация",
];

/// `s` without its first `word` (compared without case), if it starts so.
fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let mut chars = s.char_indices();
    for w in word.chars() {
        let (_, c) = chars.next()?;
        if !c.to_lowercase().eq(w.to_lowercase()) {
            return None;
        }
    }
    let rest = chars.next().map_or("", |(i, _)| &s[i..]);
    Some(rest)
}

/// "Paragraph 18: Torture and ill-treatment (arts. 7 and 14)" and the
/// like; `recommendation` also takes "Recommendation 18" (a group row).
pub fn heading(s: &str, recommendation: bool) -> Option<Heading> {
    let t = s.trim();
    let words: Vec<&str> = if recommendation {
        PARAGRAPH_WORDS
            .iter()
            .chain(RECOMMENDATION_WORDS)
            .copied()
            .collect()
    } else {
        PARAGRAPH_WORDS.to_vec()
    };
    let rest = words.iter().find_map(|w| {
        let rest = strip_word(t, w)?;
        // A word, not the start of a longer one ("paragraphs", "Paris").
        (w.ends_with(['.', '§']) || rest.starts_with(|c: char| !c.is_alphabetic())).then_some(rest)
    })?;
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    let rest = ["no.", "n°", "nº", "№"]
        .iter()
        .find_map(|w| strip_word(rest, w))
        .unwrap_or(rest)
        .trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return None;
    }
    let number: u32 = rest[..digits].parse().ok()?;
    let rest = &rest[digits..];
    if number == 0 || rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let (rest, articles) = articles_in(rest);
    let title = rest
        .trim()
        .trim_start_matches([':', '–', '—', '-', '.', ',', '|', ';'])
        .trim()
        .trim_end_matches([':', '–', '—', '-', ',', ';'])
        .trim()
        .to_string();
    // A sentence that mentions a paragraph is not its heading.
    if title.starts_with(|c: char| c.is_lowercase())
        || title.split_whitespace().count() > 15
        || title.contains(" should ")
    {
        return None;
    }
    Some(Heading {
        number,
        title,
        articles,
    })
}

/// Takes "(arts. 7 and 14)", "(art. 19)", "(articles 2, 3 et 26)", "(ст. 19)"
/// out of `s`: the rest, and the articles.
pub fn articles_in(s: &str) -> (String, Vec<u32>) {
    let mut from = 0;
    while let Some(open) = s[from..].find('(').map(|i| i + from) {
        let Some(close) = s[open..].find(')').map(|i| i + open) else {
            break;
        };
        let inner = s[open + 1..close].trim().to_lowercase();
        if inner.starts_with("art") || inner.starts_with("ст") {
            let numbers: Vec<u32> = inner
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .collect();
            if !numbers.is_empty() {
                let rest = format!("{}{}", &s[..open], &s[close + 1..]);
                return (rest, numbers);
            }
        }
        from = close + 1;
    }
    (s.to_string(), Vec::new())
}

/// What a table's column holds, from its header.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    Recommendation,
    Grade,
    Action,
    Comments,
    Overview,
    /// "Assessment", "Évaluation", "Оценка": a grade or an overview, as
    /// its cells show.
    Assessment,
    /// The paragraph's number ("Para.", "№").
    Paragraph,
    /// A column the importer does not know: kept under its header.
    Other(String),
}

/// Words that name each kind of column, lower case.
const COLUMN_WORDS: &[(&[&str], Column)] = &[
    (
        &[
            "recommendation",
            "recommandation",
            "recomendaci",
            "рекомендац",
        ],
        Column::Recommendation,
    ),
    (
        &[
            "grade",
            "grading",
            "rating",
            "score",
            "notation",
            "note",
            "cote",
            "calificaci",
            "nota",
            "grado",
            "балл",
        ],
        Column::Grade,
    ),
    (
        &[
            "action",
            "measure",
            "steps taken",
            "mesure",
            "medida",
            "acci",
            "меры",
            "действи",
            "state reply",
            "state's reply",
            "response of the state",
            "réponse",
            "respuesta",
            "ответ",
        ],
        Column::Action,
    ),
    (
        &[
            "comment",
            "remark",
            "observation",
            "commentaire",
            "remarque",
            "comentario",
            "observaci",
            "коммент",
            "замечан",
            "примечан",
        ],
        Column::Comments,
    ),
    (
        &[
            "overview",
            "summary",
            "aperçu",
            "résumé",
            "synthèse",
            "resumen",
            "síntesis",
            "panorama",
            "обзор",
            "резюме",
            "кратк",
        ],
        Column::Overview,
    ),
    (
        &[
            "assessment",
            "évaluation",
            "evaluation",
            "evaluaci",
            "valoraci",
            "оценк",
        ],
        Column::Assessment,
    ),
];

/// The kind of column a header cell names, or `None` if it names none
/// of the known ones. The word found first in the header wins ("Measures
/// taken (comments)" is the action taken).
pub fn column(header: &str) -> Option<Column> {
    let h = header.trim().to_lowercase();
    if h.split_whitespace().count() > 10 {
        return None;
    }
    if heading(&h, false).is_some()
        || [
            "paragraph",
            "para.",
            "paragraphe",
            "párrafo",
            "пункт",
            "no.",
            "№",
            "#",
        ]
        .iter()
        .any(|w| h == *w || h.trim_end_matches('.') == w.trim_end_matches('.'))
    {
        return Some(Column::Paragraph);
    }
    COLUMN_WORDS
        .iter()
        .filter_map(|(words, kind)| {
            words
                .iter()
                .filter_map(|w| h.find(w))
                .min()
                .map(|at| (at, kind))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, kind)| kind.clone())
}

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
    let mut name = labels
        .iter()
        .find_map(|l| lower.starts_with(l).then(|| &t[l.len()..]));
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
    let name = name?.trim_start_matches([':', ' ']);
    let mut end = name.len();
    let low = name.to_lowercase();
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
    let name = name[..end]
        .trim()
        .trim_start_matches("the ")
        .trim_end_matches('.')
        .trim();
    let words = name.split_whitespace().count();
    let committee = ["committee", "comité", "комитет"]
        .iter()
        .any(|c| name.to_lowercase().contains(c));
    ((1..=12).contains(&words) && !committee && name.starts_with(|c: char| c.is_uppercase()))
        .then(|| name.to_string())
}

/// A short line that heads the grade legends: "Legend", "Grading scale",
/// "Échelle de notation", "Escala de calificación", "Шкала оценок".
pub fn legend_heading(t: &str) -> bool {
    let l = t.trim().to_lowercase();
    l.split_whitespace().count() <= 8
        && [
            "grade",
            "grading",
            "legend",
            "scale",
            "criteria",
            "notation",
            "barème",
            "échelle",
            "leyenda",
            "escala",
            "calificaci",
            "шкал",
            "оценк",
            "критери",
        ]
        .iter()
        .any(|w| l.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Option<(u32, String, Vec<u32>)> {
        heading(s, false).map(|h| (h.number, h.title, h.articles))
    }

    #[test]
    fn headings_in_four_languages() {
        let t = |n, s: &str, a: &[u32]| Some((n, s.to_string(), a.to_vec()));
        assert_eq!(h("Paragraph 18"), t(18, "", &[]));
        assert_eq!(
            h("Paragraph 18: Torture and ill-treatment"),
            t(18, "Torture and ill-treatment", &[])
        );
        assert_eq!(
            h("Paragraph 18 – Torture and ill-treatment"),
            t(18, "Torture and ill-treatment", &[])
        );
        assert_eq!(h("Para. 18"), t(18, "", &[]));
        assert_eq!(h("Paragraph 18 (arts. 7 and 14)"), t(18, "", &[7, 14]));
        assert_eq!(
            h("Paragraphe 18 : Torture (art. 7)"),
            t(18, "Torture", &[7])
        );
        assert_eq!(h("Párrafo 18. Tortura"), t(18, "Tortura", &[]));
        assert_eq!(
            h("Пункт 18: Пытки (статьи 7 и 14)"),
            t(18, "Пытки", &[7, 14])
        );
        assert_eq!(h("Paragraph 18 of the concluding observations says"), None);
        assert_eq!(h("Paragraphs 18"), None);
        assert_eq!(h("Paris 18"), None);
        assert_eq!(
            heading("Recommendation 21", true).map(|h| h.number),
            Some(21)
        );
        assert_eq!(heading("Recommendation 21", false), None);
    }

    #[test]
    fn columns_by_their_headers() {
        assert_eq!(
            column("Recommendations from the HR Committee"),
            Some(Column::Recommendation)
        );
        assert_eq!(column("Actions taken by the State"), Some(Column::Action));
        assert_eq!(column("Mesures prises par l'État"), Some(Column::Action));
        assert_eq!(column("Otros comentarios"), Some(Column::Comments));
        assert_eq!(column("Оценка"), Some(Column::Assessment));
        assert_eq!(column("Overview"), Some(Column::Overview));
        assert_eq!(column("Sources"), None);
    }

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
}
