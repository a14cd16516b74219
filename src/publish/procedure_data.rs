//! The follow-up procedure as open data, under `data/`: `dossiers.json`
//! (each dossier with where its procedure stands and every field of its
//! rounds, with its JSON Schema) and `rounds.csv` (one row per dossier and
//! round). Made for each language's site; every dossier is listed, with
//! or without procedure fields, so the files are always there.

use super::{Format, Render, Scope, Sink, absolute, bytes};
use crate::base::address;
use crate::base::diagnostics::Diagnostic;
use crate::check::validate::{Date, Round};
use crate::model::procedure::Stage;
use crate::model::{CountryEntry, Site};
use serde::Serialize;

/// The JSON Schema of `data/dossiers.json`.
pub const DOSSIERS_SCHEMA: &str = include_str!("dossiers.schema.json");

/// One dossier (a country's concluding observations) as open data.
#[derive(Debug, Serialize)]
pub struct DossierRecord<'a> {
    /// Its address on the site, without slashes at the ends.
    pub id: &'a str,
    pub country: &'a str,
    pub country_code: Option<&'a str>,
    pub treaty: &'a str,
    pub document: Option<&'a str>,
    pub url: String,
    pub adopted: Option<String>,
    pub reply_due: Option<String>,
    /// Where the procedure stands on the build's day; null when the rounds
    /// say nothing of it.
    pub stage: Option<&'static str>,
    /// The round that stage is about (one past the last listed when the
    /// next reply is awaited).
    pub current_round: Option<u32>,
    /// The deadline that matters now.
    pub due: Option<String>,
    /// Days until `due` (awaiting a reply, evaluated) or since it (overdue).
    pub days: Option<i64>,
    /// Reminders sent in the round awaiting a reply.
    pub reminders: Option<usize>,
    pub rounds: Vec<RoundRecord<'a>>,
}

#[derive(Debug, Serialize)]
pub struct RoundRecord<'a> {
    pub round: u32,
    /// This site's assessment of the round.
    pub date: Option<String>,
    pub due: Option<String>,
    pub replies: Vec<ReplyRecord<'a>>,
    pub reminders: Vec<String>,
    pub submissions: Vec<SubmissionRecord<'a>>,
    pub evaluation: Option<EvaluationRecord<'a>>,
    pub decision: Option<&'static str>,
    pub next_due: Option<String>,
    pub decision_note_html: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ReplyRecord<'a> {
    pub document: &'a str,
    pub received: Option<String>,
    pub url: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct SubmissionRecord<'a> {
    pub by: &'a str,
    pub date: Option<String>,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct EvaluationRecord<'a> {
    pub date: Option<String>,
    pub session: Option<u32>,
    pub document: Option<&'a str>,
    pub url: Option<&'a str>,
}

fn iso(d: Option<Date>) -> Option<String> {
    d.map(|d| d.iso())
}

fn round_record(r: &Round) -> RoundRecord<'_> {
    let p = &r.procedure;
    RoundRecord {
        round: r.number,
        date: iso(r.date),
        due: iso(p.due),
        replies: p
            .replies
            .iter()
            .map(|x| ReplyRecord {
                document: &x.document,
                received: iso(x.received),
                url: x.url.as_deref(),
            })
            .collect(),
        reminders: p.reminders.iter().map(Date::iso).collect(),
        submissions: p
            .submissions
            .iter()
            .map(|s| SubmissionRecord {
                by: &s.by,
                date: iso(s.date),
                url: s.url.as_deref(),
                title: s.title.as_deref(),
            })
            .collect(),
        evaluation: (!p.evaluation.is_empty()).then(|| EvaluationRecord {
            date: iso(p.evaluation.date),
            session: p.evaluation.session,
            document: p.evaluation.document.as_deref(),
            url: p.evaluation.url.as_deref(),
        }),
        decision: p.decision.map(|d| d.word()),
        next_due: iso(p.next_due),
        decision_note_html: p.decision_note_html.as_deref(),
    }
}

/// Every dossier of `site`, in reading order.
pub fn dossier_records(site: &Site) -> Vec<DossierRecord<'_>> {
    site.countries
        .iter()
        .map(|c: &CountryEntry| {
            let i = &c.info;
            let s = c.standing.as_ref();
            DossierRecord {
                id: c.path.trim_matches('/'),
                country: &i.name,
                country_code: i.code.as_deref(),
                treaty: &i.treaty,
                document: i.document.as_deref(),
                url: absolute(site, &c.path),
                adopted: iso(i.adopted),
                reply_due: iso(i.reply_due),
                stage: s.map(|s| s.stage.key()),
                current_round: s.map(|s| s.round),
                due: iso(s.and_then(|s| s.due)),
                days: s.and_then(|s| s.days),
                reminders: s.map(|s| s.reminders),
                rounds: i.rounds.iter().map(round_record).collect(),
            }
        })
        .collect()
}

pub(super) const CSV_HEADER: [&str; 16] = [
    "country",
    "document",
    "round",
    "due",
    "replies",
    "replies_received",
    "reminders",
    "submissions",
    "evaluated",
    "session",
    "evaluation",
    "decision",
    "next_due",
    "stage",
    "days_overdue",
    "url",
];

/// `data/rounds.csv`: one row per dossier and round, RFC 4180, UTF-8; lists
/// joined with "; " (a reply's date in the place of its document, empty
/// when it has none). A dossier awaiting the reply of a round it does not
/// list yet (after a decision to continue) has a row for that round too.
/// `stage` and `days_overdue` are said on the row of the round the
/// procedure stands at, and empty on the others.
pub fn rounds_csv(site: &Site) -> Vec<u8> {
    let mut w = super::data::csv_writer();
    super::data::csv_row(&mut w, CSV_HEADER);
    let join = |v: Vec<String>| v.join("; ");
    let day = |d: Option<Date>| d.map(|d| d.iso()).unwrap_or_default();
    for c in &site.countries {
        let i = &c.info;
        let url = absolute(site, &c.path);
        let document = i.document.as_deref().unwrap_or("");
        let standing = c.standing.as_ref();
        let stage_of = |round: u32| -> (String, String) {
            match standing.filter(|s| s.round == round) {
                Some(s) => {
                    let overdue = match s.stage {
                        Stage::Overdue => s.days.unwrap_or(0),
                        _ => 0,
                    };
                    (s.stage.key().to_string(), overdue.to_string())
                }
                None => (String::new(), String::new()),
            }
        };
        for r in &i.rounds {
            let p = &r.procedure;
            let (stage, overdue) = stage_of(r.number);
            super::data::csv_row(
                &mut w,
                [
                    i.name.as_str(),
                    document,
                    &r.number.to_string(),
                    &day(p.due),
                    &join(p.replies.iter().map(|x| x.document.clone()).collect()),
                    &join(p.replies.iter().map(|x| day(x.received)).collect()),
                    &join(p.reminders.iter().map(Date::iso).collect()),
                    &p.submissions.len().to_string(),
                    &day(p.evaluation.date),
                    &p.evaluation
                        .session
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    p.evaluation.document.as_deref().unwrap_or(""),
                    p.decision.map_or("", |d| d.word()),
                    &day(p.next_due),
                    &stage,
                    &overdue,
                    &url,
                ],
            );
        }
        // The next round, awaited but not written yet.
        if let Some(s) = standing.filter(|s| i.rounds.iter().all(|r| r.number != s.round)) {
            let (stage, overdue) = stage_of(s.round);
            super::data::csv_row(
                &mut w,
                [
                    i.name.as_str(),
                    document,
                    &s.round.to_string(),
                    &day(s.due),
                    "",
                    "",
                    "",
                    "0",
                    "",
                    "",
                    "",
                    "",
                    "",
                    &stage,
                    &overdue,
                    &url,
                ],
            );
        }
    }
    w.into_inner().unwrap_or_default()
}

/// `data/dossiers.json` with its schema, and `data/rounds.csv`.
pub struct ProcedureData;

impl Format for ProcedureData {
    fn name(&self) -> &'static str {
        "procedure data"
    }

    fn scope(&self) -> Scope {
        Scope::EachLanguage
    }

    fn make_each(&self, site: &Site, _render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        let files = [
            bytes(
                address::data(address::DOSSIERS_SCHEMA),
                DOSSIERS_SCHEMA.as_bytes().to_vec(),
            ),
            bytes(
                address::data(address::DOSSIERS_JSON),
                serde_json::to_vec_pretty(&dossier_records(site)).unwrap_or_default(),
            ),
            bytes(address::data(address::ROUNDS_CSV), rounds_csv(site)),
        ];
        files.into_iter().filter_map(|f| sink(f).err()).collect()
    }
}
