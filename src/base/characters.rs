//! The characters that text pasted from Word brings along, named for
//! authors: spaces that are not ordinary spaces, characters that take no
//! room at all, typographic quotation marks, and letters of other scripts
//! that look like Latin ones. The messages name them from here, snippets
//! draw them from here and `followup check --fix` replaces them from here:
//! this is the one table of them (`followup import` cleans with it too).

/// What a character does where front matter expects plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Looks like a space, but TOML and grades take only ordinary ones.
    Space,
    /// Takes no room: nothing shows where it is.
    Invisible,
    /// Takes no room, and sets the direction of right-to-left text: kept in
    /// text, removed from names and grades.
    Direction,
    /// A typographic quotation mark, with the straight one it stands for.
    Quote(char),
}

struct Entry {
    c: char,
    name: &'static str,
    kind: Kind,
}

const fn entry(c: char, name: &'static str, kind: Kind) -> Entry {
    Entry { c, name, kind }
}

/// Every character named here, with its name in words.
const TABLE: &[Entry] = &[
    entry('\t', "tab", Kind::Space),
    entry('\u{a0}', "non-breaking space", Kind::Space),
    entry('\u{202f}', "narrow non-breaking space", Kind::Space),
    entry('\u{2007}', "figure space", Kind::Space),
    entry('\u{2009}', "thin space", Kind::Space),
    entry('\u{2002}', "en space", Kind::Space),
    entry('\u{2003}', "em space", Kind::Space),
    entry('\u{3000}', "ideographic space", Kind::Space),
    entry('\u{200b}', "zero-width space", Kind::Invisible),
    entry('\u{200c}', "zero-width non-joiner", Kind::Invisible),
    entry('\u{200d}', "zero-width joiner", Kind::Invisible),
    entry('\u{2060}', "word joiner", Kind::Invisible),
    entry('\u{feff}', "zero-width no-break space", Kind::Invisible),
    entry('\u{ad}', "soft hyphen", Kind::Invisible),
    entry('\u{200e}', "left-to-right mark", Kind::Direction),
    entry('\u{200f}', "right-to-left mark", Kind::Direction),
    entry('\u{61c}', "Arabic letter mark", Kind::Direction),
    entry('\u{201c}', "curly quotation mark", Kind::Quote('"')),
    entry('\u{201d}', "curly quotation mark", Kind::Quote('"')),
    entry('\u{201e}', "low curly quotation mark", Kind::Quote('"')),
    entry('\u{2018}', "curly single quotation mark", Kind::Quote('\'')),
    entry('\u{2019}', "curly single quotation mark", Kind::Quote('\'')),
    entry(
        '\u{201a}',
        "low curly single quotation mark",
        Kind::Quote('\''),
    ),
    entry('\u{ab}', "angle quotation mark", Kind::Quote('"')),
    entry('\u{bb}', "angle quotation mark", Kind::Quote('"')),
    entry('\u{ff02}', "full-width quotation mark", Kind::Quote('"')),
];

fn find(c: char) -> Option<&'static Entry> {
    TABLE.iter().find(|e| e.c == c)
}

/// What `c` is, if it is one of the characters named here.
pub fn kind(c: char) -> Option<Kind> {
    find(c).map(|e| e.kind)
}

/// Whether `c` is a space that is not an ordinary one, or takes no room:
/// what may not stand in a name, a grade or around `=`.
pub fn is_unusual_space(c: char) -> bool {
    matches!(
        kind(c),
        Some(Kind::Space | Kind::Invisible | Kind::Direction)
    )
}

/// The straight quotation mark a typographic one stands for; `"` and `'`
/// for themselves.
pub fn straight_quote(c: char) -> Option<char> {
    match (c, kind(c)) {
        ('"' | '\'', _) => Some(c),
        (_, Some(Kind::Quote(q))) => Some(q),
        _ => None,
    }
}

/// `c` in words, with its code point: "a non-breaking space (U+00A0)",
/// "a tab", "the curly quotation mark “ (U+201C)". `None` for characters
/// not named here.
pub fn describe(c: char) -> Option<String> {
    let e = find(c)?;
    Some(match e.kind {
        _ if c == '\t' => "a tab".to_string(),
        Kind::Quote(_) => format!("the {} {c} ({})", e.name, code_point(c)),
        _ => {
            let article = if e.name.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {} ({})", e.name, code_point(c))
        }
    })
}

/// `c`'s short name, for showing it in a line of text: "non-breaking space".
pub fn name(c: char) -> Option<&'static str> {
    find(c).map(|e| e.name)
}

/// "U+00A0"
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The characters of `chars` named here, each once, in order: "a
/// non-breaking space (U+00A0) and a tab".
pub fn names_phrase(chars: impl IntoIterator<Item = char>) -> String {
    and_list(&distinct(chars).filter_map(describe).collect::<Vec<_>>())
}

/// The same, said to be invisible: "an invisible character, a zero-width
/// space (U+200B)" or "invisible characters: a non-breaking space (U+00A0)
/// and a tab".
pub fn invisible_phrase(chars: impl IntoIterator<Item = char>) -> String {
    let chars: Vec<char> = distinct(chars).filter(|c| find(*c).is_some()).collect();
    match chars.len() {
        1 => format!("an invisible character, {}", names_phrase(chars)),
        _ => format!("invisible characters: {}", names_phrase(chars)),
    }
}

/// Typographic quotation marks in words: "the curly quotation mark “
/// (U+201C), which Word types", or two of them: "the curly quotation marks
/// “ (U+201C) and ” (U+201D), which Word types".
pub fn quotes_phrase(quotes: impl IntoIterator<Item = char>) -> String {
    let quotes: Vec<char> = distinct(quotes).filter(|c| find(*c).is_some()).collect();
    let same_name = quotes.windows(2).all(|w| name(w[0]) == name(w[1]));
    let named = match quotes.as_slice() {
        [one] => describe(*one).unwrap_or_default(),
        [first, ..] if same_name => {
            let each: Vec<String> = quotes
                .iter()
                .map(|c| format!("{c} ({})", code_point(*c)))
                .collect();
            format!("the {}s {}", name(*first).unwrap_or(""), and_list(&each))
        }
        _ => and_list(
            &quotes
                .iter()
                .filter_map(|c| describe(*c))
                .collect::<Vec<_>>(),
        ),
    };
    format!("{named}, which Word types")
}

fn distinct(chars: impl IntoIterator<Item = char>) -> impl Iterator<Item = char> {
    let mut seen = Vec::new();
    chars.into_iter().filter(move |c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    })
}

/// "a", "a and b", "a, b and c"
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `s` with every unusual space written out by name, for printing a line
/// whose difference would not show: `grade⟨non-breaking space⟩= "D1"`.
pub fn spelled_out(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match name(c) {
            Some(n) if is_unusual_space(c) => {
                out.push('⟨');
                out.push_str(n);
                out.push('⟩');
            }
            _ => out.push(c),
        }
    }
    out
}

/// How a snippet draws `c`, one column for one character: a character
/// that takes no room is drawn as `·`, so that it shows and the caret
/// under the line stays in place; a tab as a space.
pub fn drawn(c: char) -> char {
    match kind(c) {
        Some(Kind::Invisible | Kind::Direction) => '·',
        _ if c == '\t' => ' ',
        _ => c,
    }
}

/// The Latin letter that a Cyrillic or Greek one looks exactly like.
pub fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' | 'Ϲ' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'а' => 'a',
        'с' => 'c',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'х' => 'x',
        _ => return None,
    })
}

/// The script of a look-alike letter: "Greek" or "Cyrillic".
pub fn script(c: char) -> &'static str {
    if ('\u{370}'..='\u{3ff}').contains(&c) {
        "Greek"
    } else {
        "Cyrillic"
    }
}

/// A look-alike letter in words: "the Cyrillic letter 'В' (U+0412)".
pub fn describe_letter(c: char) -> String {
    format!("the {} letter '{c}' ({})", script(c), code_point(c))
}

/// A grade as it was meant: look-alike letters made Latin, unusual spaces
/// removed (or, `spaced`, those that look like spaces made ordinary ones).
pub fn clean_grade(code: &str, spaced: bool) -> String {
    code.chars()
        .filter_map(|c| match kind(c) {
            Some(Kind::Space) if spaced => Some(' '),
            Some(Kind::Space | Kind::Invisible | Kind::Direction) => None,
            _ => Some(latin_lookalike(c).unwrap_or(c)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_named_in_words_with_their_code_point() {
        assert_eq!(describe('\u{a0}').unwrap(), "a non-breaking space (U+00A0)");
        assert_eq!(describe('\u{200b}').unwrap(), "a zero-width space (U+200B)");
        assert_eq!(describe('\u{ad}').unwrap(), "a soft hyphen (U+00AD)");
        assert_eq!(describe('\u{2002}').unwrap(), "an en space (U+2002)");
        assert_eq!(describe('\t').unwrap(), "a tab");
        assert_eq!(describe('x'), None);
        assert_eq!(
            quotes_phrase(['“']),
            "the curly quotation mark “ (U+201C), which Word types"
        );
        assert_eq!(
            quotes_phrase(['“', '”']),
            "the curly quotation marks “ (U+201C) and ” (U+201D), which Word types"
        );
        assert_eq!(
            invisible_phrase(['\u{a0}', '\u{a0}', '\u{200b}']),
            "invisible characters: a non-breaking space (U+00A0) and a zero-width space (U+200B)"
        );
    }

    #[test]
    fn grades_are_cleaned_and_lines_spelled_out() {
        assert_eq!(clean_grade("В\u{200b}2\u{a0}", false), "B2");
        assert_eq!(clean_grade("No\u{a0}info", true), "No info");
        assert_eq!(
            spelled_out("grade\u{a0}= \"D\u{200b}1\""),
            "grade⟨non-breaking space⟩= \"D⟨zero-width space⟩1\""
        );
        assert_eq!(drawn('\u{200b}'), '·');
        assert_eq!(straight_quote('”'), Some('"'));
        assert_eq!(straight_quote('’'), Some('\''));
    }
}
