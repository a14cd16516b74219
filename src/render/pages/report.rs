//! A country's whole dossier on one page, for reading through or printing:
//! every paragraph's concern and every recommendation in full.

use super::{Kind, Page, has_report};
use crate::base::address;
use crate::model::Site;
use crate::render::views::*;

/// The full report of a country (index into `Site::countries`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Report(pub usize);

impl Kind for Report {
    const TEMPLATE: &'static str = "report.html";

    fn all(site: &Site) -> Vec<Report> {
        (0..site.countries.len())
            .filter(|&ci| has_report(site, ci))
            .map(Report)
            .collect()
    }

    fn path(self, site: &Site) -> String {
        address::report(&site.countries[self.0].path)
    }

    fn country(self, _site: &Site) -> Option<usize> {
        Some(self.0)
    }

    fn showing(site: &Site, ri: usize) -> Vec<Report> {
        let ci = site.recommendations[ri].country;
        has_report(site, ci)
            .then_some(Report(ci))
            .into_iter()
            .collect()
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let c = &site.countries[self.0];
        let paragraphs: Vec<_> = c
            .paragraphs
            .clone()
            .map(|pi| {
                let p = &site.paragraphs[pi];
                ctx! {
                    concern_html => &p.info.concern_html,
                    recommendations => p.recommendations.clone().map(|ri| v.full(ri)).collect::<Vec<_>>(),
                    ..paragraph_facts(v, pi)
                }
            })
            .collect();
        let values = ctx! {
            country => v.country_value(self.0),
            paragraphs => &paragraphs,
        };
        let full_report = tr(v).get("full_report");
        Page::new(format!("{}: {full_report}", c.info.name), values)
            .crumb(full_report)
            .under(vec![v.crumb(&c.info.name, &c.path)])
    }
}
