//! Views of the sources page: every source cited, and how it lists each
//! recommendation's footnote.

use super::{Views, ctx};

pub fn sources(v: &Views<'_>) -> Vec<minijinja::Value> {
    v.site
        .sources()
        .iter()
        .map(|s| {
            let citations: Vec<_> = s
                .citations
                .iter()
                .map(|c| v.citation(c.recommendation, &c.anchor))
                .collect();
            ctx! {
                title => &s.title,
                url => &s.url,
                anchor => &s.anchor,
                citations => citations,
            }
        })
        .collect()
}

impl Views<'_> {
    /// How the sources page lists a recommendation's footnote with anchor
    /// `anchor`.
    fn citation(&self, ri: usize, anchor: &str) -> minijinja::Value {
        let card = self.card_of(ri);
        ctx! {
            reference => &card.reference,
            country => card.country,
            url => format!("{}#{}", card.url, anchor),
            grade => &card.grade,
        }
    }

    /// All that the sources page shows of recommendation `ri`: each
    /// footnote's source (its text and address, which name and group the
    /// source) and how the footnote is listed there. The preview compares
    /// it before and after an edit to tell whether the sources page changed.
    pub fn cited(&self, ri: usize) -> Vec<minijinja::Value> {
        self.site.recommendations[ri]
            .info
            .footnotes
            .iter()
            .map(|f| {
                ctx! {
                    text => &f.text,
                    url => &f.url,
                    citation => self.citation(ri, &f.anchor),
                }
            })
            .collect()
    }
}
