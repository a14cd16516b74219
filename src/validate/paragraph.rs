//! A follow-up paragraph's file, `content/<country>/<paragraph>/_index.md`:
//! its number, the treaty articles it concerns (checked against the
//! country's treaty), and the Committee's concern.

use super::front::{parse_file, render_body};
use super::recommendation::Recommendation;
use crate::config::{Config, slugify};
use crate::diagnostics::Diagnostic;
use crate::load::ContentFile;
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
}

#[derive(Deserialize)]
struct ParagraphFront {
    paragraph: Spanned<i64>,
    title: Option<String>,
    articles: Spanned<Vec<Spanned<i64>>>,
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
        let articles_span = p.front.articles.span().start;
        let mut articles = Vec::new();
        if p.front.articles.get_ref().is_empty() {
            d.push(
                p.error_at(articles_span, "`articles` is empty").help(
                    "list the treaty articles the paragraph concerns, like articles = [2, 14]",
                ),
            );
        }
        let treaty = treaty
            .and_then(|t| config.treaties.get(t))
            .filter(|_| config_ok);
        for a in p.front.articles.get_ref() {
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
            });
        }
    }
    (paragraph, d)
}
