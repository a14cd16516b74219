//! Where each dossier's follow-up procedure stands, on the day of the
//! build: every dossier that records its procedure, by stage (overdue
//! replies first, the oldest deadline first), with the counts per stage
//! and the calendar of deadlines.

use super::{Kind, Page};
use crate::base::address;
use crate::model::Site;
use crate::model::procedure::Stage;
use crate::render::views::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FollowUp;

impl Kind for FollowUp {
    const TEMPLATE: &'static str = "follow_up.html";

    fn all(site: &Site) -> Vec<FollowUp> {
        site.has_procedure.then_some(FollowUp).into_iter().collect()
    }

    fn path(self, _site: &Site) -> String {
        address::FOLLOW_UP.to_string()
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        // By stage, then the oldest deadline first (none last), then name.
        let mut order: Vec<usize> = (0..site.countries.len())
            .filter(|&ci| site.countries[ci].standing.is_some())
            .collect();
        order.sort_by_key(|&ci| {
            let s = site.countries[ci].standing.as_ref();
            (
                s.map(|s| s.stage),
                s.and_then(|s| s.due).is_none(),
                s.and_then(|s| s.due),
                ci,
            )
        });
        let rows: Vec<_> = order
            .iter()
            .map(|&ci| {
                let c = &site.countries[ci];
                ctx! {
                    name => &c.info.name,
                    url => v.url(&c.path),
                    document => &c.info.document,
                    standing => v.standing(ci),
                }
            })
            .collect();
        let stages: Vec<_> = Stage::ALL
            .iter()
            .map(|&stage| {
                let count = site
                    .countries
                    .iter()
                    .filter(|c| c.standing.as_ref().is_some_and(|s| s.stage == stage))
                    .count();
                ctx! {
                    key => stage.key(),
                    label => tr(v).get(stage_label_key(stage)),
                    count => count,
                }
            })
            .collect();
        let today = date_view(Some(site.today), &site.config.strings);
        let values = ctx! {
            today => today,
            stages => stages,
            dossiers => rows,
            calendar_url => v.url(&address::data(address::DEADLINES_ICS)),
        };
        Page::new(tr(v).get("follow_up"), values)
    }
}
