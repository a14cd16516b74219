//! The follow-up procedure as the Committee runs it, round by round: the
//! reply's deadline, the State's replies, the reminders sent, what NGOs
//! submitted, the Committee's evaluation and its decision. Written in a
//! country's `[[rounds]]` tables; checked here for what one round can say
//! (dates in order, one way of writing replies, a known decision).

use super::date::{Date, read_date};
use super::front::{Parsed, checked_url, text};
use crate::base::diagnostics::Diagnostic;
use serde::Deserialize;
use toml::Spanned;

/// A reply of the State to the Committee's follow-up request.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Its document symbol (`CCPR/C/KAZ/CO/1/Add.1`).
    pub document: String,
    pub received: Option<Date>,
    pub url: Option<String>,
}

/// Information an NGO or a national human rights institution sent the
/// Committee for the round.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub by: String,
    pub date: Option<Date>,
    pub url: Option<String>,
    pub title: Option<String>,
}

/// What the Committee decided after evaluating a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decision {
    /// Further information requested, by `next_due`.
    Continue,
    /// A meeting with the State's representatives requested.
    Meeting,
    /// The procedure ended; what remains goes to the next periodic report.
    Closed,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Continue, Decision::Meeting, Decision::Closed];

    /// The word written in `decision = "…"`, and in the open data.
    pub fn word(self) -> &'static str {
        match self {
            Decision::Continue => "continue",
            Decision::Meeting => "meeting",
            Decision::Closed => "closed",
        }
    }
}

/// The Committee's evaluation of a round.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    /// The day the Committee adopted it.
    pub date: Option<Date>,
    /// The Committee's session.
    pub session: Option<u32>,
    /// The document that publishes it (`CCPR/C/132/2/Add.1`).
    pub document: Option<String>,
    pub url: Option<String>,
}

impl Evaluation {
    pub fn is_empty(&self) -> bool {
        *self == Evaluation::default()
    }
}

/// One round's procedure, as its `[[rounds]]` table writes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Procedure {
    /// The reply's deadline for this round.
    pub due: Option<Date>,
    pub replies: Vec<Reply>,
    pub reminders: Vec<Date>,
    pub submissions: Vec<Submission>,
    pub evaluation: Evaluation,
    pub decision: Option<Decision>,
    /// With `continue` or `meeting`: the next reply's deadline.
    pub next_due: Option<Date>,
    /// One paragraph of Markdown, as HTML.
    pub decision_note_html: Option<String>,
    /// Whether the round writes any of the procedure's fields beyond the
    /// one `reply` that rounds had before: a dossier's procedure is shown
    /// only when it is written, so older sites build as they did.
    pub recorded: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReply {
    document: Spanned<String>,
    received: Option<Spanned<toml::value::Datetime>>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSubmission {
    by: Spanned<String>,
    date: Option<Spanned<toml::value::Datetime>>,
    url: Option<String>,
    title: Option<String>,
}

/// A `[[rounds]]` table, as written: its number, this site's assessment
/// date, and the procedure.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRound {
    pub(super) round: Spanned<i64>,
    pub(super) date: Option<Spanned<toml::value::Datetime>>,
    pub(super) due: Option<Spanned<toml::value::Datetime>>,
    pub(super) reply: Option<Spanned<String>>,
    pub(super) received: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pub(super) replies: Option<Spanned<Vec<RawReply>>>,
    #[serde(default)]
    pub(super) reminders: Vec<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pub(super) submissions: Vec<RawSubmission>,
    pub(super) evaluated: Option<Spanned<toml::value::Datetime>>,
    pub(super) session: Option<Spanned<i64>>,
    pub(super) evaluation: Option<String>,
    pub(super) evaluation_url: Option<String>,
    pub(super) decision: Option<Spanned<String>>,
    pub(super) next_due: Option<Spanned<toml::value::Datetime>>,
    pub(super) decision_note: Option<String>,
}

/// The round's dates as they are read, each with its field and where it
/// is written, to check against the adoption once all are read.
struct Dates<'a, 'f, T> {
    p: &'a Parsed<'f, T>,
    read: Vec<(&'static str, Date, usize)>,
}

impl<T> Dates<'_, '_, T> {
    /// Reads the date `field` (said when it is not a date) and keeps it.
    fn read(
        &mut self,
        field: &'static str,
        v: &Option<Spanned<toml::value::Datetime>>,
        d: &mut Vec<Diagnostic>,
    ) -> Option<Date> {
        let got = read_date(self.p, field, v, d);
        if let (Some(day), Some(v)) = (got, v) {
            self.read.push((field, day, v.span().start));
        }
        got
    }

    /// Says each date read that comes before `adopted`.
    fn not_before(self, adopted: Option<Date>, d: &mut Vec<Diagnostic>) {
        let Some(adopted) = adopted else { return };
        for (field, day, at) in self.read.into_iter().filter(|(_, day, _)| *day < adopted) {
            d.push(
                self.p
                    .error_at(at, format!("`{field}` ({}) is before the concluding observations were adopted ({})", day.iso(), adopted.iso()))
                    .help("the follow-up procedure starts with the adoption: correct this date, or `adopted`"),
            );
        }
    }
}

/// Reads one round's procedure. `adopted` is the day the concluding
/// observations were adopted: nothing of the procedure comes before it.
pub(super) fn check_procedure<T>(
    p: &Parsed<'_, T>,
    raw: &RawRound,
    adopted: Option<Date>,
    allow_html: bool,
    d: &mut Vec<Diagnostic>,
) -> Procedure {
    let mut dates = Dates {
        p,
        read: Vec::new(),
    };
    let due = dates.read("due", &raw.due, d);
    let received = dates.read("received", &raw.received, d);
    let replies = read_replies(raw, received, &mut dates, d);
    let reminders = raw
        .reminders
        .iter()
        .filter_map(|r| dates.read("reminders", &Some(r.clone()), d))
        .collect();
    let mut submissions = Vec::new();
    for s in &raw.submissions {
        let on = dates.read("date", &s.date, d);
        let Some(by) = text(&Some(s.by.get_ref().clone())) else {
            d.push(
                p.error_at(s.by.span().start, "a submission has an empty `by`")
                    .help("write who sent it, like by = \"Kazakhstan International Bureau for Human Rights\""),
            );
            continue;
        };
        submissions.push(Submission {
            by,
            date: on,
            url: checked_url(p, "the submission's url", &s.url, d),
            title: text(&s.title),
        });
    }
    let evaluated = dates.read("evaluated", &raw.evaluated, d);
    let session = raw
        .session
        .as_ref()
        .and_then(|s| match u32::try_from(*s.get_ref()) {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                d.push(
                    p.error_at(
                        s.span().start,
                        format!("session {} cannot be used", s.get_ref()),
                    )
                    .help("write the number of the Committee's session, like session = 132"),
                );
                None
            }
        });
    let decision = raw.decision.as_ref().and_then(|w| read_decision(p, w, d));
    let next_due = dates.read("next_due", &raw.next_due, d);
    if let Some(next) = &raw.next_due {
        match decision {
            Some(Decision::Continue | Decision::Meeting) => {}
            _ => d.push(
                p.error_at(next.span().start, "`next_due` is given without a decision to continue")
                    .help("a next deadline follows decision = \"continue\" (more information requested) or \"meeting\"; with \"closed\", or no decision, delete next_due"),
            ),
        }
        if let (Some(next_day), Some(evaluated)) = (next_due, evaluated)
            && next_day <= evaluated
        {
            d.push(
                p.error_at(next.span().start, format!("`next_due` ({}) is not after `evaluated` ({})", next_day.iso(), evaluated.iso()))
                    .help("the next reply is due after the evaluation that asks for it: correct one of the two dates"),
            );
        }
    }
    dates.not_before(adopted, d);
    let decision_note_html = text(&raw.decision_note)
        .map(|note| crate::input::markdown::render(&note, "decision", allow_html).html);
    let recorded = raw.due.is_some()
        || raw.received.is_some()
        || raw.replies.is_some()
        || !raw.reminders.is_empty()
        || !raw.submissions.is_empty()
        || raw.evaluated.is_some()
        || raw.session.is_some()
        || raw.evaluation.is_some()
        || raw.evaluation_url.is_some()
        || raw.decision.is_some()
        || raw.next_due.is_some()
        || raw.decision_note.is_some();
    Procedure {
        recorded,
        due,
        replies,
        reminders,
        submissions,
        evaluation: Evaluation {
            date: evaluated,
            session,
            document: text(&raw.evaluation),
            url: checked_url(p, "the evaluation_url", &raw.evaluation_url, d),
        },
        decision,
        next_due,
        decision_note_html,
    }
}

/// The replies of a round: one as `reply` with `received`, or several as
/// `replies`; both at once, or a `received` with no reply, is said.
fn read_replies<T>(
    raw: &RawRound,
    received: Option<Date>,
    dates: &mut Dates<'_, '_, T>,
    d: &mut Vec<Diagnostic>,
) -> Vec<Reply> {
    let p = dates.p;
    let mut replies = Vec::new();
    match (&raw.reply, &raw.replies) {
        (Some(reply), Some(list)) => {
            d.push(
                p.error_at(list.span().start, "`replies` is given together with `reply`")
                    .help(format!(
                        "write one reply as reply = {:?} with received = …, or several as replies = [{{ document = …, received = … }}, …], not both",
                        reply.get_ref().trim()
                    )),
            );
        }
        (Some(reply), None) => {
            if let Some(document) = text(&Some(reply.get_ref().clone())) {
                replies.push(Reply {
                    document,
                    received,
                    url: None,
                });
            }
        }
        (None, list) => {
            if let (Some(r), Some(_)) = (&raw.received, list) {
                d.push(
                    p.error_at(
                        r.span().start,
                        "`received` is given together with `replies`",
                    )
                    .help(
                        "give each reply its own date: replies = [{ document = …, received = … }]",
                    ),
                );
            } else if let (Some(r), None) = (&raw.received, list) {
                d.push(
                    p.error_at(r.span().start, "`received` is given without `reply`")
                        .help("name the reply it dates: reply = \"CCPR/C/…/Add.1\""),
                );
            }
            for r in list.iter().flat_map(|l| l.get_ref()) {
                let received = dates.read("received", &r.received, d);
                let Some(document) = text(&Some(r.document.get_ref().clone())) else {
                    d.push(
                        p.error_at(r.document.span().start, "a reply has an empty `document`")
                            .help("write the reply's document symbol, like document = \"CCPR/C/BGD/CO/1/Add.1\""),
                    );
                    continue;
                };
                replies.push(Reply {
                    document,
                    received,
                    url: checked_url(p, "the reply's url", &r.url, d),
                });
            }
        }
    }
    replies
}

/// A `decision` word, or none (said, with the word meant) when unknown.
fn read_decision<T>(
    p: &Parsed<'_, T>,
    word: &Spanned<String>,
    d: &mut Vec<Diagnostic>,
) -> Option<Decision> {
    let w = word.get_ref().trim();
    if let Some(known) = Decision::ALL.into_iter().find(|k| k.word() == w) {
        return Some(known);
    }
    let words = Decision::ALL.map(Decision::word);
    let help = match crate::base::diagnostics::closest(w, words) {
        Some(close) => format!(
            "did you mean \"{close}\"? The decisions are: {}",
            words.join(", ")
        ),
        None => format!(
            "write one of {}: continue (further information requested), meeting (a meeting with the State's representatives), closed (the procedure ended)",
            words.join(", ")
        ),
    };
    d.push(
        p.error_at(word.span().start, format!("unknown decision {w:?}"))
            .help(help),
    );
    None
}
