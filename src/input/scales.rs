//! Grade scales and who grades: the shared levels that let grades of
//! different scales be compared, the Human Rights Committee's own scales
//! (built in, in its wording), a site's further scales, and the assessors
//! whose grades dossiers record besides the site's own.

/// What a grade means whatever its scale: the common ground on which a
/// site's grade and the Committee's for the same round are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Satisfactory,
    Partial,
    NotSatisfactory,
    NoCooperation,
    Contrary,
    NoInformation,
}

impl Level {
    pub const ALL: [Level; 6] = [
        Level::Satisfactory,
        Level::Partial,
        Level::NotSatisfactory,
        Level::NoCooperation,
        Level::Contrary,
        Level::NoInformation,
    ];

    /// The name written in `followup.toml` and in the open data.
    pub fn name(self) -> &'static str {
        match self {
            Level::Satisfactory => "satisfactory",
            Level::Partial => "partial",
            Level::NotSatisfactory => "not-satisfactory",
            Level::NoCooperation => "no-cooperation",
            Level::Contrary => "contrary",
            Level::NoInformation => "no-information",
        }
    }

    pub fn parse(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == name.trim())
    }

    /// Every level's name, for messages.
    pub fn names() -> String {
        Level::ALL.map(Level::name).join(", ")
    }
}

/// Another assessor whose grades dossiers record (`[assessors.<key>]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessor {
    /// The key recommendations name it by (`by = "committee"`).
    pub key: String,
    pub name: String,
    /// The key of its scale: built in or under `[scales]`; with `scales`
    /// by period, the latest period's.
    pub scale: String,
    /// The scales it graded with, one period after another (one open-ended
    /// period for `scale`).
    pub periods: Vec<Period>,
}

/// A period in which an assessor graded with one scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub scale: String,
    /// Its last day (inclusive), as `YYYY-MM-DD`; `None`: still in force.
    pub until: Option<String>,
    /// Where its grades begin in the assessor's grade list, which puts
    /// every period's scale one after the other.
    pub offset: usize,
}

impl Assessor {
    /// The period in force on `date` (`YYYY-MM-DD`): `None` after the end
    /// of the last, when it has one.
    pub fn period_at(&self, date: &str) -> Option<usize> {
        self.periods
            .iter()
            .position(|p| p.until.as_deref().is_none_or(|until| date <= until))
    }

    /// The period whose scale grade `position` of the grade list is in.
    pub fn period_of(&self, position: usize) -> usize {
        self.periods
            .iter()
            .rposition(|p| p.offset <= position)
            .unwrap_or(0)
    }

    /// Whether it graded on more than one scale, or on one that ended:
    /// then each grade is read on the scale in force at its date.
    pub fn by_period(&self) -> bool {
        self.periods.len() > 1 || self.periods.iter().any(|p| p.until.is_some())
    }
}

/// The scales followup knows by name.
pub const BUILTIN: [&str; 2] = ["hrc-2013", "hrc-2016"];

/// One grade of a built-in scale: code, label, description, level.
type Row = (&'static str, &'static str, &'static str, Level);

/// A grade of a built-in scale.
pub struct BuiltinGrade {
    pub code: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub level: Level,
}

/// The Committee's scale from 2013 to 2016, as its follow-up reports print
/// it (for example CCPR/C/107/2): letters with sub-grades.
#[rustfmt::skip]
const HRC_2013: &[Row] = &[
    ("A", "Response largely satisfactory", "", Level::Satisfactory),
    ("B1", "Substantive action taken, but additional information required", "", Level::Partial),
    ("B2", "Initial action taken, but additional information and measures required", "", Level::Partial),
    ("C1", "Response received but actions taken do not implement the recommendation", "", Level::NotSatisfactory),
    ("C2", "Response received but not relevant to the recommendations", "", Level::NotSatisfactory),
    ("D1", "No response received within the deadline, or no reply to a specific question in the report", "", Level::NoCooperation),
    ("D2", "No response received after reminder(s)", "", Level::NoCooperation),
    ("E", "The response indicates that the measures taken are contrary to the Committee's recommendations", "", Level::Contrary),
];

/// The Committee's scale adopted at its 118th session (2016), with the
/// descriptions of its follow-up report CCPR/C/128/3 (2020).
#[rustfmt::skip]
const HRC_2016: &[Row] = &[
    ("A", "Reply/action largely satisfactory", "The State party has provided evidence of significant action taken towards the implementation of the recommendation made by the Committee.", Level::Satisfactory),
    ("B", "Reply/action partially satisfactory", "The State party has taken steps towards the implementation of the recommendation, but additional information or action remains necessary.", Level::Partial),
    ("C", "Reply/action not satisfactory", "A response has been received, but action taken or information provided by the State party is not relevant or does not implement the recommendation.", Level::NotSatisfactory),
    ("D", "No cooperation with the Committee", "No follow-up report has been received after the reminder(s).", Level::NoCooperation),
    ("E", "Information or measures taken are contrary to or reflect rejection of the recommendation", "", Level::Contrary),
];

/// The built-in scale named `key`, in scale order.
pub fn builtin(key: &str) -> Option<Vec<BuiltinGrade>> {
    let rows = match key {
        "hrc-2013" => HRC_2013,
        "hrc-2016" => HRC_2016,
        _ => return None,
    };
    Some(
        rows.iter()
            .map(|&(code, label, description, level)| BuiltinGrade {
                code,
                label,
                description,
                level,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committees_scales_are_built_in_with_their_levels() {
        let hrc_2013 = builtin("hrc-2013").unwrap();
        let codes: Vec<&str> = hrc_2013.iter().map(|g| g.code).collect();
        assert_eq!(codes, ["A", "B1", "B2", "C1", "C2", "D1", "D2", "E"]);
        assert_eq!(hrc_2013[4].level, Level::NotSatisfactory);
        let hrc_2016 = builtin("hrc-2016").unwrap();
        assert_eq!(hrc_2016.len(), 5);
        assert_eq!(hrc_2016[3].label, "No cooperation with the Committee");
        assert!(builtin("hrc-2099").is_none());
        for key in BUILTIN {
            assert!(builtin(key).is_some(), "{key}");
        }
    }

    #[test]
    fn levels_read_back_their_names() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.name()), Some(l));
        }
        assert_eq!(Level::parse("partly"), None);
    }
}
