//! What the link-preview images show, and which one each page names in
//! its Open Graph tags. The home page and each country's page have an
//! image of their own (`og.png` in their folder, made by
//! `publish::OgImage`): the title, what the page is, and the grade
//! distribution bar, drawn by the theme's `og-image.svg` with the same
//! grade counts ([`Views::grade_counts`]) and the same bar macro
//! (`bar_segments` in macros.html) as the pages' charts. A country's other
//! pages (paragraphs, recommendations, the whole dossier) share their
//! country's image, every other page the home page's; their `alt` names
//! the image's title alone, so an edit of one grade changes no page but
//! the image's own.

use super::image::{HEIGHT, WIDTH};
use super::pages::PageSpec;
use super::structured;
use super::views::{Views, ctx, tr};
use crate::base::address;
use crate::model::Site;

/// The theme's template that draws an image.
pub const TEMPLATE: &str = "og-image.svg";

/// What an image shows.
pub struct Card {
    /// The address of the page it is made for (its folder).
    pub page: String,
    pub title: String,
    /// What the page is: a dossier's treaty and document; none for the
    /// home page.
    pub subtitle: Option<String>,
    /// Recommendations by grade, in scale order.
    pub counts: Vec<usize>,
}

impl Card {
    pub fn home(site: &Site) -> Card {
        Card {
            page: address::HOME.to_string(),
            title: site.config.title.clone(),
            subtitle: site.home_title.clone().filter(|t| *t != site.config.title),
            counts: site.grade_counts.clone(),
        }
    }

    pub fn country(site: &Site, ci: usize) -> Card {
        let c = &site.countries[ci];
        let treaty = site.treaty_name(&c.info.treaty);
        let name = site.dossier_name(ci);
        let subtitle = match &c.info.document {
            Some(d) if !name.contains(d.as_str()) => format!("{treaty} · {d}"),
            _ => treaty.to_string(),
        };
        Card {
            page: c.path.clone(),
            title: name,
            subtitle: Some(subtitle),
            counts: c.grade_counts.clone(),
        }
    }

    /// The home page's card, then each country's.
    pub fn all(site: &Site) -> Vec<Card> {
        std::iter::once(Card::home(site))
            .chain((0..site.countries.len()).map(|ci| Card::country(site, ci)))
            .collect()
    }

    /// The recommendations in words: "11 recommendations: A1 1, B2 2, C 8".
    pub fn distribution(&self, site: &Site) -> String {
        let total: usize = self.counts.iter().sum();
        let n = tr_site(site).count("n_recommendations", total as u64, &[]);
        let grades: Vec<String> = site
            .config
            .grades
            .iter()
            .zip(&self.counts)
            .filter(|(_, n)| **n > 0)
            .map(|(g, n)| format!("{} {n}", g.code))
            .collect();
        match grades.is_empty() {
            true => n,
            false => format!("{n}: {}", grades.join(", ")),
        }
    }

    /// The image's text alternative: its title and what the page is, and
    /// on its own page, its grades in words.
    pub fn alt(&self, site: &Site, own: bool) -> String {
        let mut parts = vec![self.title.clone()];
        parts.extend(self.subtitle.clone());
        if own {
            parts.push(self.distribution(site));
        }
        parts.join(". ")
    }

    /// What the theme's [`TEMPLATE`] is given: the image's size, the
    /// writing direction, the title in lines, what the page is, the grade
    /// counts as the charts have them and `font_family`.
    pub fn svg_context(&self, v: &Views<'_>, font_family: &str) -> minijinja::Value {
        let site = v.site;
        let rtl = tr(v).get("text_direction") == "rtl";
        let total: usize = self.counts.iter().sum();
        ctx! {
            width => WIDTH,
            height => HEIGHT,
            dir => rtl.then_some("rtl"),
            // Where lines start, and from which side.
            x => if rtl { WIDTH - MARGIN } else { MARGIN },
            anchor => if rtl { "end" } else { "start" },
            site_title => (self.page != address::HOME).then(|| directed(&site.config.title, rtl)),
            title_lines => lines(&self.title, TITLE_UNITS, 2).iter().map(|l| directed(l, rtl)).collect::<Vec<_>>(),
            subtitle => self.subtitle.as_deref().map(|s| directed(&ellipsis(s, SUBTITLE_UNITS), rtl)),
            distribution => directed(&self.distribution(site), rtl),
            grade_counts => v.grade_counts(&self.counts),
            total => total,
            font_family => font_family,
        }
    }
}

fn tr_site(site: &Site) -> &crate::input::strings::Strings {
    &site.config.strings
}

/// The images' margin, in pixels.
const MARGIN: u32 = 60;
/// About how many characters of the title fit on a line (at 60 px, bold),
/// and of the subtitle (at 32 px); a wide (CJK) character counts twice.
const TITLE_UNITS: usize = 30;
const SUBTITLE_UNITS: usize = 68;

/// `text` marked as right-to-left when `rtl`: the rasterizer lays out
/// every line left to right unless told, which would put an Arabic line's
/// numbers and Latin words at the wrong end.
fn directed(text: &str, rtl: bool) -> String {
    match rtl {
        true => format!("\u{202B}{text}\u{202C}"),
        false => text.to_string(),
    }
}

/// How wide `c` is, in [`TITLE_UNITS`].
fn units(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// `text` in at most `max_lines` lines of about `width` units, broken
/// between words (anywhere in a word longer than a line, and in text
/// without spaces, as Chinese is written); what does not fit ends in "…".
pub fn lines(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w: usize = word.chars().map(units).sum();
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            if used + units(c) > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += units(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = ellipsis(&format!("{last} …"), width);
        }
    }
    lines
}

/// `text` cut to about `width` units, ending in "…" when cut.
fn ellipsis(text: &str, width: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        used += units(c);
        if used + 1 > width {
            return format!("{}…", out.trim_end());
        }
        out.push(c);
    }
    text.to_string()
}

/// The image page `spec` names, with whether it is its own: none when the
/// site makes no images.
pub fn card_of(site: &Site, spec: PageSpec) -> Option<(Card, bool)> {
    if !site.config.og_image {
        return None;
    }
    Some(match spec {
        PageSpec::Home(_) => (Card::home(site), true),
        PageSpec::Country(c) => (Card::country(site, c.0), true),
        _ => match spec.country(site) {
            Some(ci) => (Card::country(site, ci), false),
            None => (Card::home(site), false),
        },
    })
}

/// The Open Graph values of page `spec`'s image (`url`, `width`,
/// `height`, `type`, `alt`), for the base template's `og_image`.
pub fn page_value(v: &Views<'_>, spec: PageSpec) -> Option<minijinja::Value> {
    let (card, own) = card_of(v.site, spec)?;
    let url = structured::absolute(v.site, &v.url(&address::og_image(&card.page)));
    Some(ctx! {
        url => url,
        width => WIDTH,
        height => HEIGHT,
        type => "image/png",
        alt => card.alt(v.site, own),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_break_between_words_and_end_in_an_ellipsis() {
        assert_eq!(lines("Kazakhstan", 30, 2), ["Kazakhstan"]);
        assert_eq!(
            lines(
                "Follow-up to the Human Rights Committee: NGO assessments",
                30,
                2
            ),
            [
                "Follow-up to the Human Rights",
                "Committee: NGO assessments"
            ]
        );
        let long = lines(&"word ".repeat(30), 30, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'), "{long:?}");
        assert_eq!(
            lines("人权事务委员会后续行动", 8, 3),
            ["人权事务", "委员会后", "续行动"]
        );
        assert_eq!(
            lines("人权事务委员会后续行动", 8, 2),
            ["人权事务", "委员会…"]
        );
    }
}
