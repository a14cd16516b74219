//! The words NGOs lay their assessments out with, in English, French,
//! Spanish and Russian: a follow-up paragraph's heading ("Paragraph 18:
//! Torture and ill-treatment (arts. 7 and 14)", "Para. 18", "Paragraphe
//! 18", "Párrafo 18", "Пункт 18"), the names of a table's columns, the
//! heading of the grade legends. The title block's facts are in
//! [`super::title`].

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
    let t = without_list_number(s.trim());
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
    // "Paragraphs 18, 19 and 20" has no topic: it is paragraph 18's.
    let title = if title.starts_with(|c: char| c.is_ascii_digit()) {
        String::new()
    } else {
        title
    };
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

/// A heading without the list number typed or numbered before it: "1.",
/// "2)", "II.", "B.", "Follow-up".
fn without_list_number(t: &str) -> &str {
    let t = t
        .strip_prefix("Follow-up ")
        .or_else(|| t.strip_prefix("Follow up "))
        .unwrap_or(t);
    let Some((first, rest)) = t.split_once(char::is_whitespace) else {
        return t;
    };
    let mark = first.trim_start_matches('(');
    let Some(body) = mark.strip_suffix(['.', ')']) else {
        return t;
    };
    let numeral = !body.is_empty()
        && body.len() <= 4
        && (body.chars().all(|c| c.is_ascii_digit())
            || body.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
            || body.len() == 1 && body.chars().all(|c| c.is_ascii_uppercase()));
    if numeral { rest.trim_start() } else { t }
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
            "response",
            "reply",
            "information provided",
            "réponse",
            "respuesta",
            "información proporcionada",
            "ответ",
        ],
        Column::Action,
    ),
    (
        &[
            "comment",
            "additional information",
            "informations complémentaires",
            "información adicional",
            "дополнительн",
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
        assert_eq!(h("2. Paragraph 18: Torture"), t(18, "Torture", &[]));
        assert_eq!(h("II. Paragraph 18"), t(18, "", &[]));
        assert_eq!(h("Follow-up paragraph 18"), t(18, "", &[]));
        assert_eq!(h("Paragraph 18, 19 and 20"), t(18, "", &[]));
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
}
