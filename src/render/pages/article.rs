//! An article's list: the recommendations that concern an article of a
//! treaty, by country, a page of the list at a time.

use super::{Kind, Page, list, list_description, page_in};
use crate::base::address;
use crate::model::Site;
use crate::render::views::*;

/// A page of an article's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Article {
    /// Index into `Site::articles`.
    pub article: usize,
    /// Which page of its list (0 for the first).
    pub page: usize,
}

impl Kind for Article {
    const TEMPLATE: &'static str = "article.html";

    fn all(site: &Site) -> Vec<Article> {
        let lists = site.articles.iter().enumerate();
        lists
            .flat_map(|(article, a)| {
                list(a.recommendations.len(), site).map(move |page| Article { article, page })
            })
            .collect()
    }

    fn path(self, site: &Site) -> String {
        address::list_page(&site.articles[self.article].path, self.page)
    }

    fn showing(site: &Site, ri: usize) -> Vec<Article> {
        let r = &site.recommendations[ri];
        let treaty = site.countries[r.country].info.treaty.as_str();
        let numbers = &site.paragraphs[r.paragraph].info.articles;
        site.articles
            .iter()
            .enumerate()
            .filter(|(_, a)| a.treaty == treaty && numbers.contains(&a.number))
            .map(|(article, a)| Article {
                article,
                page: page_in(&a.recommendations, ri, site),
            })
            .collect()
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let a = &site.articles[self.article];
        let (shown, pagination) = paginate(v, &a.path, &a.recommendations, self.page);
        let list = v.article_list(self.article);
        let title = tr(v).fmt(
            "treaty_article",
            &[("treaty", &a.treaty), ("n", &a.number.to_string())],
        );
        let values = ctx! {
            article => ctx! {
                treaty => &a.treaty,
                treaty_name => site.treaty_name(&a.treaty),
                number => a.number,
                title => &a.title,
            },
            total => a.recommendations.len(),
            grade_counts => list.grade_counts,
            groups => v.by_country(shown),
            pagination => pagination,
            countries => list.countries,
        };
        let description = list_description(v, &title, a.recommendations.len());
        Page::new(page_title(v, title, self.page), values)
            .describe(description)
            .under(vec![v.crumb(tr(v).get("articles"), address::ARTICLES)])
    }
}
