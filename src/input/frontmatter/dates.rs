//! Dates as authors write them before they know TOML's: `26.03.2020`,
//! `"2020-03-26"` in quotes, `26 March 2020`. When the TOML reader fails
//! on the value of a date field, the message says how to write it, with
//! the date meant where the value can be read one way only.

use crate::base::diagnostics::Diagnostic;

/// The front matter fields that take a date: a country's `adopted` and
/// `assessed`, a round's and an assessment's `date`.
const DATE_FIELDS: &[&str] = &["adopted", "assessed", "date"];

/// What a date written some other way means.
#[derive(Debug, PartialEq, Eq)]
enum Meant {
    /// Year, month, day.
    Date(u32, u32, u32),
    /// Day and month could be either way round (`05/03/2020`): the first
    /// read day first.
    Either((u32, u32, u32), (u32, u32, u32)),
    Unknown,
}

/// For a problem at offset `at` of TOML `source`, on the line of a date
/// field: the message, placed with `place` at the value's start.
pub(super) fn explain(
    path: &str,
    source: &str,
    at: usize,
    place: impl Fn(Diagnostic, usize) -> Diagnostic,
) -> Option<Diagnostic> {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line = &source[start..end];
    let eq = line.find('=')?;
    let (key, value) = (line[..eq].trim(), &line[eq + 1..]);
    if !DATE_FIELDS.contains(&key) {
        return None;
    }
    let value_at = start + eq + 1 + (value.len() - value.trim_start().len());
    let written = value.split('#').next().unwrap_or_default().trim();
    let help = match meant(written) {
        Meant::Date(y, m, d) => format!("write the date as {y:04}-{m:02}-{d:02}, without quotes"),
        Meant::Either((_, m, d), (_, m2, d2)) => format!(
            "{written} could be {d} {} or {d2} {}: write the date as year-month-day, without quotes, like 2020-03-26",
            MONTHS[m as usize - 1],
            MONTHS[m2 as usize - 1],
        ),
        Meant::Unknown => {
            "write the date as year-month-day, without quotes, like 2020-03-26".to_string()
        }
    };
    let message = format!("`{key}` is not a date followup can read");
    Some(place(Diagnostic::error(path, message), value_at).help(help))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The date `written` means, read as dates are written by hand: in
/// quotes or not, year first, day first with dots (`26.03.2020`), either
/// way round with slashes or dashes when one of them is over 12, or with
/// the month's English name.
fn meant(written: &str) -> Meant {
    let quotes: &[char] = &['"', '\'', '“', '”', '„', '«', '»'];
    let s = written.trim_matches(quotes).trim();
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || ",./-".contains(c))
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() != 3 {
        return Meant::Unknown;
    }
    let number = |t: &str| t.parse::<u32>().ok().filter(|_| t.len() <= 4);
    let numbers: Vec<Option<u32>> = tokens.iter().map(|t| number(t)).collect();
    let valid = |y: u32, m: u32, d: u32| {
        (1..=12).contains(&m) && d >= 1 && d <= days_in(y, m) && (1000..=9999).contains(&y)
    };
    let date = |y, m, d| {
        if valid(y, m, d) {
            Meant::Date(y, m, d)
        } else {
            Meant::Unknown
        }
    };
    match numbers.as_slice() {
        [Some(y), Some(m), Some(d)] if tokens[0].len() == 4 => date(*y, *m, *d),
        [Some(a), Some(b), Some(y)] if tokens[2].len() == 4 => {
            let (a, b, y) = (*a, *b, *y);
            // Dots are written day first (26.03.2020); slashes and dashes
            // either way round, told apart only by a number over 12.
            if s.contains('.') || (a > 12 && b <= 12) || a == b {
                date(y, b, a)
            } else if b > 12 && a <= 12 {
                date(y, a, b)
            } else if valid(y, b, a) && valid(y, a, b) {
                Meant::Either((y, b, a), (y, a, b))
            } else {
                Meant::Unknown
            }
        }
        _ => named_month(&tokens),
    }
}

/// `26 March 2020`, `March 26, 2020`, `26th Mar 2020`.
fn named_month(tokens: &[&str]) -> Meant {
    let (mut year, mut month, mut day) = (None, None, None);
    for t in tokens {
        let lower = t.to_lowercase();
        let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &lower[digits.len()..];
        if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
            year = t.parse().ok();
        } else if !digits.is_empty()
            && digits.len() <= 2
            && digits.chars().all(|c| c.is_ascii_digit())
            && ["", "st", "nd", "rd", "th"].contains(&suffix)
        {
            day = digits.parse().ok();
        } else if lower.len() >= 3 {
            month = MONTHS
                .iter()
                .position(|m| m.to_lowercase().starts_with(&lower))
                .map(|i| i as u32 + 1);
        }
    }
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) if d >= 1 && d <= days_in(y, m) => Meant::Date(y, m, d),
        _ => Meant::Unknown,
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_written_by_hand_are_read_when_they_can_be_one_way_only() {
        for written in [
            "26.03.2020",
            "\"26.03.2020\"",
            "\"2020-03-26\"",
            "“2020-03-26”",
            "26/03/2020",
            "03/26/2020",
            "26 March 2020",
            "March 26, 2020",
            "26th Mar. 2020",
            "2020/3/26",
        ] {
            assert_eq!(meant(written), Meant::Date(2020, 3, 26), "{written}");
        }
        assert_eq!(meant("05.03.2020"), Meant::Date(2020, 3, 5));
        assert_eq!(
            meant("05/03/2020"),
            Meant::Either((2020, 3, 5), (2020, 5, 3))
        );
        for unread in [
            "soon",
            "31.02.2020",
            "26.03.20",
            "2020",
            "13/13/2020",
            "1 Smarch 2020",
        ] {
            assert_eq!(meant(unread), Meant::Unknown, "{unread}");
        }
        assert_eq!(meant("29.02.2024"), Meant::Date(2024, 2, 29));
    }
}
