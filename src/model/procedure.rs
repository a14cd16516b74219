//! Where each dossier's follow-up procedure stands on the day of the build:
//! awaiting the State's reply, its reply overdue, awaiting the Committee's
//! evaluation, evaluated with a next deadline, or closed. Worked out once
//! from the rounds, for every page, data file and calendar that says it.

use crate::check::validate::{Country, Date, Decision};

/// The stages of a procedure, in the order `/follow-up/` lists them:
/// overdue first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// A reply's deadline has passed with no reply.
    Overdue,
    /// A reply is due and its deadline has not passed.
    AwaitingReply,
    /// The State replied; the Committee has not evaluated the reply yet.
    AwaitingEvaluation,
    /// The Committee evaluated the last reply and asked for more (with a
    /// deadline not yet passed), or said nothing more yet.
    Evaluated,
    /// The procedure ended.
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Overdue,
        Stage::AwaitingReply,
        Stage::AwaitingEvaluation,
        Stage::Evaluated,
        Stage::Closed,
    ];

    /// Its name in the open data and in the theme's classes.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Overdue => "reply-overdue",
            Stage::AwaitingReply => "awaiting-reply",
            Stage::AwaitingEvaluation => "awaiting-evaluation",
            Stage::Evaluated => "evaluated",
            Stage::Closed => "closed",
        }
    }
}

/// Where a dossier's procedure stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub stage: Stage,
    /// The round it is in: the one awaiting a reply (a round the dossier
    /// does not list yet, after a decision to continue), or the last.
    pub round: u32,
    /// The deadline that matters now: the reply's (awaiting, overdue) or
    /// the next one the Committee set (evaluated).
    pub due: Option<Date>,
    /// Days until `due` (awaiting) or since it (overdue).
    pub days: Option<i64>,
    /// Reminders sent in the round awaiting a reply.
    pub reminders: usize,
}

/// Whether `country` records its follow-up procedure: a deadline for the
/// first reply, or a round that writes the procedure's fields.
pub fn recorded(country: &Country) -> bool {
    country.reply_due.is_some() || country.rounds.iter().any(|r| r.procedure.recorded)
}

/// Where the procedure of `country` stands on `today`; `None` when it does
/// not record its procedure, or its rounds say nothing that places it.
pub fn standing(country: &Country, today: Date) -> Option<Standing> {
    if !recorded(country) {
        return None;
    }
    let last = country.rounds.last()?;
    let p = &last.procedure;
    let until = |due: Date| due.days() - today.days();
    let waiting = |round: u32, due: Option<Date>, reminders: usize| {
        let days = due.map(until);
        let stage = match days {
            Some(d) if d < 0 => Stage::Overdue,
            _ => Stage::AwaitingReply,
        };
        Standing {
            stage,
            round,
            due,
            days: days.map(i64::abs),
            reminders,
        }
    };
    let evaluated = !p.evaluation.is_empty() || p.decision.is_some();
    Some(match p.decision {
        Some(Decision::Closed) => Standing {
            stage: Stage::Closed,
            round: last.number,
            due: None,
            days: None,
            reminders: 0,
        },
        // More information asked for: the next round waits for a reply.
        Some(Decision::Continue | Decision::Meeting)
            if p.next_due.is_some_and(|d| until(d) < 0) =>
        {
            waiting(last.number + 1, p.next_due, 0)
        }
        _ if evaluated => Standing {
            stage: Stage::Evaluated,
            round: last.number,
            due: p.next_due,
            days: p.next_due.map(until),
            reminders: 0,
        },
        _ if !p.replies.is_empty() => Standing {
            stage: Stage::AwaitingEvaluation,
            round: last.number,
            due: p.due,
            days: None,
            reminders: p.reminders.len(),
        },
        _ if p.due.is_some() || !p.reminders.is_empty() => {
            waiting(last.number, p.due, p.reminders.len())
        }
        _ => return None,
    })
}
