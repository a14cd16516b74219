//! Problems found in a site, reported the way an author can act on them:
//! the file (relative to the site root), the line and column, what is wrong,
//! the offending line with a caret, and how to fix it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, never a problem: no build fails on it, not even
    /// `check --strict`.
    Info,
}

/// A position in a file: 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the text).
    pub fn at(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Position { line, column }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The offending source line, shown under the message with a caret.
    #[serde(skip)]
    pub snippet: Option<String>,
    /// Further columns of the snippet's line to mark, besides `column`:
    /// the other characters the message is about.
    #[serde(skip)]
    pub marks: Vec<usize>,
    /// The change that fixes the problem, when it has exactly one right
    /// answer: what `followup check --fix` makes. Empty for the others.
    #[serde(skip)]
    pub fix: Vec<Edit>,
    /// Which problem this is, for the code that acts on a few of them:
    /// it asks this, never the words of the message.
    #[serde(skip)]
    pub kind: Kind,
}

/// The problems some code singles out; the others are all `Other`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    Other,
    /// `language` names one the theme has no labels in.
    UnknownLanguage,
    /// A recommendation without `reference` among others of its
    /// paragraph that have one: said of the paragraph, not of the file.
    MixedReference,
}

/// A replacement of bytes `start..end` of a file's text (as read: no BOM,
/// LF line endings), never across a line break; or the removal of one
/// whole line with its line break (an empty replacement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            snippet: None,
            marks: Vec::new(),
            fix: Vec::new(),
            kind: Kind::Other,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn info(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(file, message)
        }
    }

    /// Points the diagnostic at byte `offset` of `text`, the whole file's text.
    pub fn at(mut self, text: &str, offset: usize) -> Self {
        let pos = Position::at(text, offset);
        self.line = Some(pos.line);
        self.column = Some(pos.column);
        self.snippet = text.lines().nth(pos.line - 1).map(str::to_owned);
        self
    }

    /// Points the diagnostic at the start of a 1-based line of `text`.
    pub fn at_line(mut self, text: &str, line: usize) -> Self {
        self.line = Some(line);
        self.column = Some(1);
        self.snippet = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Marks byte `offset` of `text` in the snippet too, if it is on the
    /// line shown.
    pub fn mark(mut self, text: &str, offset: usize) -> Self {
        let pos = Position::at(text, offset);
        if Some(pos.line) == self.line && Some(pos.column) != self.column {
            self.marks.push(pos.column);
        }
        self
    }

    /// Says which problem this is, for the code that singles it out.
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// Says how to fix the problem, for `followup check --fix`.
    pub fn fix(mut self, edits: Vec<Edit>) -> Self {
        self.fix = edits;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        write!(f, "{kind}: {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let (Some(line), Some(snippet)) = (self.line, &self.snippet) {
            let gutter = " ".repeat(line.to_string().len());
            let columns = self.column.into_iter().chain(self.marks.iter().copied());
            let (shown, carets) = window(snippet, columns);
            write!(f, "\n{gutter} |\n{line} | {shown}")?;
            if let Some(last) = carets.iter().max() {
                let marks: String = (0..=*last)
                    .map(|i| if carets.contains(&i) { '^' } else { ' ' })
                    .collect();
                write!(f, "\n{gutter} | {marks}")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

/// The candidate nearest to `word`, if near enough to be a likely typo:
/// what a "did you mean" suggests.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest(word, candidates).map(|n| n.candidate)
}

/// What a "did you mean" suggests for a word, and how near it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nearest<'a> {
    pub candidate: &'a str,
    /// `word` is a near miss of the candidate (at most two letters
    /// added, dropped, changed or swapped, and no more than a third of
    /// it): surely a typo of it, so what was meant is known. Else the
    /// candidate is only alike (Jaro-Winkler similarity over 0.8).
    pub near_miss: bool,
}

/// The one answer to "did you mean": a near miss first (the fewest
/// edits, then the first name in order), else the most alike candidate,
/// if any is alike enough to be a likely typo.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<Nearest<'a>> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let length = word.chars().count();
    let near_miss = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(c, word), *c))
        .filter(|(edits, _)| *edits <= 2 && edits * 3 <= length)
        .min();
    if let Some((_, candidate)) = near_miss {
        return Some(Nearest {
            candidate,
            near_miss: true,
        });
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(c, word), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| Nearest {
            candidate,
            near_miss: false,
        })
}

/// A snippet shows at most this many characters of its line.
const SNIPPET_WIDTH: usize = 80;
/// ... of which this many before the caret, when the line is cut.
const SNIPPET_LEAD: usize = 20;

/// The part of `line` a snippet shows, and the 0-based places of the
/// carets under it for the 1-based `columns`: the whole line when it is
/// short, else a window that starts a little before the first column,
/// with `…` where it is cut. Each character takes one place: a tab is
/// drawn as a space, a character that takes no room as `·`.
fn window(line: &str, columns: impl Iterator<Item = usize>) -> (String, Vec<usize>) {
    let chars: Vec<char> = line.chars().map(crate::base::characters::drawn).collect();
    let columns: Vec<usize> = columns.map(|c| c.saturating_sub(1)).collect();
    let (start, end) = if chars.len() <= SNIPPET_WIDTH {
        (0, chars.len())
    } else {
        let first = columns.first().copied().unwrap_or(0).min(chars.len());
        let start = first.saturating_sub(SNIPPET_LEAD);
        (start, (start + SNIPPET_WIDTH).min(chars.len()))
    };
    let lead = usize::from(start > 0);
    let mut shown: String = if start > 0 {
        "…".into()
    } else {
        String::new()
    };
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    let carets = columns
        .into_iter()
        .filter(|c| (start..=end).contains(c))
        .map(|c| c - start + lead)
        .collect();
    (shown, carets)
}

/// Every problem found in one run, in a stable order (by file, then line).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds `d` unless the same problem is already said: one broken
    /// template fails every file that uses it, and is said once.
    pub fn push_once(&mut self, d: Diagnostic) {
        if !self.0.contains(&d) {
            self.0.push(d);
        }
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// The notes worth knowing that are no problem.
    pub fn infos(&self) -> usize {
        self.count(Severity::Info)
    }

    fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// "2 errors, 1 warning", and ", 1 info" when there is any.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let mut summary = format!(
            "{}, {}",
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning")
        );
        // Said only when there is one: every site without stays as it was.
        match self.infos() {
            0 => {}
            n => summary.push_str(&format!(", {n} info")),
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nсd\n";
        assert_eq!(Position::at(text, 0), Position { line: 1, column: 1 });
        assert_eq!(Position::at(text, 3), Position { line: 2, column: 1 });
        // 'с' is two bytes: the 'd' after it is the second character.
        assert_eq!(Position::at(text, 5), Position { line: 2, column: 2 });
        assert_eq!(Position::at(text, 999), Position { line: 3, column: 1 });
    }

    #[test]
    fn display_shows_snippet_caret_and_help() {
        let text = "+++\ngrade = \"X\"\n+++\n";
        let d = Diagnostic::error("content/a/b/c.md", "unknown grade \"X\"")
            .at(text, 12)
            .help("use one of: A, B");
        assert_eq!(
            d.to_string(),
            "error: content/a/b/c.md:2:9: unknown grade \"X\"\n  |\n2 | grade = \"X\"\n  |         ^\nhelp: use one of: A, B"
        );
    }

    #[test]
    fn long_lines_show_a_window_around_the_caret() {
        let line = format!("summary = \"{}\" x", "word ".repeat(120));
        let text = format!("+++\n{line}\n+++\n");
        let at = text.find("\" x").unwrap();
        let d = Diagnostic::error("f.md", "m").at(&text, at);
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[2], "2 | …word word word word \" x", "{shown}");
        assert_eq!(lines[3], format!("  | {}^", " ".repeat(21)), "{shown}");
        let middle = Diagnostic::error("f.md", "m").at(&text, 300);
        let lines: Vec<String> = middle.to_string().lines().map(String::from).collect();
        assert!(
            lines[2].starts_with("2 | …") && lines[2].ends_with('…'),
            "{lines:?}"
        );
        assert_eq!(lines[2].chars().count(), "2 | ".len() + 82);
        assert_eq!(lines[3], format!("  | {}^", " ".repeat(21)));
    }

    #[test]
    fn invisible_characters_are_drawn_and_marked() {
        let text = "+++\ngrade = \"D\u{200b}1\u{a0}\"\n+++\n";
        let zw = text.find('\u{200b}').unwrap();
        let nb = text.find('\u{a0}').unwrap();
        let d = Diagnostic::error("f.md", "m")
            .at(text, 12)
            .mark(text, zw)
            .mark(text, nb);
        assert_eq!(
            d.to_string(),
            "error: f.md:2:9: m\n  |\n2 | grade = \"D·1\u{a0}\"\n  |         ^ ^ ^"
        );
    }

    #[test]
    fn information_prints_as_info_and_is_counted_apart() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::warning("a.md", "w"));
        assert_eq!(d.summary(), "0 errors, 1 warning");
        d.push(Diagnostic::info("b.md", "i"));
        assert_eq!(d.to_owned().0[1].to_string(), "info: b.md: i");
        assert_eq!((d.errors(), d.warnings(), d.infos()), (0, 1, 1));
        assert!(!d.has_errors());
        assert_eq!(d.summary(), "0 errors, 1 warning, 1 info");
    }

    #[test]
    fn near_misses_come_first_then_alike_names() {
        let fields = ["summary", "grade", "code", "hrc"];
        let near = |w| nearest(w, fields).map(|n| (n.candidate, n.near_miss));
        assert_eq!(near("sumary"), Some(("summary", true)));
        // One letter of three: a near miss, though not alike by Jaro-Winkler.
        assert_eq!(near("crc"), Some(("hrc", true)));
        assert_eq!(near("summaries"), Some(("summary", false)));
        assert_eq!(near("colour"), None);
        assert_eq!(closest("grades", fields), Some("grade"));
    }
}
