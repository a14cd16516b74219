//! The dossier's files as the sample dossier has them, named in the
//! document's order (`p07-<slug>/_index.md`, named after the heading's
//! topic when it has one, `01-<slug>.md`), with the title block's facts in
//! the country's `_index.md` and the footnotes of every file; the plan
//! says which footnotes it wrote, so that the import can list the others.
//! Written all at once: into a folder beside the content that is renamed
//! into place only when every file is written, then the grades
//! `followup.toml` lacks.

use super::clean;
use super::document::{Inline, Text};
use super::dossier::{self, Dossier, Warning};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

pub struct Plan {
    /// Path relative to the site, and contents; the dossier's files.
    pub files: Vec<(String, String)>,
    /// `followup.toml` with the grades added, when any are.
    pub config: Option<String>,
    pub grades_added: Vec<String>,
    pub warnings: Vec<Warning>,
    /// The footnotes whose marks the files have, by index.
    pub notes_written: BTreeSet<usize>,
}

/// A country's folder name from the document's file name.
pub fn country_from_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let s = crate::input::config::slugify(&stem);
    if s.is_empty() { "imported".into() } else { s }
}

/// Words that say nothing of a recommendation's subject.
const FILLER: &[&str] = &[
    "the",
    "state",
    "party",
    "should",
    "it",
    "in",
    "this",
    "regard",
    "of",
    "and",
    "to",
    "a",
    "an",
    "that",
    "its",
    "on",
    "for",
    "all",
    "be",
    "is",
    "are",
    "at",
    "by",
    "with",
    "from",
    "also",
    "particularly",
    "particular",
    "furthermore",
    "moreover",
    "take",
    "steps",
    "ensure",
    "committee",
    "expresses",
    "concern",
    "concerns",
    "reports",
    "while",
    "noting",
    "as",
    "has",
    "have",
    "which",
    "their",
    "is",
    "not",
];

/// Up to four words that name a text's subject, as a slug.
fn subject(s: &str) -> String {
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() > 1 && !FILLER.contains(&w.as_str()))
        .take(4)
        .collect();
    crate::input::config::slugify(&words.join(" "))
}

/// The articles a concern names at its end: "(arts. 2 and 14)", "(art. 21)".
fn articles(concern: &str) -> Vec<u32> {
    let Some(at) = concern.rfind("(art") else {
        return Vec::new();
    };
    let inner = &concern[at..];
    let inner = &inner[..inner.find(')').unwrap_or(inner.len())];
    inner
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// A TOML string value, quoted and escaped.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The footnotes a file cites, in the order of their first mark, and the
/// number each has in the file (looked up, not searched: a file may cite
/// hundreds of thousands).
#[derive(Default)]
struct Notes {
    order: Vec<usize>,
    number: std::collections::HashMap<usize, usize>,
}

impl Notes {
    fn mark(&mut self, n: usize) -> usize {
        *self.number.entry(n).or_insert_with(|| {
            self.order.push(n);
            self.order.len()
        })
    }
}

/// One section's paragraphs as Markdown, footnotes as `[^k]` numbered in
/// the file's order (`notes` gathers them); Word's list numbers as a list.
fn markdown(paras: &[Text], notes: &mut Notes, warnings: &mut Vec<Warning>, file: &str) -> String {
    let mut out = String::new();
    let numbered = paras
        .iter()
        .filter(|p| clean::list_number(&p.to_plain()).is_some())
        .count();
    // Whether the line last written is a list's item.
    let mut last_item = false;
    for p in paras {
        let mut line = String::new();
        for i in &p.0 {
            match i {
                Inline::Str(s) => line.push_str(&clean::escape(s)),
                Inline::Note(n) => {
                    let _ = write!(line, "[^{}]", notes.mark(*n));
                }
            }
        }
        let line = line.trim().to_string();
        let line = match clean::list_number(&line) {
            Some((n, rest)) if numbered >= 2 => format!("{n}. {}", clean::escape_start(rest)),
            Some((n, rest)) => {
                warnings.push(Warning {
                    place: file.to_string(),
                    message: format!(
                        "a lone list number \"{n}.\" left by Word at the start of a paragraph was left out"
                    ),
                });
                clean::escape_start(rest)
            }
            None => clean::escape_start(&line),
        };
        if line.is_empty() {
            continue;
        }
        // A list's items stay together; other paragraphs are apart.
        let item = clean::list_number(&line).is_some() && numbered >= 2;
        if !out.is_empty() {
            out.push_str(if item && last_item { "" } else { "\n" });
        }
        last_item = clean::list_number(&line).is_some();
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The files of `d` under `content/<slug>/`, and `config` with the grades
/// it lacks.
pub fn plan(d: &Dossier, slug: &str, config: &str) -> Plan {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let base = format!("content/{slug}");
    let name: String = slug
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut written = BTreeSet::new();
    files.push((
        format!("{base}/_index.md"),
        country(d, &name, &mut warnings, &mut written, &base),
    ));
    let mut used = Vec::new();
    let mut folders: Vec<String> = Vec::new();
    for section in &d.paragraphs {
        let concern = section
            .concern
            .iter()
            .map(Text::to_plain)
            .collect::<Vec<_>>()
            .join(" ");
        // The heading's topic names the folder; else the concern's words.
        let named = if section.title.is_empty() {
            subject(&concern)
        } else {
            crate::input::config::slugify(&section.title)
        };
        let mut folder = match named {
            s if s.is_empty() => format!("p{:02}", section.number),
            s => format!("p{:02}-{s}", section.number),
        };
        if folders.contains(&folder) {
            folder = format!("{folder}-{}", folders.len() + 1);
        }
        folders.push(folder.clone());
        let arts = if section.articles.is_empty() {
            articles(&concern)
        } else {
            section.articles.clone()
        };
        let mut front = format!("+++\nparagraph = {}\n", section.number);
        if !section.title.is_empty() {
            let _ = writeln!(front, "title = {}", toml_string(&section.title));
        }
        if !arts.is_empty() {
            let list: Vec<String> = arts.iter().map(u32::to_string).collect();
            let _ = writeln!(front, "articles = [{}]", list.join(", "));
        }
        front.push_str("+++\n");
        let file = format!("{base}/{folder}/_index.md");
        let mut notes = Notes::default();
        let body = markdown(&section.concern, &mut notes, &mut warnings, &file);
        let mut text = format!("{front}{body}");
        definitions(
            d,
            &notes.order,
            &mut text,
            &mut written,
            &mut warnings,
            &file,
        );
        files.push((file, text.trim_end().to_string() + "\n"));
        for (i, rec) in section.recs.iter().enumerate() {
            let file = format!("{base}/{folder}/{:02}-{}.md", i + 1, subject(&rec.text));
            used.push(rec.grade.clone());
            let mut notes = Notes::default();
            let mut sections = vec![
                (
                    "Action taken by the State".to_string(),
                    markdown(&rec.action, &mut notes, &mut warnings, &file),
                ),
                (
                    "Other comments".to_string(),
                    markdown(&rec.comments, &mut notes, &mut warnings, &file),
                ),
            ];
            for (heading, paras) in &rec.extra {
                let body = markdown(paras, &mut notes, &mut warnings, &file);
                match sections.iter_mut().find(|(h, _)| h == heading) {
                    Some((_, b)) => {
                        b.push('\n');
                        b.push_str(&body);
                    }
                    None => sections.push((heading.clone(), body)),
                }
            }
            let mut md = format!(
                "+++\ngrade = {}\nrecommendation = {}\n",
                toml_string(&rec.grade),
                toml_string(&rec.text)
            );
            if !rec.summary.is_empty() {
                let _ = writeln!(md, "summary = {}", toml_string(&rec.summary));
            }
            if !rec.reference.is_empty() {
                let _ = writeln!(md, "reference = {}", toml_string(&rec.reference));
            }
            md.push_str("+++\n");
            for (heading, body) in sections {
                if !body.trim().is_empty() {
                    let heading = if heading.is_empty() {
                        "More".to_string()
                    } else {
                        heading
                    };
                    let _ = write!(md, "## {heading}\n\n{body}\n");
                }
            }
            definitions(d, &notes.order, &mut md, &mut written, &mut warnings, &file);
            files.push((file, md.trim_end().to_string() + "\n"));
        }
    }
    let (config, added) = grades_to_add(d, config, used, &mut warnings);
    Plan {
        files,
        config,
        grades_added: added,
        warnings,
        notes_written: written,
    }
}

/// `config` with the grades the dossier uses that it lacks, in the
/// legends' words (`None` if it lacks none), and their codes.
fn grades_to_add(
    d: &Dossier,
    config: &str,
    used: Vec<String>,
    warnings: &mut Vec<Warning>,
) -> (Option<String>, Vec<String>) {
    let have: Vec<String> = toml::from_str::<toml::Table>(config)
        .ok()
        .and_then(|t| t.get("grades").and_then(|g| g.as_array()).cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|g| g.get("code").and_then(|c| c.as_str()).map(str::to_string))
        .collect();
    let legend = dossier::legend(d);
    let mut added = Vec::new();
    let mut extra = String::new();
    // Every grade of the legends, in their order, then those the dossier
    // uses that no legend has.
    let codes: Vec<String> = legend.iter().map(|g| g.code.clone()).chain(used).collect();
    for code in codes {
        if have.contains(&code) || added.contains(&code) || code.is_empty() {
            continue;
        }
        let g = legend.iter().find(|g| g.code == code);
        if g.is_none() {
            warnings.push(Warning {
                place: crate::input::load::CONFIG_FILE.to_string(),
                message: format!(
                    "the grade {code} is in no legend of the document: it was added to followup.toml with its code as its label; give it the assessment's words"
                ),
            });
        }
        let label = g.map_or(code.clone(), |g| g.label.clone());
        let _ = write!(
            extra,
            "\n[[grades]]\ncode = {}\nlabel = {}\n",
            toml_string(&code),
            toml_string(&label)
        );
        if let Some(desc) = g.and_then(|g| g.description.clone()) {
            let _ = writeln!(extra, "description = {}", toml_string(&desc));
        }
        added.push(code);
    }
    let config = (!added.is_empty()).then(|| {
        format!(
            "{}\n# Added by `followup import`, from the document's grade legends.{extra}",
            config.trim_end()
        )
    });
    (config, added)
}

/// The footnotes `notes` of a file as its `[^k]: words, <address>` lines.
fn definitions(
    d: &Dossier,
    notes: &[usize],
    md: &mut String,
    written: &mut BTreeSet<usize>,
    warnings: &mut Vec<Warning>,
    file: &str,
) {
    if !notes.is_empty() && !md.ends_with("\n\n") {
        md.push('\n');
    }
    for (k, n) in notes.iter().enumerate() {
        let (words, url, _) = d.footnotes.get(*n).cloned().unwrap_or_default();
        let words = clean::escape(&words);
        // An address a browser would run (javascript:) or open from the
        // reader's computer (file:) is kept as words, never as a link.
        let url = url.and_then(|u| match crate::base::address::refused_scheme(&u) {
            Some(scheme) => {
                warnings.push(Warning {
                    place: file.to_string(),
                    message: format!(
                        "footnote {}'s address `{u}` is a {scheme}: address, which followup never publishes as a link: it was kept as text; give the source's web address (https://…) instead",
                        k + 1
                    ),
                });
                None
            }
            None => Some(u),
        });
        let refused = d
            .footnotes
            .get(*n)
            .and_then(|f| f.1.clone())
            .filter(|_| url.is_none());
        let words = match refused {
            Some(u) if words.is_empty() => clean::escape(&u),
            Some(u) => format!("{words} ({})", clean::escape(&u)),
            None => words,
        };
        // Within `<…>` only these could end or break the address.
        let url = url.map(|u| {
            u.replace(' ', "%20")
                .replace('<', "%3C")
                .replace('>', "%3E")
        });
        let def = match (words.is_empty(), url) {
            (false, Some(u)) if words.ends_with(['.', '!', '?']) => format!("{words} <{u}>"),
            (false, Some(u)) => format!("{words}, <{u}>"),
            (true, Some(u)) => format!("<{u}>"),
            (_, None) => words,
        };
        let _ = writeln!(md, "[^{}]: {def}\n", k + 1);
        written.insert(*n);
    }
}

/// The country's `_index.md`: the title block's facts, and the text before
/// the first paragraph as its introduction.
fn country(
    d: &Dossier,
    name: &str,
    warnings: &mut Vec<Warning>,
    written: &mut BTreeSet<usize>,
    base: &str,
) -> String {
    let facts = &d.facts;
    let mut md = format!("+++\ncountry = {}\n", toml_string(name));
    if let Some(doc) = &facts.document {
        let _ = writeln!(md, "document = {}", toml_string(doc));
    }
    if let Some(date) = &facts.assessed {
        let _ = writeln!(md, "assessed = {date}");
    }
    md.push_str("+++\n");
    let missing: Vec<&str> = [
        ("code", true),
        ("document", facts.document.is_none()),
        ("adopted", true),
        ("assessed", facts.assessed.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(f, _)| *f)
    .map(|f| match f {
        "code" => "`code`",
        "document" => "`document`",
        "adopted" => "`adopted`",
        _ => "`assessed`",
    })
    .collect();
    let mut notes = Notes::default();
    let file = format!("{base}/_index.md");
    let intro = markdown(&facts.intro, &mut notes, warnings, &file);
    if intro.trim().is_empty() {
        let _ = writeln!(
            md,
            "Imported from a Word assessment with `followup import`: add the review's facts ({}) and an introduction here.",
            missing.join(", ")
        );
    } else {
        md.push_str(&intro);
    }
    definitions(d, &notes.order, &mut md, written, warnings, &file);
    md.trim_end().to_string() + "\n"
}

/// Writes `plan` into the site at `root`: the dossier into a folder beside
/// the content, renamed to `folder` once every file is in it, then
/// `followup.toml`. Nothing is left behind when a step fails.
pub fn write(root: &Path, folder: &str, plan: &Plan) -> Result<Vec<String>, String> {
    let target = root.join(folder);
    let staging = super::staging::path(root, folder);
    let undo = |e: String| {
        super::staging::step(|current| {
            let _ = std::fs::remove_dir_all(&staging);
            *current = None;
        });
        e
    };
    for (path, text) in &plan.files {
        let rel = path
            .strip_prefix(folder)
            .unwrap_or(path)
            .trim_start_matches('/');
        let dest = staging.join(rel);
        super::staging::step(|current| {
            *current = Some(staging.clone());
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&dest, text).map_err(|e| format!("cannot write {}: {e}", dest.display()))
        })
        .map_err(undo)?;
    }
    if target.exists() {
        return Err(undo(format!(
            "{folder} appeared while importing: nothing was written"
        )));
    }
    // The dossier and the grades go in together: an interrupt waits.
    super::staging::step(|current| {
        std::fs::rename(&staging, &target).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            format!("cannot move the dossier into {folder}: {e}")
        })?;
        *current = None;
        let mut said = Vec::new();
        if let Some(config) = &plan.config {
            let path = root.join(crate::input::load::CONFIG_FILE);
            match crate::base::write::rewrite(&path, config.as_bytes()) {
                Ok(w) if w.other_names > 0 => said.push(format!(
                    "{} had {} other name(s) (hard links), which keep the text as it was: the file with the grades added is a new file under this name",
                    crate::input::load::CONFIG_FILE,
                    w.other_names
                )),
                Ok(_) => {}
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&target);
                    return Err(format!(
                        "cannot add the grades to {}: {e}; nothing was written",
                        crate::input::load::CONFIG_FILE
                    ));
                }
            }
        }
        Ok(said)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that cannot be written midway leaves no dossier and no
    /// half-written folder behind, and the settings as they were.
    #[test]
    fn a_failure_midway_leaves_nothing_behind() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content")).unwrap();
        std::fs::write(root.path().join("followup.toml"), "title = \"T\"\n").unwrap();
        let plan = Plan {
            files: vec![
                (
                    "content/kz/_index.md".into(),
                    "+++\ncountry = \"KZ\"\n+++\n".into(),
                ),
                // Its folder would be the file above: it cannot be written.
                ("content/kz/_index.md/01-a.md".into(), "x".into()),
            ],
            config: Some("title = \"T\"\n[[grades]]\ncode = \"B2\"\n".into()),
            grades_added: vec!["B2".into()],
            warnings: Vec::new(),
            notes_written: BTreeSet::new(),
        };
        let e = write(root.path(), "content/kz", &plan).unwrap_err();
        assert!(e.starts_with("cannot "), "{e}");
        let left: Vec<_> = std::fs::read_dir(root.path().join("content"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert!(left.is_empty(), "{left:?}");
        assert_eq!(
            std::fs::read_to_string(root.path().join("followup.toml")).unwrap(),
            "title = \"T\"\n"
        );
    }

    #[test]
    fn names_and_articles_come_from_the_text() {
        assert_eq!(
            subject("The State party should review its legislation on defamation and insults"),
            "review-legislation-defamation-insults"
        );
        assert_eq!(
            articles("… handed down by courts (arts. 2 and 14)."),
            vec![2, 14]
        );
        assert_eq!(articles("… freedom of assembly (art. 21)."), vec![21]);
        assert_eq!(articles("no articles"), Vec::<u32>::new());
    }
}
