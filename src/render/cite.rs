//! "Cite this": one record per dossier and recommendation page (who, what,
//! when, where), from which the page's block and its `cite.json`
//! (CSL-JSON) and `cite.bib` (BibTeX) are all made, so they never disagree.

use crate::check::validate::Date;
use crate::input::strings::Strings;
use crate::model::{Site, reference};
use serde::Serialize;

/// What a page is cited as.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The publisher, else the site's title.
    pub author: String,
    pub title: String,
    /// The publisher's name, else the site's title.
    pub publisher: String,
    /// When the dossier or recommendation was last assessed.
    pub date: Option<Date>,
    /// The page's absolute address.
    pub url: String,
    pub language: String,
    /// The BibTeX key: the page's address, made an identifier.
    pub key: String,
}

/// The latest date of a dossier's assessment: its last dated round's, else
/// `assessed`.
fn country_date(site: &Site, ci: usize) -> Option<Date> {
    let c = &site.countries[ci].info;
    c.rounds.iter().rev().find_map(|r| r.date).or(c.assessed)
}

fn entry(site: &Site, title: String, date: Option<Date>, path: &str) -> Entry {
    let config = &site.config;
    let publisher = config.publisher.as_ref().map(|p| p.name.clone());
    // Not the site's `assessor`, which names who grades, not who publishes
    // (and a site adds it without changing a page).
    let author = publisher.clone().unwrap_or_else(|| config.title.clone());
    let mut key: String = format!("{}-{path}", config.language)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while key.ends_with('-') {
        key.pop();
    }
    Entry {
        author,
        title,
        publisher: publisher.unwrap_or_else(|| config.title.clone()),
        date,
        url: format!("{}{path}", config.base_url),
        language: config.language.clone(),
        key,
    }
}

/// The record of country `ci`'s page.
pub fn of_country(site: &Site, ci: usize) -> Entry {
    let c = &site.countries[ci];
    entry(site, c.info.name.clone(), country_date(site, ci), &c.path)
}

/// The record of recommendation `ri`'s page: titled as the page is, dated
/// by its latest assessment (the dossier's latest round, or a later
/// assessment of its own).
pub fn of_recommendation(site: &Site, ri: usize) -> Entry {
    let r = &site.recommendations[ri];
    let p = &site.paragraphs[r.paragraph];
    let c = &site.countries[r.country];
    let reference = reference(p.info.number, r.position, r.info.reference.as_deref());
    let title = site.config.strings.fmt(
        "country_recommendation_title",
        &[("country", &c.info.name), ("ref", &reference)],
    );
    let own = r.info.assessments.iter().filter_map(|a| a.date).max();
    let date = country_date(site, r.country).max(own);
    entry(site, title, date, &r.path)
}

/// Every cited page of `site`: its path and its record.
pub fn all(site: &Site) -> Vec<(String, Entry)> {
    let countries = (0..site.countries.len()).map(|ci| of_country(site, ci));
    let recs = (0..site.recommendations.len()).map(|ri| of_recommendation(site, ri));
    let paths = site
        .countries
        .iter()
        .map(|c| &c.path)
        .chain(site.recommendations.iter().map(|r| &r.path));
    paths.cloned().zip(countries.chain(recs)).collect()
}

/// What the page's template is given as `cite`: the record, its date as
/// shown, and the addresses of its files (`base` is the page's address as
/// the page links to it).
#[derive(Serialize)]
pub struct CiteView {
    author: String,
    title: String,
    publisher: String,
    date: Option<super::views::DateView>,
    url: String,
    json_url: String,
    bib_url: String,
}

impl Entry {
    /// The template's view of the record, for a page linked as `page_url`.
    pub fn view(&self, page_url: &str, strings: &Strings) -> CiteView {
        CiteView {
            author: self.author.clone(),
            title: self.title.clone(),
            publisher: self.publisher.clone(),
            date: super::views::date_view(self.date, strings),
            url: self.url.clone(),
            json_url: format!("{page_url}{JSON}"),
            bib_url: format!("{page_url}{BIB}"),
        }
    }

    /// The record as CSL-JSON: an array of one item.
    pub fn csl_json(&self) -> String {
        let mut item = serde_json::json!({
            "id": self.key,
            "type": "report",
            "title": self.title,
            "author": [{"literal": self.author}],
            "publisher": self.publisher,
            "URL": self.url,
            "language": self.language,
        });
        if let Some(d) = self.date {
            item["issued"] = serde_json::json!({"date-parts": [[d.year, d.month, d.day]]});
        }
        let mut out = serde_json::to_string_pretty(&[item]).unwrap_or_default();
        out.push('\n');
        out
    }

    /// The record as a BibTeX `@misc` entry; its values escaped, non-ASCII
    /// kept as UTF-8 (biber and bibtexparser read it).
    pub fn bibtex(&self) -> String {
        let mut fields = vec![
            // Double braces: a corporate author, not a first and last name.
            ("author", format!("{{{}}}", bib(&self.author))),
            ("title", bib(&self.title)),
            ("publisher", bib(&self.publisher)),
        ];
        if let Some(d) = self.date {
            fields.push(("year", d.year.to_string()));
            fields.push(("month", d.month.to_string()));
            fields.push(("date", d.iso()));
        }
        fields.push(("url", bib_url(&self.url)));
        fields.push(("language", bib(&self.language)));
        let mut out = format!("@misc{{{},\n", self.key);
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
        out.push_str("}\n");
        out
    }
}

/// The file names beside the page's `index.html`.
pub const JSON: &str = "cite.json";
pub const BIB: &str = "cite.bib";

/// A BibTeX value in braces: its LaTeX special characters escaped, line
/// breaks made spaces.
fn bib(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An address in BibTeX's `url` field, which is taken verbatim: only what
/// would end the value is percent-encoded.
fn bib_url(url: &str) -> String {
    url.replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Entry {
        Entry {
            author: "Rights & Co".into(),
            title: "Казахстан: 50% & {more} #1 a_b ^ ~ \\".into(),
            publisher: "Rights & Co".into(),
            date: Some(Date {
                year: 2024,
                month: 3,
                day: 5,
            }),
            url: "https://example.org/kazakhstan/".into(),
            language: "ru".into(),
            key: "ru-kazakhstan".into(),
        }
    }

    #[test]
    fn bibtex_escapes_special_characters_and_keeps_cyrillic() {
        let b = sample().bibtex();
        assert!(b.starts_with("@misc{ru-kazakhstan,\n"), "{b}");
        assert!(
            b.contains(
                "title = {Казахстан: 50\\% \\& \\{more\\} \\#1 a\\_b \\textasciicircum{} \\textasciitilde{} \\textbackslash{}},"
            ),
            "{b}"
        );
        assert!(b.contains("author = {{Rights \\& Co}},"), "{b}");
        assert!(b.contains("date = {2024-03-05},"), "{b}");
    }

    #[test]
    fn csl_json_is_one_report() {
        let j: serde_json::Value = serde_json::from_str(&sample().csl_json()).unwrap();
        let item = &j[0];
        assert_eq!(j.as_array().unwrap().len(), 1);
        assert_eq!(item["type"], "report");
        assert_eq!(item["author"][0]["literal"], "Rights & Co");
        assert_eq!(item["issued"]["date-parts"][0][1], 3);
        assert_eq!(item["URL"], "https://example.org/kazakhstan/");
    }
}
