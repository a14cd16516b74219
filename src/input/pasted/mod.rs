//! What text pasted from Word does to TOML (front matter and
//! `followup.toml`), looked for when the TOML cannot be read, so that the
//! message names what the author sees instead of what the TOML reader
//! stumbled on: curly quotation marks around a value, straight ones inside
//! a one-line text, and invisible characters in a name or where only
//! ordinary spaces may go (around `=`, at either end of a line, in a list).
//! Each finding says, when there is exactly one, how to fix it; the text
//! between the quotes is the author's, and is never changed.

use crate::base::characters::{self, Kind};
use crate::base::diagnostics::Edit;

/// A problem found in TOML source, at byte offsets of that source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What the message points at.
    pub at: usize,
    /// The other characters it is about.
    pub marks: Vec<usize>,
    pub message: String,
    pub help: String,
    /// The fix, when there is exactly one; else empty.
    pub edits: Vec<Edit>,
}

/// What follows "; " in the help of a problem `check --fix` can fix.
pub const FIX_HELP: &str = "`followup check --fix` does this for you";

/// A character of a line, at its byte offset in the source.
type At = (usize, char);

/// A character TOML does not take as a space, where it takes only spaces.
fn odd(c: char) -> bool {
    c != '\t' && characters::is_unusual_space(c)
}

fn blank(c: char) -> bool {
    c == ' ' || c == '\t' || odd(c)
}

/// The problems of `src`, in order.
pub fn scan(src: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut pos = 0;
    // Inside a list that goes on over lines: its depth and key.
    let mut list: Option<(usize, String)> = None;
    while pos < src.len() {
        let end = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
        let line: Vec<At> = src[pos..end]
            .char_indices()
            .map(|(i, c)| (pos + i, c))
            .collect();
        let mut next = end + 1;
        if let Some((depth, key)) = list.take() {
            if let Some(after) = scan_list(&line, 0, depth, &key, &mut out, &mut list) {
                trailing(&line, after, &mut out);
            }
        } else if let Some(jump) = scan_line(src, &line, &mut out, &mut list) {
            next = jump;
        }
        pos = next;
    }
    out
}

/// Looks at one line that starts a statement; returns where to go on
/// when a text in three quotes took further lines.
fn scan_line(
    src: &str,
    line: &[At],
    out: &mut Vec<Finding>,
    list: &mut Option<(usize, String)>,
) -> Option<usize> {
    let n = line.len();
    let mut k = 0;
    while k < n && blank(line[k].1) {
        k += 1;
    }
    let lead: Vec<At> = line[..k].iter().copied().filter(|a| odd(a.1)).collect();
    if k == n || line[k].1 == '#' {
        spaces(&lead, "on a line with nothing else on it", true, out);
        return None;
    }
    if line[k].1 == '[' {
        let header: String = line[k..].iter().map(|a| a.1).collect();
        let header = header
            .split('#')
            .next()
            .unwrap_or("")
            .trim_end_matches(blank);
        spaces(&lead, &format!("before `{header}`"), false, out);
        let close = line.iter().rposition(|a| a.1 == ']').map_or(n, |i| i + 1);
        trailing(line, close, out);
        return None;
    }
    let eq = find_equals(line, k)?;
    let mut key_end = eq;
    while key_end > k && blank(line[key_end - 1].1) {
        key_end -= 1;
    }
    let core = &line[k..key_end];
    let key: String = core
        .iter()
        .map(|a| a.1)
        .filter(|c| !characters::is_unusual_space(*c))
        .collect();
    if key.is_empty() {
        return None;
    }
    spaces(&lead, &format!("before `{key}`"), false, out);
    let quoted = core.iter().any(|a| a.1 == '"' || a.1 == '\'');
    let inside: Vec<At> = core
        .iter()
        .copied()
        .filter(|a| characters::is_unusual_space(a.1))
        .collect();
    if !quoted && !inside.is_empty() {
        out.push(Finding {
            at: inside[0].0,
            marks: inside[1..].iter().map(|a| a.0).collect(),
            message: format!(
                "the name `{key}` contains {}",
                characters::invisible_phrase(inside.iter().map(|a| a.1))
            ),
            help: format!("retype it as `{key}`; {FIX_HELP}"),
            edits: inside.iter().map(|a| remove(*a)).collect(),
        });
    }
    let before: Vec<At> = line[key_end..eq]
        .iter()
        .copied()
        .filter(|a| odd(a.1))
        .collect();
    spaces(&before, &format!("between `{key}` and `=`"), false, out);
    let mut v = eq + 1;
    while v < n && blank(line[v].1) {
        v += 1;
    }
    let after: Vec<At> = line[eq + 1..v]
        .iter()
        .copied()
        .filter(|a| odd(a.1))
        .collect();
    spaces(&after, &format!("after `{key} =`"), false, out);
    if v == n {
        return None;
    }
    let c = line[v].1;
    if let Some(q) = characters::straight_quote(c) {
        return text_value(src, line, v, q, &key, out);
    }
    match c {
        '[' => {
            if let Some(end) = scan_list(line, v, 0, &key, out, list) {
                trailing(line, end, out);
            }
        }
        '{' => {}
        _ => {
            let end = (v..n).find(|&i| blank(line[i].1) || line[i].1 == '#');
            trailing(line, end.unwrap_or(n), out);
        }
    }
    None
}

/// The `=` of `key = value`, outside the quotes of a quoted key.
fn find_equals(line: &[At], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &(_, c)) in line.iter().enumerate().skip(from) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '=') => return Some(i),
            (None, '#') => return None,
            _ => {}
        }
    }
    None
}

/// Unusual spaces where only ordinary ones may go: one finding for them.
fn spaces(found: &[At], place: &str, line_end: bool, out: &mut Vec<Finding>) {
    let Some(first) = found.first() else {
        return;
    };
    let kinds: Vec<Option<Kind>> = found.iter().map(|a| characters::kind(a.1)).collect();
    let all_spaces = kinds.iter().all(|k| *k == Some(Kind::Space));
    let none_spaces = kinds.iter().all(|k| *k != Some(Kind::Space));
    let one = found.len() == 1;
    let what = match (all_spaces && !line_end, none_spaces || line_end, one) {
        (true, _, true) => "replace it with an ordinary space",
        (true, _, false) => "replace them with ordinary spaces",
        (_, true, true) => "delete it",
        (_, true, false) => "delete them",
        _ => "delete them, and type ordinary spaces where spaces belong",
    };
    out.push(Finding {
        at: first.0,
        marks: found[1..].iter().map(|a| a.0).collect(),
        message: format!(
            "{} {place}: only ordinary spaces can go there",
            characters::names_phrase(found.iter().map(|a| a.1))
        ),
        help: format!("{what}; {FIX_HELP}"),
        edits: found
            .iter()
            .map(|&a| match characters::kind(a.1) {
                Some(Kind::Space) if !line_end => Edit {
                    start: a.0,
                    end: a.0 + a.1.len_utf8(),
                    replacement: " ".into(),
                },
                _ => remove(a),
            })
            .collect(),
    });
}

fn remove((at, c): At) -> Edit {
    Edit {
        start: at,
        end: at + c.len_utf8(),
        replacement: String::new(),
    }
}

fn straighten((at, c): At, q: char) -> Edit {
    Edit {
        start: at,
        end: at + c.len_utf8(),
        replacement: q.to_string(),
    }
}

/// Unusual spaces after a value (before a comment, if any).
fn trailing(line: &[At], from: usize, out: &mut Vec<Finding>) {
    let found: Vec<At> = line
        .iter()
        .skip(from)
        .take_while(|a| a.1 != '#')
        .copied()
        .filter(|a| odd(a.1))
        .collect();
    spaces(&found, "at the end of the line", true, out);
}

/// A list's characters from `from` on, at `depth` (0 before its `[`):
/// unusual spaces between its items are found, its texts skipped. The
/// index after its `]`, or `None` with `list` set when it goes on.
fn scan_list(
    line: &[At],
    from: usize,
    mut depth: usize,
    key: &str,
    out: &mut Vec<Finding>,
    list: &mut Option<(usize, String)>,
) -> Option<usize> {
    let mut found = Vec::new();
    let mut i = from;
    let mut end = None;
    while i < line.len() {
        match line[i].1 {
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    end = Some(i + 1);
                    break;
                }
            }
            q @ ('"' | '\'') => {
                i += 1;
                while i < line.len() && line[i].1 != q {
                    i += if q == '"' && line[i].1 == '\\' { 2 } else { 1 };
                }
            }
            '#' => break,
            c if odd(c) => found.push(line[i]),
            _ => {}
        }
        i += 1;
    }
    spaces(&found, &format!("in the list of `{key}`"), false, out);
    if end.is_none() {
        *list = Some((depth, key.to_string()));
    }
    end
}

/// A text value: quotation marks at `v`, straight form `q`.
fn text_value(
    src: &str,
    line: &[At],
    v: usize,
    q: char,
    key: &str,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let n = line.len();
    let is_q = |i: usize| i < n && characters::straight_quote(line[i].1) == Some(q);
    let run = (v..n.min(v + 3)).take_while(|&i| is_q(i)).count();
    let curly = |a: &At| a.1 != q;
    match run {
        3 => return three_quotes(src, line, v, q, key, out),
        2 => {
            let ends = [line[v], line[v + 1]];
            if ends.iter().any(curly) {
                let edits = ends.iter().filter(|a| curly(a)).map(|a| straighten(*a, q));
                let quotes = Quotes {
                    ends: &ends,
                    opens: curly(&ends[0]),
                    closes: curly(&ends[1]),
                    content: "",
                };
                out.push(curly_finding(quotes, q, key, edits.collect()));
            }
            trailing(line, v + 2, out);
            return None;
        }
        _ => {}
    }
    let open = line[v];
    if !curly(&open) {
        // A straight opening: where does the text end?
        let mut j = v + 1;
        while j < n && line[j].1 != q {
            j += if q == '"' && line[j].1 == '\\' { 2 } else { 1 };
        }
        let last = (v + 1..n).rev().find(|&i| !blank(line[i].1));
        if j < n {
            let rest = (j + 1..n).find(|&i| !blank(line[i].1));
            let goes_on = rest.is_some_and(|i| !matches!(line[i].1, '#' | ',' | ']' | '}'));
            match last {
                Some(l) if goes_on && l > j && is_q(l) => {
                    out.push(straight_inside(line, v, j, l, q, key));
                }
                _ => trailing(line, j + 1, out),
            }
        } else if let Some(l) = last.filter(|&l| is_q(l) && line[l].1 != q) {
            let close = line[l];
            let content: String = line[v + 1..l].iter().map(|a| a.1).collect();
            let quotes = Quotes {
                ends: &[close],
                opens: false,
                closes: true,
                content: &content,
            };
            out.push(curly_finding(quotes, q, key, vec![straighten(close, q)]));
        }
        return None;
    }
    // A curly opening: the text ends at the last quotation mark of its
    // kind on the line, before any comment.
    let close = (v + 1..n).rev().find(|&l| {
        is_q(l)
            && (l + 1..n)
                .find(|&i| !blank(line[i].1))
                .is_none_or(|i| line[i].1 == '#')
    });
    let Some(l) = close else {
        let quotes = Quotes {
            ends: &[open],
            opens: true,
            closes: false,
            content: "…",
        };
        out.push(curly_finding(quotes, q, key, Vec::new()));
        return None;
    };
    let content = &line[v + 1..l];
    let fixable = !content
        .iter()
        .any(|a| a.1 == q || (q == '"' && a.1 == '\\'));
    let ends = [open, line[l]];
    let edits = if fixable {
        ends.iter()
            .filter(|a| curly(a))
            .map(|a| straighten(*a, q))
            .collect()
    } else {
        Vec::new()
    };
    let shown: String = content.iter().map(|a| a.1).collect();
    let quotes = Quotes {
        ends: &ends,
        opens: true,
        closes: curly(&ends[1]),
        content: &shown,
    };
    out.push(curly_finding(quotes, q, key, edits));
    trailing(line, l + 1, out);
    None
}

/// A text in three quotation marks at `v`: its closing three may be lines
/// further on. Returns the offset of the line after them.
fn three_quotes(
    src: &str,
    line: &[At],
    v: usize,
    q: char,
    key: &str,
    out: &mut Vec<Finding>,
) -> Option<usize> {
    let opening = [line[v], line[v + 1], line[v + 2]];
    let from = opening[2].0 + opening[2].1.len_utf8();
    // The closing three are the last of the first run of three or more.
    let mut run: Vec<At> = Vec::new();
    let mut closing = None;
    let chars = src[from..].char_indices().map(|(i, c)| (from + i, c));
    let mut escaped = false;
    for a in chars.chain(std::iter::once((src.len(), '\0'))) {
        if !escaped && characters::straight_quote(a.1) == Some(q) {
            run.push(a);
            continue;
        }
        if run.len() >= 3 {
            closing = Some([run[run.len() - 3], run[run.len() - 2], run[run.len() - 1]]);
            break;
        }
        run.clear();
        escaped = q == '"' && a.1 == '\\' && !escaped;
    }
    let closing = closing?;
    let curly: Vec<At> = opening
        .iter()
        .chain(&closing)
        .copied()
        .filter(|a| a.1 != q)
        .collect();
    if !curly.is_empty() {
        let three: String = [q; 3].iter().collect();
        out.push(Finding {
            at: curly[0].0,
            // Marks show under the line the message points at.
            marks: curly[1..].iter().map(|a| a.0).collect(),
            message: quote_message(
                key,
                &curly,
                opening.iter().any(|a| a.1 != q),
                closing.iter().any(|a| a.1 != q),
            ),
            help: format!("type straight quotes instead: {key} = {three}…{three}; {FIX_HELP}"),
            edits: curly.iter().map(|a| straighten(*a, q)).collect(),
        });
    }
    let close_end = closing[2].0 + closing[2].1.len_utf8();
    let line_end = src[close_end..]
        .find('\n')
        .map_or(src.len(), |i| close_end + i);
    let rest: Vec<At> = src[close_end..line_end]
        .char_indices()
        .map(|(i, c)| (close_end + i, c))
        .collect();
    trailing(&rest, 0, out);
    Some(line_end + 1)
}

/// "the text of `grade` starts and ends with the curly quotation marks …"
fn quote_message(key: &str, curly: &[At], opens: bool, closes: bool) -> String {
    let how = match (opens, closes) {
        (true, true) => "starts and ends with",
        (true, false) => "starts with",
        _ => "ends with",
    };
    format!(
        "the text of `{key}` {how} {}",
        characters::quotes_phrase(curly.iter().map(|a| a.1))
    )
}

/// Typographic quotation marks around a one-line text: `ends` are its
/// opening and closing marks, those that are curly among them, and
/// whether they open and close it; `content` is what the help shows
/// between straight ones.
struct Quotes<'a> {
    ends: &'a [At],
    opens: bool,
    closes: bool,
    content: &'a str,
}

fn curly_finding(quotes: Quotes<'_>, q: char, key: &str, edits: Vec<Edit>) -> Finding {
    let curly: Vec<At> = quotes.ends.iter().copied().filter(|a| a.1 != q).collect();
    let content = quotes.content;
    let example = if content.chars().count() <= 40 && !content.contains(q) {
        format!("{key} = {q}{content}{q}")
    } else {
        format!("{key} = {q}…{q}")
    };
    let help = if !edits.is_empty() {
        format!("type straight quotes instead: {example}; {FIX_HELP}")
    } else if content.contains(q) {
        let three: String = [q; 3].iter().collect();
        format!(
            "type straight quotes instead, and as the text has straight quotes in it, three of them: {key} = {three}…{three}"
        )
    } else {
        format!("type straight quotes at both ends instead: {example}")
    };
    Finding {
        at: curly.first().map_or(quotes.ends[0].0, |a| a.0),
        marks: curly.iter().skip(1).map(|a| a.0).collect(),
        message: quote_message(key, &curly, quotes.opens, quotes.closes),
        help,
        edits,
    }
}

/// Straight quotation marks inside a one-line text: the one at `j` ended
/// the text opened at `v`; the line ends with another at `l`.
fn straight_inside(line: &[At], v: usize, j: usize, l: usize, q: char, key: &str) -> Finding {
    let inner: Vec<usize> = (j + 1..l)
        .filter(|&i| line[i].1 == q)
        .map(|i| line[i].0)
        .collect();
    let content: String = line[v + 1..l].iter().map(|a| a.1).collect();
    let three: String = [q; 3].iter().collect();
    let example = if content.chars().count() <= 60 {
        format!("{key} = {three}{content}{three}")
    } else {
        format!("{key} = {three}…{three}")
    };
    let curly = if q == '"' { "“ ”" } else { "‘ ’" };
    Finding {
        at: line[j].0,
        marks: inner,
        message: format!(
            "the straight quotation mark {q} inside the text of `{key}` ends the text too early"
        ),
        help: format!(
            "to keep quotation marks in the text, put it in three quotes: {example}; or type curly quotes {curly} inside it"
        ),
        edits: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
