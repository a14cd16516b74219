//! What Word leaves in text that a dossier must not keep: field-code
//! debris around footnote addresses, invisible and non-breaking spaces,
//! soft hyphens, look-alike letters in grades (all named in
//! [`crate::base::characters`]). Quotes and dashes are the author's typography
//! and stay as typed.

/// A paragraph's text: invisible characters out, spaces of every kind
/// (non-breaking, thin, tabs) as ordinary ones, runs of spaces as one.
/// The marks that set the direction of right-to-left text stay.
pub fn text(s: &str) -> String {
    use crate::base::characters::{Kind, kind};
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match kind(c) {
            Some(Kind::Invisible) => {}
            Some(Kind::Space) => out.push(' '),
            _ if c == '\u{fffd}' => {}
            _ => out.push(c),
        }
    }
    let mut collapsed = String::with_capacity(out.len());
    let mut space = false;
    for c in out.chars() {
        if c == ' ' {
            if !space {
                collapsed.push(' ');
            }
            space = true;
        } else {
            collapsed.push(c);
            space = false;
        }
    }
    collapsed
}

/// Latin letters for the Cyrillic and Greek ones that look the same, as a
/// grade typed on a Russian or Greek keyboard has them: the grade, and
/// each letter replaced.
pub fn grade(s: &str) -> (String, Vec<(char, char)>) {
    let mut replaced = Vec::new();
    // "[B]", "(C)": the Committee's reports put grades in brackets.
    let latin: String = text(s)
        .trim()
        .trim_matches(['[', ']', '(', ')'])
        .trim()
        .chars()
        .map(|c| match crate::base::characters::latin_lookalike(c) {
            Some(l) => {
                replaced.push((c, l));
                l
            }
            None => c,
        })
        .collect();
    (latin, replaced)
}

/// The name of a look-alike letter's script, for the warning that it was
/// replaced.
pub fn letter_name(c: char) -> &'static str {
    crate::base::characters::script(c)
}

/// A footnote's text and the address it cites: Word's field codes
/// (`HYPERLINK "…"`) and the address's second copy removed, the address
/// taken out of the words (it is written after them, as `<address>`).
pub fn footnote(raw: &str) -> (String, Option<String>) {
    let mut s = text(raw);
    let mut url: Option<String> = None;
    // HYPERLINK "address" (the field's instruction), then the address again
    // as the field's result.
    while let Some(at) = s.find("HYPERLINK") {
        let rest = &s[at + "HYPERLINK".len()..];
        let target = rest
            .trim_start()
            .strip_prefix('"')
            .and_then(|r| r.split_once('"'))
            .map(|(t, after)| (t.to_string(), after.to_string()));
        match target {
            Some((t, after)) => {
                let after = after.trim_start();
                let after = after.strip_prefix(t.as_str()).unwrap_or(after);
                url.get_or_insert(t);
                s = format!("{}{}", &s[..at], after);
            }
            None => s = format!("{}{}", &s[..at], rest),
        }
    }
    // An address written out in the words.
    if url.is_none() {
        if let Some(at) = s.find("http://").or_else(|| s.find("https://")) {
            let end = s[at..]
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
                .map_or(s.len(), |e| at + e);
            let found = s[at..end].trim_end_matches(['.', ',', ';']).to_string();
            let before = s[..at].trim_end().trim_end_matches('(').trim_end();
            let after = s[end..].trim_start_matches(')').trim();
            s = format!("{before} {after}");
            url = Some(found);
        }
    } else if let Some(u) = &url {
        s = s.replace(u.as_str(), "");
    }
    // The parentheses an address stood in, now empty.
    let s = s.replace("( )", "").replace("()", "");
    let words = text(&s)
        .trim()
        .trim_end_matches([',', ';', ':'])
        .trim()
        .to_string();
    (words, url)
}

/// Word's list numbering typed into the text ("1)", "2.") at a paragraph's
/// start: the number and the rest.
pub fn list_number(s: &str) -> Option<(u32, &str)> {
    let t = s.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = &t[digits..];
    let rest = rest.strip_prefix(')').or_else(|| rest.strip_prefix('.'))?;
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some((t[..digits].parse().ok()?, rest.trim()))
}

/// Word's words as Markdown that shows them as they are: every character
/// Markdown could read as syntax (emphasis, code, links, footnote marks,
/// HTML, tables) is escaped, so that text typed in Word, such as
/// `[x](javascript:…)`, never becomes a link it was not in Word.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '^' | '<' | '>' | '&' | '~' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph's line with its start escaped where Markdown would read a
/// block there: a heading (`#`), a list item (`-`, `+`, `1.`, `1)`), a
/// rule or a heading's underline (`---`, `===`).
pub fn escape_start(line: &str) -> String {
    if line.starts_with(['#', '-', '+', '=']) {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    match line.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => {
            format!("{}\\{}", &line[..digits], &line[digits..])
        }
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnotes_lose_their_field_codes() {
        let (t, u) = footnote(
            " See the draft law \u{fffd} HYPERLINK \"http://www.pavlodar.com/zakon/?dok=00450&ogl=all\" \u{fffd}\u{fffd}http://www.pavlodar.com/zakon/?dok=00450&ogl=all\u{fffd} ",
        );
        assert_eq!(t, "See the draft law");
        assert_eq!(
            u.as_deref(),
            Some("http://www.pavlodar.com/zakon/?dok=00450&ogl=all")
        );
        let (t, u) = footnote(" “Amendments” (http://adilet.minjust.kz/rus/docs/P1200000400");
        assert_eq!(t, "“Amendments”");
        assert_eq!(
            u.as_deref(),
            Some("http://adilet.minjust.kz/rus/docs/P1200000400")
        );
        let (t, u) = footnote(" http://tengrinews.kz/a-224628/.");
        assert_eq!(
            (t.as_str(), u.as_deref()),
            ("", Some("http://tengrinews.kz/a-224628/"))
        );
    }

    #[test]
    fn look_alike_grades_become_latin() {
        assert_eq!(grade("В2"), ("B2".to_string(), vec![('В', 'B')]));
        assert_eq!(grade("С").0, "C");
        assert_eq!(grade("N/A").1, vec![]);
    }

    #[test]
    fn invisible_characters_go_and_list_numbers_are_read() {
        assert_eq!(text("a\u{200b}b\u{a0} c\u{ad}d"), "ab cd");
        assert_eq!(list_number("1) In April"), Some((1, "In April")));
        assert_eq!(list_number("2. Despite"), Some((2, "Despite")));
        assert_eq!(list_number("1. "), Some((1, "")));
        assert_eq!(list_number("2011’s"), None);
        assert_eq!(list_number("Art.129"), None);
    }
}
