//! A follow-up paragraph's file, `content/<country>/<paragraph>/_index.md`:
//! its number, the treaty articles it concerns (checked against the
//! country's treaty), and the Committee's concern.

use super::front::{parse_file, render_body};
use super::recommendation::Recommendation;
use crate::base::diagnostics::{Diagnostic, Kind};
use crate::input::config::{Config, slugify};
use crate::input::load::ContentFile;
use serde::Deserialize;
use std::sync::Arc;
use toml::Spanned;

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub slug: String,
    pub number: u32,
    pub title: Option<String>,
    /// `draft = true`: shown in the preview only, with its recommendations.
    pub draft: bool,
    pub articles: Vec<u32>,
    pub concern_html: String,
    /// What is shown in the main language for want of a translation.
    pub fallback: super::Fallback,
    pub file: String,
    /// In reading order: `order`, then file name.
    pub recommendations: Vec<Arc<Recommendation>>,
    /// Each recommendation's number in the paragraph (1-based), in step
    /// with `recommendations`: its place among all of them, drafts
    /// counted, so publishing a draft renumbers nothing readers cite.
    pub numbers: Vec<usize>,
}

#[derive(Deserialize)]
struct ParagraphFront {
    paragraph: Spanned<i64>,
    title: Option<String>,
    /// Left out where the concluding observations name no article: the
    /// paragraph is then on no article page.
    articles: Option<Spanned<Vec<Spanned<i64>>>>,
    #[serde(default)]
    draft: bool,
}
const PARAGRAPH_FIELDS: &[&str] = &["paragraph", "title", "articles", "draft"];

/// Checks one paragraph file (`treaty`: its country's) and converts its Markdown.
pub(super) fn check_paragraph(
    file: &ContentFile,
    dir: &str,
    treaty: Option<&str>,
    config: &Config,
    config_ok: bool,
    allow_html: bool,
) -> (Option<Paragraph>, Vec<Diagnostic>) {
    let mut paragraph = None;
    let mut d = Vec::new();
    if let Some(p) = parse_file::<ParagraphFront>(file, PARAGRAPH_FIELDS, &mut d) {
        let number = *p.front.paragraph.get_ref();
        let number = match u32::try_from(number) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                d.push(
                    p.error_at(p.front.paragraph.span().start, format!("paragraph number {number} is not a positive whole number"))
                        .help("write the paragraph's number in the concluding observations, like paragraph = 7"),
                );
                None
            }
        };
        let given = p.front.articles.as_ref();
        if given.is_none() {
            // Optional, but a misspelled `articles` was surely meant.
            p.missing("articles", PARAGRAPH_FIELDS, false, &mut d);
        }
        let mut articles = Vec::new();
        if let Some(given) = given
            && given.get_ref().is_empty()
        {
            let articles_span = given.span().start;
            d.push(
                p.error_at(articles_span, "`articles` is empty").help(
                    "list the treaty articles the paragraph concerns, like articles = [2, 14]",
                ),
            );
        }
        let treaty = treaty
            .and_then(|t| config.treaties.get(t))
            .filter(|_| config_ok);
        for a in given.map(|g| g.get_ref().as_slice()).unwrap_or_default() {
            let n = *a.get_ref();
            match u32::try_from(n) {
                Ok(n) if n > 0 => {
                    if let Some(t) = treaty
                        && !t.articles.is_empty()
                        && !t.articles.contains_key(&n)
                    {
                        let last = t.articles.keys().next_back().copied().unwrap_or(0);
                        d.push(
                            p.error_at(a.span().start, format!("{} has no article {n}", t.key))
                                .help(format!("{} has articles 1 to {last}; check the number in the Committee's text", t.key)),
                        );
                    } else if !articles.contains(&n) {
                        articles.push(n);
                    }
                }
                _ => d.push(
                    p.error_at(
                        a.span().start,
                        format!("article {n} is not a positive whole number"),
                    )
                    .help("write article numbers without quotes, like articles = [19]"),
                ),
            }
        }
        let concern = render_body(&p, "concern", allow_html, &mut d);
        if let Some(number) = number {
            paragraph = Some(Paragraph {
                slug: slugify(dir),
                number,
                title: p.front.title.clone(),
                draft: p.front.draft,
                articles,
                concern_html: concern.html,
                fallback: super::Fallback::default(),
                file: file.path.clone(),
                recommendations: Vec::new(),
                numbers: Vec::new(),
            });
        }
    }
    (paragraph, d)
}

/// Said of a recommendation without `reference` in a paragraph whose
/// others have one.
const MIXED_REFERENCE: &str =
    "this recommendation has no `reference`, while others of its paragraph have one";

/// What a paragraph's recommendations must agree on, once all are read:
/// each its own `order` (it gives their places, hence their numbers), and
/// `reference` on all of them or on none, so readers never see "13.2"
/// beside "13(a)".
pub(super) fn check_recommendations(
    paragraph: &Paragraph,
    site: &crate::input::load::LoadedSite,
    diags: &mut crate::base::diagnostics::Diagnostics,
) {
    let recs = &paragraph.recommendations;
    for r in recs {
        let Some(order) = r.order else { continue };
        let others: Vec<&str> = recs
            .iter()
            .filter(|o| o.order == Some(order) && o.file != r.file)
            .map(|o| o.file.as_str())
            .collect();
        if others.is_empty() {
            continue;
        }
        let text = site.files.get(&r.file).map_or("", |f| f.text.as_str());
        diags.push(
            Diagnostic::error(
                &r.file,
                format!(
                    "`order = {order}` is also in {}: two recommendations cannot share a place",
                    others.join(", ")
                ),
            )
            .at(text, key_offset(text, "order"))
            .help("give each recommendation of the paragraph its own `order`: it sets their places, and so their numbers"),
        );
    }
    let Some(with) = recs.iter().find(|r| r.reference.is_some()) else {
        return;
    };
    let reference = with.reference.as_deref().unwrap_or_default();
    for (r, n) in recs.iter().zip(&paragraph.numbers) {
        if r.reference.is_none() {
            diags.push(
                Diagnostic::warning(&r.file, MIXED_REFERENCE)
                .kind(Kind::MixedReference)
                .help(format!(
                    "readers would see {}.{n} beside \"{reference}\" ({}): give each recommendation of the paragraph its `reference`, or none",
                    paragraph.number, with.file
                )),
            );
        }
    }
}

/// The offset in `text` of the front matter line that sets `key`, or 0.
fn key_offset(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let name = line.split('=').next().unwrap_or_default().trim();
        if name == key && line.contains('=') {
            return offset + (line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    0
}
