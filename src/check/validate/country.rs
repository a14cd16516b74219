//! A country's file, `content/<country>/_index.md`: its name, treaty, dates
//! and introduction.

use super::assessment::{Round, check_rounds};
use super::date::{Date, read_date};
use super::front::{parse_file, render_body};
use super::paragraph::Paragraph;
use super::procedure::RawRound;
use crate::base::diagnostics::Diagnostic;
use crate::input::config::{Config, slugify};
use crate::input::load::ContentFile;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Clone)]
pub struct Country {
    pub slug: String,
    pub name: String,
    /// `draft = true`: shown in the preview only, with its whole dossier.
    pub draft: bool,
    pub code: Option<String>,
    /// Key of the treaty in the config.
    pub treaty: String,
    pub document: Option<String>,
    pub adopted: Option<Date>,
    /// The deadline the concluding observations set for the first reply.
    pub reply_due: Option<Date>,
    pub assessed: Option<Date>,
    /// Its follow-up rounds, in order: those of `[[rounds]]`, or one,
    /// dated by `assessed`.
    pub rounds: Vec<Round>,
    pub intro_html: String,
    /// What is shown in the main language for want of a translation.
    pub fallback: super::Fallback,
    pub file: String,
    /// By paragraph number.
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Deserialize)]
struct CountryFront {
    country: String,
    code: Option<String>,
    treaty: Option<Spanned<String>>,
    document: Option<String>,
    adopted: Option<Spanned<toml::value::Datetime>>,
    reply_due: Option<Spanned<toml::value::Datetime>>,
    assessed: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    rounds: Vec<RawRound>,
    #[serde(default)]
    draft: bool,
}
const COUNTRY_FIELDS: &[&str] = &[
    "country",
    "code",
    "treaty",
    "document",
    "adopted",
    "reply_due",
    "assessed",
    "rounds",
    "draft",
];

/// Checks one country file and converts its Markdown.
pub(super) fn check_country(
    file: &ContentFile,
    dir: &str,
    config: &Config,
    config_ok: bool,
    allow_html: bool,
) -> (Option<Country>, Vec<Diagnostic>) {
    let mut country = None;
    let mut d = Vec::new();
    if let Some(p) = parse_file::<CountryFront>(file, COUNTRY_FIELDS, &mut d) {
        let treaty = match &p.front.treaty {
            // With broken settings the treaty list is unknown: say nothing.
            Some(t) if !config.treaties.contains_key(t.get_ref()) => {
                if config_ok {
                    d.push(
                        p.error_at(t.span().start, format!("unknown treaty {:?}", t.get_ref()))
                            .help(format!(
                                "use one of {} or describe it in followup.toml under [treaties.{}]",
                                config
                                    .treaties
                                    .keys()
                                    .cloned()
                                    .collect::<Vec<_>>()
                                    .join(", "),
                                t.get_ref()
                            )),
                    );
                }
                None
            }
            Some(t) => Some(t.get_ref().clone()),
            None => Some(config.default_treaty.clone()),
        };
        let adopted = read_date(&p, "adopted", &p.front.adopted, &mut d);
        let assessed = read_date(&p, "assessed", &p.front.assessed, &mut d);
        let reply_due = read_date(&p, "reply_due", &p.front.reply_due, &mut d);
        if let (Some(due), Some(adopted), Some(at)) = (reply_due, adopted, &p.front.reply_due)
            && due < adopted
        {
            d.push(
                p.error_at(at.span().start, format!("`reply_due` ({}) is before the concluding observations were adopted ({})", due.iso(), adopted.iso()))
                    .help("the first reply is due after the adoption, usually within one year: correct this date, or `adopted`"),
            );
        }
        let mut rounds = check_rounds(&p, &p.front.rounds, assessed, adopted, allow_html, &mut d);
        // The first round's reply is due when the concluding observations say.
        if let Some(first) = rounds.first_mut().filter(|r| r.number == 1)
            && first.procedure.due.is_none()
        {
            first.procedure.due = reply_due;
        }
        let intro = render_body(&p, "intro", allow_html, &mut d);
        if let Some(treaty) = treaty {
            country = Some(Country {
                slug: slugify(dir),
                name: p.front.country.trim().to_string(),
                draft: p.front.draft,
                code: p.front.code.clone(),
                treaty,
                document: p.front.document.clone(),
                adopted,
                reply_due,
                assessed,
                rounds,
                intro_html: intro.html,
                fallback: super::Fallback::default(),
                file: file.path.clone(),
                paragraphs: Vec::new(),
            });
        }
    }
    (country, d)
}
