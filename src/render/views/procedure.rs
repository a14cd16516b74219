//! Views of the follow-up procedure: a dossier's dated timeline (adoption,
//! deadlines, replies, reminders, submissions, evaluations, decisions) and
//! the one sentence saying where it stands, in the page's language. Every
//! fact is read from the rounds ([`crate::check::validate::Procedure`]) and
//! [`crate::model::procedure`].

use super::{DateView, Views, ctx, date_view, tr};
use crate::check::validate::{Date, Decision, Round};
use crate::model::procedure::{self, Stage, Standing};
use serde::Serialize;

/// One dated line of a dossier's timeline.
#[derive(Serialize)]
pub struct Event {
    date: Option<DateView>,
    /// What happened, in the page's language.
    text: String,
    /// A document it names (a reply, an evaluation), with its address.
    document: Option<String>,
    url: Option<String>,
    /// The kind of event, for the theme's classes: `adopted`, `due`,
    /// `reply`, `reminder`, `submission`, `evaluation`, `decision`.
    kind: &'static str,
    /// A decision's note, as HTML.
    note_html: Option<String>,
    /// A deadline passed with no reply.
    overdue: bool,
}

impl Event {
    fn new(kind: &'static str, date: Option<Date>, text: String, v: &Views<'_>) -> Event {
        Event {
            date: date_view(date, &v.site.config.strings),
            text,
            document: None,
            url: None,
            kind,
            note_html: None,
            overdue: false,
        }
    }

    fn document(self, document: Option<&str>, url: Option<&str>) -> Event {
        Event {
            document: document.map(str::to_string),
            url: url.map(str::to_string),
            ..self
        }
    }
}

/// The label key of each stage: its short name in tables.
pub fn stage_label_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Overdue => "stage_overdue",
        Stage::AwaitingReply => "stage_awaiting_reply",
        Stage::AwaitingEvaluation => "stage_awaiting_evaluation",
        Stage::Evaluated => "stage_evaluated",
        Stage::Closed => "stage_closed",
    }
}

impl Views<'_> {
    /// Where country `ci`'s procedure stands: its stage (`key`, short
    /// `label`), the sentence that says it, and the deadline that matters.
    pub fn standing(&self, ci: usize) -> Option<minijinja::Value> {
        let s = self.site.countries[ci].standing.as_ref()?;
        let strings = &self.site.config.strings;
        Some(ctx! {
            key => s.stage.key(),
            label => tr(self).get(stage_label_key(s.stage)),
            text => self.standing_text(s),
            due => date_view(s.due, strings),
            days => s.days,
            reminders => s.reminders,
            round => s.round,
        })
    }

    /// The sentence saying where a procedure stands.
    fn standing_text(&self, s: &Standing) -> String {
        let t = tr(self);
        let days = s.days.unwrap_or(0).unsigned_abs();
        let due = date_view(s.due, &self.site.config.strings).map(|d| d.text);
        match (s.stage, due) {
            (Stage::Overdue, _) => {
                let mut text = t.count("standing_overdue", days, &[]);
                if s.reminders > 0 {
                    text.push(' ');
                    text.push_str(&t.count("standing_reminders", s.reminders as u64, &[]));
                }
                text
            }
            (Stage::AwaitingReply, Some(due)) => {
                t.count("standing_awaiting_reply_due", days, &[("date", &due)])
            }
            (Stage::AwaitingReply, None) => t.get("standing_awaiting_reply").to_string(),
            (Stage::AwaitingEvaluation, _) => t.get("standing_awaiting_evaluation").to_string(),
            (Stage::Evaluated, Some(due)) => t.fmt("standing_evaluated_due", &[("date", &due)]),
            (Stage::Evaluated, None) => t.get("standing_evaluated").to_string(),
            (Stage::Closed, _) => t.get("standing_closed").to_string(),
        }
    }

    /// Country `ci`'s procedure as a dated timeline, or none when the
    /// dossier does not record it.
    pub fn timeline(&self, ci: usize) -> Option<Vec<Event>> {
        let c = &self.site.countries[ci];
        if !procedure::recorded(&c.info) {
            return None;
        }
        let t = tr(self);
        let mut events = Vec::new();
        if c.info.adopted.is_some() {
            let n = c.paragraphs.len() as u64;
            events.push(
                Event::new(
                    "adopted",
                    c.info.adopted,
                    t.count("event_adopted", n, &[]),
                    self,
                )
                .document(c.info.document.as_deref(), None),
            );
        }
        let last = c.info.rounds.last().map(|r| r.number);
        for r in &c.info.rounds {
            events.extend(self.round_events(ci, r, Some(r.number) == last));
        }
        Some(events)
    }

    /// The events of one round, in the order they happened; `last` when
    /// no round follows it, so its next deadline can be overdue.
    fn round_events(&self, ci: usize, r: &Round, last: bool) -> Vec<Event> {
        let t = tr(self);
        let p = &r.procedure;
        let today = self.site.today;
        // Each event with the date it sorts by.
        let mut events: Vec<(Option<Date>, Event)> = Vec::new();
        if let Some(due) = p.due {
            let mut e = Event::new(
                "due",
                Some(due),
                t.fmt("event_due", &[("n", &r.number.to_string())]),
                self,
            );
            e.overdue = last && p.replies.is_empty() && due < today;
            events.push((Some(due), e));
        }
        for reply in &p.replies {
            let late = match (p.due, reply.received) {
                (Some(due), Some(received)) if received > due => received.days() - due.days(),
                _ => 0,
            };
            let text = if late > 0 {
                t.count("event_reply_late", late as u64, &[])
            } else {
                t.get("event_reply").to_string()
            };
            let e = Event::new("reply", reply.received, text, self)
                .document(Some(&reply.document), reply.url.as_deref());
            events.push((reply.received, e));
        }
        for &reminder in &p.reminders {
            let e = Event::new(
                "reminder",
                Some(reminder),
                t.get("event_reminder").to_string(),
                self,
            );
            events.push((Some(reminder), e));
        }
        for s in &p.submissions {
            let text = t.fmt("event_submission", &[("by", &s.by)]);
            let e = Event::new("submission", s.date, text, self)
                .document(s.title.as_deref(), s.url.as_deref());
            events.push((s.date, e));
        }
        if !p.evaluation.is_empty() {
            let e = &p.evaluation;
            let mut text = match e.session {
                Some(n) => t.fmt("event_evaluation_session", &[("session", &n.to_string())]),
                None => t.get("event_evaluation").to_string(),
            };
            if let Some(grades) = self.grades_given(ci, r.number) {
                text.push_str(". ");
                text.push_str(&grades);
            }
            let event = Event::new("evaluation", e.date, text, self)
                .document(e.document.as_deref(), e.url.as_deref());
            events.push((e.date, event));
        }
        if let Some(decision) = p.decision {
            let key = match decision {
                Decision::Continue => "decision_continue",
                Decision::Meeting => "decision_meeting",
                Decision::Closed => "decision_closed",
            };
            let mut e = Event::new("decision", p.evaluation.date, t.get(key).to_string(), self);
            e.note_html = p.decision_note_html.clone();
            events.push((p.evaluation.date, e));
        }
        if let Some(next) = p.next_due {
            let n = (r.number + 1).to_string();
            let mut e = Event::new("due", Some(next), t.fmt("event_due", &[("n", &n)]), self);
            e.overdue = last && next < today;
            events.push((Some(next), e));
        }
        // In order of date; an undated event stays after the one before it.
        let mut last = None;
        for (date, _) in &mut events {
            last = date.or(last);
            *date = last;
        }
        // A stable sort: events of one day stay in the order above.
        events.sort_by_key(|(date, _)| *date);
        events.into_iter().map(|(_, e)| e).collect()
    }

    /// The grades other assessors gave in round `round` of country `ci`,
    /// in one line: "Human Rights Committee: B 2, C 1".
    fn grades_given(&self, ci: usize, round: u32) -> Option<String> {
        let c = &self.site.countries[ci];
        let mut counts: std::collections::BTreeMap<(&str, usize, usize), usize> =
            Default::default();
        for r in &self.site.recommendations[c.recommendations.clone()] {
            for a in r.info.assessments.iter().filter(|a| a.round == round) {
                if let Some(by) = a.by.as_deref() {
                    *counts.entry((by, a.low, a.high)).or_default() += 1;
                }
            }
        }
        if counts.is_empty() {
            return None;
        }
        let mut by_assessor: Vec<(&str, Vec<String>)> = Vec::new();
        for ((by, low, high), n) in counts {
            let code = self.graded(Some(by), low, high).code;
            match by_assessor.last_mut() {
                Some((b, list)) if *b == by => list.push(format!("{code} {n}")),
                _ => by_assessor.push((by, vec![format!("{code} {n}")])),
            }
        }
        let line = by_assessor
            .into_iter()
            .map(|(by, list)| format!("{}: {}", self.assessor_name(Some(by)), list.join(", ")))
            .collect::<Vec<_>>()
            .join("; ");
        Some(tr(self).fmt("event_grades", &[("grades", &line)]))
    }
}
