//! `followup check --fix`: makes the fixes that have exactly one right
//! answer, which are those the messages carry ([`Diagnostic::fix`]):
//! curly quotation marks around a value made straight, invisible
//! characters taken out of names, grades and the spaces around `=`,
//! look-alike letters in grades made Latin, a grade's capitals made the
//! scale's, Word's link codes taken out of a body, and a translation's
//! lines that copy its original's language-neutral fields removed (last,
//! so that line numbers hold until then). The site is fixed in memory and
//! checked again, since one fix
//! can bring another problem to light (a look-alike letter in a grade
//! between curly quotes), until nothing is left to fix; then each changed
//! file is written whole through a temporary file beside it, with its byte
//! order mark and line endings as they were and every other byte as it was.
//!
//! [`Diagnostic::fix`]: crate::base::diagnostics::Diagnostic::fix

use crate::base::characters;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Edit};
use crate::input::load::{self, CONFIG_FILE, LoadedSite};
use std::collections::BTreeMap;
use std::path::Path;

/// One line changed, as `--fix` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Relative to the site root, with `/` separators.
    pub file: String,
    pub line: usize,
    pub before: String,
    pub after: String,
    /// Whether the line was taken out (`after` is then empty).
    pub removed: bool,
}

impl std::fmt::Display for Change {
    /// `file:line: before → after`, with the invisible characters named;
    /// of a long line, the part from a little before the first change.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let first = self
            .before
            .chars()
            .zip(self.after.chars())
            .take_while(|(b, a)| b == a)
            .count();
        let start = if self.before.chars().count() > SHOWN {
            first.saturating_sub(20)
        } else {
            0
        };
        let part = |s: &str| {
            let mut p: String = s.chars().skip(start).take(SHOWN).collect();
            if start > 0 {
                p.insert(0, '…');
            }
            if s.chars().count() > start + SHOWN {
                p.push('…');
            }
            characters::spelled_out(&p)
        };
        let after = match self.removed {
            true => "(line removed)".to_string(),
            false => part(&self.after),
        };
        write!(
            f,
            "{}:{}: {} → {after}",
            self.file,
            self.line,
            part(&self.before),
        )
    }
}

/// Of a long line, this many characters are shown.
const SHOWN: usize = 80;

/// What `--fix` did.
pub struct Fixed {
    /// The site as fixed: on disk too, unless it was a dry run.
    pub site: LoadedSite,
    /// Every line changed, by file and line.
    pub changes: Vec<Change>,
    /// How many files changed.
    pub files: usize,
    /// The files that could not be written.
    pub problems: Diagnostics,
}

/// A fix can show a problem only the next check sees; more rounds than
/// this would mean fixes that undo each other.
const ROUNDS: usize = 8;

/// Fixes the site at `root`, writing the changed files when `write`.
pub fn fix(root: &Path, write: bool) -> Fixed {
    let mut site = load::load(root);
    let original = texts(&site);
    for _ in 0..ROUNDS {
        let (_, found) = crate::check::validate::validate(&site);
        let mut by_file: BTreeMap<String, Vec<Vec<Edit>>> = BTreeMap::new();
        for d in found.0.into_iter().filter(|d| !d.fix.is_empty()) {
            by_file.entry(d.file).or_default().push(d.fix);
        }
        let mut changed = false;
        for (file, fixes) in by_file {
            let text = if file == CONFIG_FILE {
                site.config.as_mut()
            } else {
                site.files.get_mut(&file).map(|f| &mut f.text)
            };
            if let Some(text) = text
                && let Some(new) = apply(text, fixes)
            {
                *text = new;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Lines taken out whole come last, once every line is fixed in place,
    // so each fixed line keeps its number until then.
    let kept = texts(&site);
    let removed = remove_lines(&mut site);
    let mut changes = Vec::new();
    let mut problems = Diagnostics::default();
    let mut files = 0;
    for (file, fixed) in kept {
        let gone = removed.get(&file).map_or(&[][..], Vec::as_slice);
        let Some(before) = original
            .get(&file)
            .filter(|b| **b != fixed || !gone.is_empty())
        else {
            continue;
        };
        files += 1;
        changes.extend(
            before
                .split('\n')
                .zip(fixed.split('\n'))
                .enumerate()
                .filter(|(i, (b, a))| b != a || gone.contains(i))
                .map(|(i, (b, a))| Change {
                    file: file.clone(),
                    line: i + 1,
                    before: b.to_string(),
                    after: a.to_string(),
                    removed: gone.contains(&i),
                }),
        );
        if !write {
            continue;
        }
        match write_fixed(&root.join(&file), before, &fixed, gone) {
            Err(e) => problems.push(
                Diagnostic::error(&file, format!("cannot write the fixed file: {e}"))
                    .help("nothing of this file was changed; fix the cause and run followup check --fix again"),
            ),
            Ok(w) if w.other_names > 0 => problems.push(
                Diagnostic::warning(
                    &file,
                    format!(
                        "the file had {} other name(s) (hard links), which keep the text as it was: the fixed file is a new file under this name",
                        w.other_names
                    ),
                )
                .help("if the other names should have the fix, link them to this file again (ln -f)"),
            ),
            Ok(_) => {}
        }
    }
    Fixed {
        site,
        changes,
        files,
        problems,
    }
}

/// Takes out the lines whose problems' fix is to delete them (a
/// translation's copy of its original's grade), each an edit of one whole
/// line; returns their 0-based numbers by file.
fn remove_lines(site: &mut LoadedSite) -> BTreeMap<String, Vec<usize>> {
    let (_, found) = crate::check::validate::validate(site);
    let mut removed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for d in found.0 {
        let Some(file) = site.files.get_mut(&d.file) else {
            continue;
        };
        let text = &file.text;
        let whole_line = |e: &Edit| {
            e.replacement.is_empty()
                && e.start < e.end
                && e.end <= text.len()
                && (e.start == 0 || text.as_bytes()[e.start - 1] == b'\n')
                && text[e.start..e.end].find('\n') == Some(e.end - e.start - 1)
        };
        if let [e] = d.fix.as_slice()
            && whole_line(e)
        {
            let line = text[..e.start].matches('\n').count();
            removed.entry(d.file.clone()).or_default().push(line);
        }
    }
    for (path, lines) in &mut removed {
        lines.sort_unstable();
        lines.dedup();
        if let Some(file) = site.files.get_mut(path) {
            file.text = file
                .text
                .split_inclusive('\n')
                .enumerate()
                .filter(|(i, _)| !lines.contains(i))
                .map(|(_, l)| l)
                .collect();
        }
    }
    removed
}

/// The texts of followup.toml and of every Markdown file, by path.
fn texts(site: &LoadedSite) -> BTreeMap<String, String> {
    let config = site
        .config
        .iter()
        .map(|c| (CONFIG_FILE.to_string(), c.clone()));
    let files = site.files.iter().map(|(p, f)| (p.clone(), f.text.clone()));
    config.chain(files).collect()
}

/// `text` with each fix (a problem's edits, made all or none) that does
/// not overlap one before it; `None` when nothing changed.
fn apply(text: &str, mut fixes: Vec<Vec<Edit>>) -> Option<String> {
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.start).min());
    let mut taken: Vec<Edit> = Vec::new();
    for edits in fixes {
        let sound = edits.iter().all(|e| {
            e.start <= e.end
                && e.end <= text.len()
                && text.is_char_boundary(e.start)
                && text.is_char_boundary(e.end)
                && !text[e.start..e.end].contains('\n')
                && !e.replacement.contains('\n')
                && !taken.iter().any(|t| e.start < t.end && t.start < e.end)
        });
        if sound {
            taken.extend(edits);
        }
    }
    taken.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut fixed = text.to_string();
    for e in taken {
        fixed.replace_range(e.start..e.end, &e.replacement);
    }
    (fixed != text).then_some(fixed)
}

/// Writes `fixed` (a text as followup reads it: no byte order mark, LF
/// line endings) over the file at `path`, which held `before` when it was
/// read, without its lines `removed` (0-based): only the lines that differ
/// change, each keeping its line ending.
fn write_fixed(
    path: &Path,
    before: &str,
    fixed: &str,
    removed: &[usize],
) -> Result<crate::base::write::Rewritten, String> {
    let raw = std::fs::read(path).map_err(|e| e.to_string())?;
    let raw = String::from_utf8(raw).map_err(|e| e.to_string())?;
    if load::normalize_text(raw.clone()) != before {
        return Err("it changed while it was being fixed".into());
    }
    let (bom, body) = match raw.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", raw.as_str()),
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(bom);
    // Normalising changed only line endings: every line the fix left
    // alone is as it was, byte for byte.
    for (i, ((_, ending), line)) in lines(body).zip(fixed.split('\n')).enumerate() {
        if removed.contains(&i) {
            continue;
        }
        out.push_str(line);
        out.push_str(ending);
    }
    crate::base::write::rewrite(path, out.as_bytes()).map_err(|e| e.to_string())
}

/// The lines of `text`, each with its line ending (`\r\n`, `\r`, `\n`, or
/// none for the last): as many as `load::normalize_text` makes of it.
fn lines(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        Some(match s.find(['\r', '\n']) {
            None => {
                rest = None;
                (s, "")
            }
            Some(i) => {
                let len = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[i + len..]);
                (&s[..i], &s[i..i + len])
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_endings_and_match_the_normalised_text() {
        let raw = "a\r\nb\rc\nd";
        let got: Vec<(&str, &str)> = lines(raw).collect();
        assert_eq!(got, [("a", "\r\n"), ("b", "\r"), ("c", "\n"), ("d", "")]);
        assert_eq!(
            lines("x\n").count(),
            load::normalize_text("x\n".into()).split('\n').count()
        );
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let edit = |start, end, r: &str| Edit {
            start,
            end,
            replacement: r.into(),
        };
        let fixed = apply(
            "abcdef",
            vec![
                vec![edit(1, 3, "X")],
                vec![edit(2, 4, "Y")],
                vec![edit(5, 6, "")],
            ],
        );
        assert_eq!(fixed.as_deref(), Some("aXde"));
        assert_eq!(apply("a\nb", vec![vec![edit(0, 3, "ab")]]), None);
    }

    #[test]
    fn changes_name_what_cannot_be_seen() {
        let c = Change {
            file: "content/a/p/01.md".into(),
            line: 2,
            before: "grade\u{a0}= “D1”".into(),
            after: "grade = \"D1\"".into(),
            removed: false,
        };
        assert_eq!(
            c.to_string(),
            "content/a/p/01.md:2: grade⟨non-breaking space⟩= “D1” → grade = \"D1\""
        );
    }
}
