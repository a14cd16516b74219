//! The theme's words: every label the default templates and the page titles
//! show, in English (`en.rs`) and Russian (`ru.rs`), one line per label in
//! each. `language` in followup.toml picks the table; a `[strings]` table
//! there replaces single entries.
//!
//! Templates read them as `t.key`; `t.fmt("key", name=value)` fills `{name}`
//! placeholders, and `t.count("key", n)` picks the plural form for `n` (forms
//! are separated by `|`: English has one and other, Russian one, few and many)
//! and fills `{n}`.

use crate::base::diagnostics::{Diagnostic, Diagnostics, Kind, closest};
use crate::input::load::CONFIG_FILE;
use std::collections::BTreeMap;
use std::sync::Arc;

mod ar;
mod en;
mod es;
mod fr;
mod ru;
mod zh;

/// The languages the theme speaks, by their `lang` code: the six official
/// languages of the United Nations.
pub const LANGUAGES: [&str; 6] = ["ar", "en", "es", "fr", "ru", "zh"];

/// Every language's table, by code.
const TABLES: [(&str, &[(&str, &str)]); 6] = [
    ("ar", ar::AR),
    ("en", en::EN),
    ("es", es::ES),
    ("fr", fr::FR),
    ("ru", ru::RU),
    ("zh", zh::ZH),
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

/// The name of `language` in that language ("Русский"), from its table;
/// the code itself for a language the theme does not speak.
pub fn language_name(language: &str) -> &'static str {
    table(language)
        .and_then(|t| t.iter().find(|(k, _)| *k == "language_name"))
        .map_or("", |(_, v)| *v)
}

/// The table of `language`, if the theme speaks it.
fn table(language: &str) -> Option<&'static [(&'static str, &'static str)]> {
    TABLES
        .iter()
        .find(|(code, _)| *code == language)
        .map(|(_, t)| *t)
}

/// Every key of the table, in table order.
pub fn keys() -> impl Iterator<Item = &'static str> {
    en::EN.iter().map(|(k, _)| *k)
}

impl Strings {
    /// The table of `language` (one of [`LANGUAGES`]; English otherwise)
    /// with `overrides` applied; unknown override keys are ignored here
    /// ([`parse`] reports them).
    pub fn new(language: &str, overrides: &BTreeMap<String, String>) -> Strings {
        let labels = table(language).unwrap_or(en::EN);
        let mut table: BTreeMap<&'static str, String> =
            labels.iter().map(|(k, v)| (*k, v.to_string())).collect();
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

    /// `4 March 2021`, `4 марта 2021 г.`: the language's `date_format`
    /// with its month's name.
    pub fn date(&self, day: u32, month: u32, year: i64) -> String {
        let key = format!("month_{}", month.clamp(1, 12));
        let month = self.get(&key);
        self.fmt(
            "date_format",
            &[
                ("day", &day.to_string()),
                ("month", month),
                ("year", &year.to_string()),
            ],
        )
    }
}

/// Which of a language's plural forms fits `n`, as the Unicode CLDR says:
/// English and Spanish one (0) or other (1); French one (0: 0 and 1) or
/// other; Russian one (0: 1, 21, 101…), few (1: 2–4, 22–24…) or many (2);
/// Arabic zero, one, two, few (3–10, 103–110…), many (11–99…) or other;
/// Chinese has one form.
pub fn plural_form(language: &str, n: u64) -> usize {
    match language {
        "zh" => 0,
        "fr" => usize::from(n > 1),
        "ar" => match (n, n % 100) {
            (0, _) => 0,
            (1, _) => 1,
            (2, _) => 2,
            (_, 3..=10) => 3,
            (_, 11..=99) => 4,
            _ => 5,
        },
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
            ))
            .kind(Kind::UnknownLanguage),
        );
    }
    let strings_at = text.find("[strings]").unwrap_or(0);
    for key in overrides.keys() {
        if keys().any(|k| k == key) {
            continue;
        }
        let guess = closest(key, keys())
            .map(|k| format!("did you mean {k:?}? "))
            .unwrap_or_default();
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!("[strings] has no label called {key:?}"),
            )
            .at(text, strings_at + line_of(&text[strings_at..], key))
            .help(format!(
                "{guess}the labels are listed in docs/theming.md, under \"The strings table\""
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
    fn every_label_has_every_language_and_keys_are_unique() {
        for (code, table) in TABLES {
            every_label_in(code, table);
        }
    }

    /// The plural forms of each language: as many as its rule picks from.
    #[test]
    fn plural_labels_have_each_languages_forms() {
        for (code, table) in TABLES {
            let forms = (0..200).map(|n| plural_form(code, n)).max().unwrap() + 1;
            for (k, v) in table
                .iter()
                .filter(|(k, _)| en::EN.iter().any(|(e, t)| e == k && t.contains('|')))
            {
                assert_eq!(v.split('|').count(), forms, "{code} {k}");
            }
        }
        let ar = Strings::new("ar", &BTreeMap::new());
        assert_eq!(ar.count("n_recommendations", 2, &[]), "توصيتان");
        let fr = Strings::new("fr", &BTreeMap::new());
        assert_eq!(fr.count("n_recommendations", 0, &[]), "0 recommandation");
        assert_eq!(
            Strings::new("zh", &BTreeMap::new()).date(26, 7, 2011),
            "2011年7月26日"
        );
        assert_eq!(
            Strings::new("ru", &BTreeMap::new()).date(26, 7, 2011),
            "26 июля 2011 г."
        );
    }

    fn every_label_in(code: &str, table: &[(&str, &str)]) {
        let ru = table;
        // Same keys in the same order, so the files read side by side.
        for (i, ((k, _), (r, _))) in en::EN.iter().zip(ru).enumerate() {
            assert_eq!(
                k,
                r,
                "label {} is {k:?} in en.rs but {r:?} in {code}.rs",
                i + 1
            );
        }
        if let Some((k, _)) = en::EN.get(ru.len()).or(ru.get(en::EN.len())) {
            panic!("{k:?} is in one of en.rs and {code}.rs but not the other");
        }
        let mut seen = std::collections::BTreeSet::new();
        for ((k, en), (_, ru)) in en::EN.iter().zip(ru) {
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
        for (name, source) in crate::render::theme::TEMPLATES {
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
                    keys().any(|k| k == key),
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
        let guide = include_str!("../../../docs/theming.md");
        for (k, en) in en::EN {
            let row = format!("| `{k}` | {} |", en.replace('|', " \\| "));
            assert!(guide.contains(&row), "docs/theming.md lacks the row {row}");
        }
    }

    #[test]
    fn css_strings_are_quoted() {
        assert_eq!(css_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }
}
