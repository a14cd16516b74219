//! Dates in front matter: a country's `adopted` and `assessed`, written as
//! bare TOML dates (`2012-12-10`).

use super::front::Parsed;
use crate::base::diagnostics::Diagnostic;
use toml::Spanned;

/// A calendar date from front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Reads the date `field` of a file, if present; a value that is not a
/// plain date is reported and read as none.
pub(super) fn read_date<T>(
    p: &Parsed<'_, T>,
    field: &str,
    value: &Option<Spanned<toml::value::Datetime>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let v = value.as_ref()?;
    match v.get_ref().date {
        Some(d) => Some(Date {
            year: d.year,
            month: d.month,
            day: d.day,
        }),
        None => {
            diags.push(
                p.error_at(v.span().start, format!("`{field}` must be a date"))
                    .help(format!(
                        "write {field} = 2012-12-10 (year-month-day, no quotes)"
                    )),
            );
            None
        }
    }
}
