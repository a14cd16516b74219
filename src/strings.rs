//! The theme's words: every label the default templates and the page titles
//! show, in English and Russian. `language` in followup.toml picks the table;
//! a `[strings]` table there replaces single entries.
//!
//! Templates read them as `t.key`; `t.fmt("key", name=value)` fills `{name}`
//! placeholders, and `t.count("key", n)` picks the plural form for `n` (forms
//! are separated by `|`: English has one and other, Russian one, few and many)
//! and fills `{n}`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::CONFIG_FILE;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The languages the theme speaks, by their `lang` code.
pub const LANGUAGES: [&str; 2] = ["en", "ru"];

/// key, English, Russian.
const TABLE: &[(&str, &str, &str)] = &[
    // Every page.
    ("skip_to_content", "Skip to content", "Перейти к содержанию"),
    ("site_navigation", "Site", "Разделы сайта"),
    ("breadcrumb", "Breadcrumb", "Путь к странице"),
    ("home", "Home", "Главная"),
    ("dossiers", "Dossiers", "Досье"),
    ("articles", "Articles", "Статьи"),
    ("grades", "Grades", "Оценки"),
    ("sources", "Sources", "Источники"),
    ("search", "Search", "Поиск"),
    ("data_csv", "Data (CSV)", "Данные (CSV)"),
    ("data_json", "Data (JSON)", "Данные (JSON)"),
    ("feed", "Feed", "Лента"),
    (
        "built_with",
        "Built with followup",
        "Сделано с помощью followup",
    ),
    (
        "feed_all",
        "{site}: all recommendations",
        "{site}: все рекомендации",
    ),
    // Facts and headings.
    ("country", "Country", "Страна"),
    ("treaty", "Treaty", "Договор"),
    (
        "concluding_observations",
        "Concluding observations",
        "Заключительные замечания",
    ),
    ("adopted", "Adopted", "Приняты"),
    ("assessed", "Assessed", "Дата оценки"),
    ("recommendations", "Recommendations", "Рекомендации"),
    ("recommendation", "Recommendation", "Рекомендация"),
    ("paragraph", "Paragraph", "Пункт"),
    ("article", "Article", "Статья"),
    ("grade", "Grade", "Оценка"),
    ("meaning", "Meaning", "Значение"),
    ("number", "No.", "№"),
    ("overview", "Overview", "Краткий вывод"),
    ("total", "Total", "Всего"),
    ("paragraph_n", "Paragraph {n}", "Пункт {n}"),
    (
        "recommendation_n",
        "Recommendation {ref}",
        "Рекомендация {ref}",
    ),
    ("article_n", "Article {n}", "Статья {n}"),
    ("grade_n", "Grade {code}", "Оценка {code}"),
    (
        "treaty_article",
        "{treaty} article {n}",
        "{treaty}, статья {n}",
    ),
    (
        "treaty_article_short",
        "{treaty} art. {n}",
        "{treaty}, ст. {n}",
    ),
    (
        "country_paragraph_title",
        "{country} · Paragraph {n}",
        "{country} · Пункт {n}",
    ),
    (
        "country_recommendation_title",
        "{country} · Recommendation {ref}",
        "{country} · Рекомендация {ref}",
    ),
    // Counts: plural forms separated by `|`.
    (
        "n_recommendations",
        "{n} recommendation|{n} recommendations",
        "{n} рекомендация|{n} рекомендации|{n} рекомендаций",
    ),
    (
        "total_in_paragraphs",
        "{total} in {n} paragraph|{total} in {n} paragraphs",
        "{total} в {n} пункте|{total} в {n} пунктах|{total} в {n} пунктах",
    ),
    (
        "n_with_grade",
        "{n} recommendation with this grade.|{n} recommendations with this grade.",
        "{n} рекомендация с этой оценкой.|{n} рекомендации с этой оценкой.|{n} рекомендаций с этой оценкой.",
    ),
    // Home page.
    ("by_grade", "By grade", "По оценкам"),
    ("by_article", "By article", "По статьям"),
    (
        "all_grades",
        "All grades and what they mean",
        "Все оценки и их значение",
    ),
    ("open_data", "Open data", "Открытые данные"),
    (
        "open_data_text",
        "Every recommendation with its country, paragraph, articles, grade, texts and sources:",
        "Все рекомендации со страной, пунктом, статьями, оценкой, текстами и источниками:",
    ),
    ("schema", "schema", "схема"),
    (
        "feed_text",
        "New assessments as a feed:",
        "Новые оценки в виде ленты:",
    ),
    // Charts and their text equivalents.
    (
        "grades_of",
        "Grades of {n} recommendation|Grades of {n} recommendations",
        "Оценки {n} рекомендации|Оценки {n} рекомендаций|Оценки {n} рекомендаций",
    ),
    (
        "grades_by_country",
        "Grades by country",
        "Оценки по странам",
    ),
    (
        "grades_by_article",
        "Grades by article",
        "Оценки по статьям",
    ),
    (
        "matrix_caption",
        "Recommendations by country and grade",
        "Рекомендации по странам и оценкам",
    ),
    (
        "grade_by_country",
        "Recommendations with grade {code}, by country",
        "Рекомендации с оценкой {code} по странам",
    ),
    (
        "chart_text",
        "The same numbers as a table:",
        "Те же данные в виде таблицы:",
    ),
    // Country, paragraph and recommendation pages.
    (
        "download_dossier",
        "Download this dossier's data:",
        "Данные этого досье:",
    ),
    (
        "committee_concern",
        "The Committee's concern",
        "Обеспокоенность Комитета",
    ),
    (
        "committee_recommendation",
        "The Committee's recommendation",
        "Рекомендация Комитета",
    ),
    (
        "pager_label",
        "Recommendations of {country}",
        "Рекомендации: {country}",
    ),
    ("previous", "Previous", "Предыдущая"),
    ("next", "Next", "Следующая"),
    // A country's whole dossier on one page.
    ("full_report", "the full report", "полный отчёт"),
    (
        "full_report_link",
        "The whole dossier on one page, to read through or print",
        "Всё досье на одной странице: для чтения и печати",
    ),
    // Lists on several pages (grade and article pages of large sites).
    ("page_n", "Page {n}", "Страница {n}"),
    ("list_pages", "Pages of this list", "Страницы списка"),
    (
        "showing_range",
        "Recommendations {first}–{last} of {total}",
        "Рекомендации {first}–{last} из {total}",
    ),
    ("previous_page", "Previous page", "Предыдущая страница"),
    ("next_page", "Next page", "Следующая страница"),
    // Index pages.
    (
        "articles_intro",
        "Recommendations by the treaty article their paragraph concerns.",
        "Рекомендации по статьям договора, к которым относится их пункт.",
    ),
    (
        "no_recommendation",
        "No recommendation yet.",
        "Рекомендаций пока нет.",
    ),
    (
        "sources_intro",
        "Every source cited in a footnote, once, with the recommendations that cite it.",
        "Все источники, приведённые в сносках, по одному разу, с рекомендациями, которые на них ссылаются.",
    ),
    ("cited_by", "Cited by:", "Ссылаются:"),
    ("no_source", "No source cited yet.", "Источников пока нет."),
    // Search page.
    (
        "search_intro",
        "Search the recommendations, their assessments and sources; narrow the results by country, grade or article.",
        "Поиск по рекомендациям, их оценкам и источникам; результаты можно сузить по стране, оценке или статье.",
    ),
    (
        "search_needs_js",
        "Search needs JavaScript. Without it, browse by:",
        "Для поиска нужен JavaScript. Без него можно перейти к разделам:",
    ),
    // Not found page.
    ("not_found", "Page not found", "Страница не найдена"),
    (
        "not_found_text",
        "There is no page at this address. It may have moved when the dossiers were updated.",
        "По этому адресу страницы нет. Возможно, она переместилась при обновлении досье.",
    ),
    (
        "not_found_home",
        "Go to the list of dossiers",
        "Перейти к списку досье",
    ),
    ("browse_by", "Or browse by:", "Или перейдите к разделам:"),
    // Table enhancements (the script reads these from its own tag).
    ("filter_rows", "Filter rows", "Фильтр строк"),
    (
        "rows_shown",
        "{shown} of {total} rows shown",
        "Показано строк: {shown} из {total}",
    ),
    ("sort_by", "Sort by {column}", "Сортировать: {column}"),
    // Dates: month names as they stand after a day number.
    ("month_1", "January", "января"),
    ("month_2", "February", "февраля"),
    ("month_3", "March", "марта"),
    ("month_4", "April", "апреля"),
    ("month_5", "May", "мая"),
    ("month_6", "June", "июня"),
    ("month_7", "July", "июля"),
    ("month_8", "August", "августа"),
    ("month_9", "September", "сентября"),
    ("month_10", "October", "октября"),
    ("month_11", "November", "ноября"),
    ("month_12", "December", "декабря"),
];

/// The labels of one site: its language's table with the site's replacements.
#[derive(Debug, Clone, PartialEq)]
pub struct Strings {
    language: String,
    table: BTreeMap<&'static str, String>,
}

impl Default for Strings {
    fn default() -> Self {
        Strings::new("en", &BTreeMap::new())
    }
}

/// Every key of the table, in table order.
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(k, _, _)| *k)
}

impl Strings {
    /// The table of `language` (one of [`LANGUAGES`]; English otherwise)
    /// with `overrides` applied; unknown override keys are ignored here
    /// ([`parse`] reports them).
    pub fn new(language: &str, overrides: &BTreeMap<String, String>) -> Strings {
        let ru = language == "ru";
        let mut table: BTreeMap<&'static str, String> = TABLE
            .iter()
            .map(|(k, en, r)| (*k, if ru { *r } else { *en }.to_string()))
            .collect();
        for (k, v) in overrides {
            if let Some(slot) = table.get_mut(k.as_str()) {
                *slot = v.clone();
            }
        }
        Strings {
            language: language.to_string(),
            table,
        }
    }

    /// The label `key`; the key itself if there is none (a template typo
    /// shows on the page instead of vanishing).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.table.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The label `key` with each `{name}` replaced by its value.
    pub fn fmt(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// The plural form of `key` for `n`, with `{n}` and `args` filled in.
    pub fn count(&self, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let forms: Vec<&str> = self.get(key).split('|').collect();
        let form = forms
            .get(plural_form(&self.language, n))
            .or(forms.last())
            .copied()
            .unwrap_or("");
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(args);
        fill(form, &all)
    }

    /// `4 March 2021`, `4 марта 2021`.
    pub fn date(&self, day: u32, month: u32, year: i64) -> String {
        let month = self
            .get(&format!("month_{}", month.clamp(1, 12)))
            .to_string();
        format!("{day} {month} {year}")
    }
}

/// Which of a language's plural forms fits `n`: English one (0) or other
/// (1); Russian one (0: 1, 21, 101…), few (1: 2–4, 22–24…) or many (2).
pub fn plural_form(language: &str, n: u64) -> usize {
    match language {
        "ru" => {
            let (ten, hundred) = (n % 10, n % 100);
            if ten == 1 && hundred != 11 {
                0
            } else if (2..=4).contains(&ten) && !(12..=14).contains(&hundred) {
                1
            } else {
                2
            }
        }
        _ => usize::from(n != 1),
    }
}

/// `text` with each `{name}` of `args` replaced by its value, in one pass
/// (pages fill labels thousands of times a build); other braces stay.
fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Checks `language` and the `[strings]` table of followup.toml (whose text
/// is `text`, for positions) and returns the site's labels.
pub fn parse(
    language: Option<&str>,
    overrides: &BTreeMap<String, String>,
    text: &str,
    diags: &mut Diagnostics,
) -> Strings {
    let language = language.unwrap_or("en");
    if !LANGUAGES.contains(&language) {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!("language {language:?} is not one the theme speaks"),
            )
            .at(text, line_of(text, "language"))
            .help(format!(
                "use one of {}; single labels can be reworded in a [strings] table",
                LANGUAGES.join(", ")
            )),
        );
    }
    let strings_at = text.find("[strings]").unwrap_or(0);
    for key in overrides.keys() {
        if TABLE.iter().any(|(k, _, _)| k == key) {
            continue;
        }
        let closest = keys()
            .map(|k| (strsim::jaro_winkler(k, key), k))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .filter(|(score, _)| *score > 0.8)
            .map(|(_, k)| format!("did you mean {k:?}? "))
            .unwrap_or_default();
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!("[strings] has no label called {key:?}"),
            )
            .at(text, strings_at + line_of(&text[strings_at..], key))
            .help(format!(
                "{closest}the labels are listed in docs/theming.md, under \"The strings table\""
            )),
        );
    }
    Strings::new(language, overrides)
}

/// The offset of the first line that starts with `key` (a TOML key), or 0.
fn line_of(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let bare = trimmed.trim_start_matches('"');
        if bare.starts_with(key)
            && bare[key.len()..]
                .trim_start_matches('"')
                .trim_start()
                .starts_with('=')
        {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
}

/// The labels as the template value `t`, with each label made a template
/// value once (pages read dozens of them).
#[derive(Debug)]
struct Labels(Strings, BTreeMap<&'static str, minijinja::Value>);

impl minijinja::value::Object for Labels {
    fn get_value(self: &Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        self.1.get(key.as_str()?).cloned()
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &mut minijinja::State<'_, '_>,
        method: &str,
        args: &[minijinja::Value],
    ) -> Result<minijinja::Value, minijinja::Error> {
        use minijinja::value::{Kwargs, from_args};
        let (key, rest, kwargs): (&str, &[minijinja::Value], Kwargs) = from_args(args)?;
        // Most values are text already: borrow those, write out the rest.
        let values: Vec<(&str, std::borrow::Cow<'_, str>)> = kwargs
            .args()
            .map(|k| {
                let v: &minijinja::Value = kwargs.peek(k)?;
                Ok((
                    k,
                    match v.as_str() {
                        Some(s) => std::borrow::Cow::Borrowed(s),
                        None => std::borrow::Cow::Owned(v.to_string()),
                    },
                ))
            })
            .collect::<Result<_, minijinja::Error>>()?;
        let named: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_ref())).collect();
        if !self.0.table.contains_key(key) {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("there is no label {key:?} in the strings table"),
            ));
        }
        match method {
            "fmt" if rest.is_empty() => Ok(self.0.fmt(key, &named).into()),
            "count" => {
                let n = rest
                    .first()
                    .and_then(|v| u64::try_from(v.clone()).ok())
                    .ok_or_else(|| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            "t.count needs a label and a whole number, like t.count(\"n_recommendations\", total)",
                        )
                    })?;
                Ok(self.0.count(key, n, &named).into())
            }
            _ => Err(minijinja::Error::from(minijinja::ErrorKind::UnknownMethod)),
        }
    }
}

/// Makes the labels available to every template as `t`, with the
/// `css_string` filter (text as a quoted CSS string, for `content:`).
pub fn install(env: &mut minijinja::Environment<'static>, strings: &Strings) {
    let values = strings
        .table
        .iter()
        .map(|(k, v)| (*k, minijinja::Value::from(v.as_str())))
        .collect();
    env.add_global(
        "t",
        minijinja::Value::from_object(Labels(strings.clone(), values)),
    );
    env.add_filter("pct", pct);
    env.add_filter("css_string", css_string);
}

/// A share in per mille as a percentage with one decimal (`125` is
/// `12.5%`): how the charts place their bars.
pub fn pct(permille: i64) -> String {
    let sign = if permille < 0 { "-" } else { "" };
    let p = permille.unsigned_abs();
    format!("{sign}{}.{}%", p / 10, p % 10)
}

/// `text` as a double-quoted CSS string.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals_have_three_forms() {
        let ru = Strings::new("ru", &BTreeMap::new());
        let cases = [
            (1, "1 рекомендация"),
            (2, "2 рекомендации"),
            (5, "5 рекомендаций"),
            (11, "11 рекомендаций"),
            (14, "14 рекомендаций"),
            (21, "21 рекомендация"),
            (22, "22 рекомендации"),
            (111, "111 рекомендаций"),
            (0, "0 рекомендаций"),
        ];
        for (n, want) in cases {
            assert_eq!(ru.count("n_recommendations", n, &[]), want);
        }
        let en = Strings::default();
        assert_eq!(en.count("n_recommendations", 1, &[]), "1 recommendation");
        assert_eq!(en.count("n_recommendations", 0, &[]), "0 recommendations");
        assert_eq!(
            en.count("total_in_paragraphs", 4, &[("total", "11")]),
            "11 in 4 paragraphs"
        );
    }

    #[test]
    fn every_label_has_both_languages_and_keys_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for (k, en, ru) in TABLE {
            assert!(seen.insert(k), "{k} twice");
            assert!(!en.is_empty() && !ru.is_empty(), "{k}");
            // The same placeholders in both languages.
            let holes = |s: &str| {
                let mut h: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                h.sort();
                h.dedup();
                h
            };
            assert_eq!(holes(en), holes(ru), "{k}");
        }
    }

    #[test]
    fn every_label_the_templates_use_exists() {
        for (name, source) in crate::theme::TEMPLATES {
            for (i, _) in source.match_indices("t.") {
                let before = source[..i].chars().last().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' || before == '.' {
                    continue;
                }
                let rest = &source[i + 2..];
                let key: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let key = match key.as_str() {
                    "fmt" | "count" => rest[key.len()..]
                        .trim_start_matches(['(', '"', '\''])
                        .split(['"', '\''])
                        .next()
                        .unwrap_or("")
                        .to_string(),
                    _ => key,
                };
                assert!(
                    TABLE.iter().any(|(k, _, _)| *k == key),
                    "{name} uses t.{key}, which is not in the strings table"
                );
            }
        }
    }

    #[test]
    fn overrides_replace_single_labels_and_unknown_ones_are_errors() {
        let text = "language = \"ru\"\n[strings]\nhome = \"Начало\"\nhoem = \"x\"\n";
        let overrides: BTreeMap<String, String> = [("home", "Начало"), ("hoem", "x")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut diags = Diagnostics::default();
        let s = parse(Some("ru"), &overrides, text, &mut diags);
        assert_eq!(s.get("home"), "Начало");
        assert_eq!(s.get("grades"), "Оценки");
        assert_eq!(diags.0.len(), 1);
        assert_eq!(diags.0[0].line, Some(4));
        assert!(diags.0[0].help.as_deref().unwrap().contains("\"home\""));
    }

    #[test]
    fn the_theming_guide_lists_every_label() {
        let guide = include_str!("../docs/theming.md");
        for (k, en, _) in TABLE {
            let row = format!("| `{k}` | {} |", en.replace('|', " \\| "));
            assert!(guide.contains(&row), "docs/theming.md lacks the row {row}");
        }
    }

    #[test]
    fn css_strings_are_quoted() {
        assert_eq!(css_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }
}
