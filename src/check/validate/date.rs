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

    /// Days since 1970-01-01 (negative before it), in the proleptic
    /// Gregorian calendar: what "N days overdue" counts with.
    pub fn days(&self) -> i64 {
        // The civil-from-days inverse (H. Hinnant's algorithm), with years
        // counted from March so the leap day comes last.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year).unwrap_or(0),
            month: month as u8,
            day: day as u8,
        }
    }

    /// The day a build speaks for, in UTC: `SOURCE_DATE_EPOCH` (seconds
    /// since 1970, the reproducible-builds convention) when set, so two
    /// builds of the same sources say the same; else the clock's today.
    pub fn today() -> Date {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        Date::from_days(seconds.div_euclid(86_400))
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

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn days_count_across_leap_years_and_back() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(d(1970, 1, 1).days(), 0);
        assert_eq!(d(2000, 3, 1).days() - d(2000, 2, 28).days(), 2);
        assert_eq!(d(2100, 3, 1).days() - d(2100, 2, 28).days(), 1);
        assert_eq!(d(2012, 7, 27).days() - d(2011, 7, 26).days(), 367);
        for day in [-1, 0, 11_000, 15_548, 20_000, 60_000] {
            assert_eq!(Date::from_days(day).days(), day);
        }
        assert_eq!(Date::from_days(d(2026, 12, 6).days()), d(2026, 12, 6));
    }
}
