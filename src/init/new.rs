//! `followup new country|paragraph|recommendation`: one new file of a
//! dossier, with every field the authoring guide lists: the required ones
//! hold a placeholder that `followup check` reports until it is replaced
//! (see [`crate::check::validate::placeholder`]), the optional ones are commented out with what
//! they are for. It never overwrites a file.

use crate::check::validate::placeholder::PLACEHOLDER;
use crate::input::config::slugify;
use std::path::{Path, PathBuf};

/// The file to make.
pub enum New {
    /// `content/<slug>/_index.md`.
    Country { slug: String },
    /// `content/<country>/pNN[-<title>]/_index.md`.
    Paragraph {
        country: String,
        number: u32,
        title: Option<String>,
    },
    /// The next `NN-<name>.md` of `content/<country>/<paragraph>/`, given
    /// as `country/paragraph` (the paragraph by folder or by number).
    Recommendation {
        target: String,
        name: Option<String>,
    },
}

/// Writes the file `what` names under the site `root`; returns its path
/// relative to `root`, or why nothing was written.
pub fn new(root: &Path, what: &New) -> Result<String, String> {
    let settings = root.join(crate::input::load::CONFIG_FILE);
    let config = std::fs::read_to_string(&settings).map_err(|_| {
        format!(
            "{} has no followup.toml: run followup new in a site's folder, or give it with --root (followup init DIR makes a site)",
            root.display()
        )
    })?;
    let (rel, text) = match what {
        New::Country { slug } => country(root, slug)?,
        New::Paragraph {
            country,
            number,
            title,
        } => paragraph(root, country, *number, title.as_deref())?,
        New::Recommendation { target, name } => {
            recommendation(root, target, name.as_deref(), &config)?
        }
    };
    let path = root.join(&rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    // create_new: a file made meanwhile is refused, not overwritten.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{rel} already exists: followup new never overwrites a file")
            }
            _ => format!("cannot write {rel}: {e}"),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write {rel}: {e}"))?;
    Ok(rel)
}

/// A text as a TOML string, quotes and backslashes escaped.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn country(root: &Path, slug: &str) -> Result<(String, String), String> {
    let slug = slug.trim().trim_end_matches('/');
    if slug.is_empty() || slugify(slug) != slug {
        return Err(format!(
            "{slug:?} cannot be a dossier's folder: its name becomes a web address, so use lower-case letters, digits and hyphens, like {:?}",
            slugify(slug)
        ));
    }
    if crate::base::address::reserved().contains(&slug) {
        return Err(format!(
            "the folder name `{slug}` is reserved for the site's {slug} pages: give the dossier another name, like `{slug}-dossier`"
        ));
    }
    // A folder made by hand without its _index.md is given one.
    if root.join("content").join(slug).join("_index.md").exists() {
        return Err(format!(
            "content/{slug} already exists: followup new never overwrites a dossier"
        ));
    }
    let text = format!(
        "+++
country = \"{PLACEHOLDER}: the country's name, as readers see it\"   # required
# code = \"KZ\"                  # optional: ISO 3166-1 alpha-2 code
# treaty = \"ICCPR\"             # optional: default_treaty of followup.toml if left out
# document = \"CCPR/C/KAZ/CO/1\" # optional: symbol of the concluding observations
# adopted = 2011-07-26         # optional: date the observations were adopted
# assessed = 2012-12-10        # optional: date of this assessment
#
# Optional, at the end: the State's replies graded one by one (rounds).
# [[rounds]]
# round = 1
# date = 2012-12-10
# reply = \"CCPR/C/KAZ/CO/1/Add.1\"
+++
{PLACEHOLDER}: an introduction to the dossier, in Markdown.
"
    );
    Ok((format!("content/{slug}/_index.md"), text))
}

/// The paragraph folders of a dossier: (folder name, its number when its
/// `_index.md` gives one).
fn paragraphs(folder: &Path) -> Vec<(String, Option<u32>)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Option<u32>)> = entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .map(|name| {
            let index = std::fs::read_to_string(folder.join(&name).join("_index.md"));
            let number = index.ok().and_then(|t| field(&t, "paragraph"));
            (name, number)
        })
        .collect();
    out.sort();
    out
}

/// A whole number `key = N` of a front matter, read line by line.
fn field(text: &str, key: &str) -> Option<u32> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.split('#').next()?.trim().parse().ok())?
    })
}

/// The number a paragraph folder's name gives: `p07-…` → 7.
fn folder_number(name: &str) -> Option<u32> {
    let digits: String = name
        .strip_prefix('p')?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn dossier(root: &Path, country: &str) -> Result<PathBuf, String> {
    let folder = root.join("content").join(country);
    if !folder.join("_index.md").is_file() {
        return Err(format!(
            "there is no dossier content/{country}: create it first with followup new country {country}"
        ));
    }
    Ok(folder)
}

fn paragraph(
    root: &Path,
    country: &str,
    number: u32,
    title: Option<&str>,
) -> Result<(String, String), String> {
    let country = country
        .trim()
        .trim_start_matches("content/")
        .trim_end_matches('/');
    if number == 0 {
        return Err("paragraph 0 cannot be used: paragraphs are numbered from 1, as in the concluding observations".to_string());
    }
    let folder = dossier(root, country)?;
    let existing = paragraphs(&folder)
        .into_iter()
        .find(|(name, n)| *n == Some(number) || folder_number(name) == Some(number));
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    let name = match existing {
        // A folder made by hand without its _index.md is given one.
        Some((name, _)) if !folder.join(&name).join("_index.md").exists() => name,
        Some((name, _)) => {
            return Err(format!(
                "paragraph {number} already has its folder content/{country}/{name}: add recommendations to it with followup new recommendation {country}/{name}"
            ));
        }
        // The importer's and the sample's naming: p07-<topic>.
        None => match title.map(slugify).filter(|s| !s.is_empty()) {
            Some(s) => format!("p{number:02}-{s}"),
            None => format!("p{number:02}"),
        },
    };
    let title = match title {
        Some(t) => format!("title = {}   # optional: its topic", quoted(t)),
        None => {
            "# title = \"National human rights institution\"   # optional: its topic".to_string()
        }
    };
    let text = format!(
        "+++
paragraph = {number}                # required: its number in the concluding observations
{title}
articles = []                 # required: the treaty articles it concerns, e.g. [2, 14]
+++
{PLACEHOLDER}: the Committee's concern, pasted from the concluding observations.
"
    );
    Ok((format!("content/{country}/{name}/_index.md"), text))
}

fn recommendation(
    root: &Path,
    target: &str,
    name: Option<&str>,
    config: &str,
) -> Result<(String, String), String> {
    let target = target
        .trim()
        .trim_start_matches("content/")
        .trim_end_matches('/');
    let Some((country, wanted)) = target.split_once('/') else {
        return Err(format!(
            "{target:?} does not name a paragraph: write COUNTRY/PARAGRAPH, like kazakhstan/p07-national-human-rights-institution or kazakhstan/7"
        ));
    };
    let folder = dossier(root, country)?;
    let all = paragraphs(&folder);
    let number: Option<u32> = wanted
        .trim_start_matches('p')
        .parse()
        .ok()
        .filter(|_| !wanted.contains('-'));
    let found = all.iter().find(|(n, _)| n == wanted).or_else(|| {
        let number = number?;
        all.iter()
            .find(|(n, p)| *p == Some(number) || folder_number(n) == Some(number))
    });
    let Some((paragraph, _)) = found.filter(|(n, _)| folder.join(n).join("_index.md").is_file())
    else {
        let known: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        return Err(match known.as_slice() {
            [] => format!(
                "content/{country} has no paragraph {wanted}: create it first with followup new paragraph {country} <number>"
            ),
            _ => format!(
                "content/{country} has no paragraph {wanted}: its paragraphs are {}; or create it with followup new paragraph {country} <number>",
                known.join(", ")
            ),
        });
    };
    let here = folder.join(paragraph);
    // The next number after every sibling's, by file name and by `order`.
    let mut last = 0;
    let mut ordered = false;
    for entry in std::fs::read_dir(&here).into_iter().flatten().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if !file.ends_with(".md") || file.starts_with("_index") {
            continue;
        }
        let digits: String = file.chars().take_while(char::is_ascii_digit).collect();
        last = last.max(digits.parse().unwrap_or(0));
        if let Some(order) = std::fs::read_to_string(entry.path())
            .ok()
            .and_then(|t| field(&t, "order"))
        {
            ordered = true;
            last = last.max(order);
        }
    }
    let next = last + 1;
    let stem = name.map(slugify).filter(|s| !s.is_empty());
    let stem = stem.as_deref().unwrap_or("recommendation");
    // Siblings with `order` come before those without: a new one without it
    // would go last, so it gets one only when they have one.
    let order = if ordered {
        format!("order = {next}                     # optional: its position in the paragraph")
    } else {
        format!("# order = {next}                   # optional: its position in the paragraph")
    };
    let codes: Vec<String> = crate::input::config::parse(config)
        .map(|c| c.grades.into_iter().map(|g| g.code).collect())
        .unwrap_or_default();
    let grades = match codes.as_slice() {
        [] => "a grade code of followup.toml".to_string(),
        [one] => format!("the grade, {one}"),
        [rest @ .., last] => format!("the grade, one of {} or {last}", rest.join(", ")),
    };
    let text = format!(
        "+++
grade = {grade}   # required
recommendation = \"\"\"{PLACEHOLDER}: the Committee's recommendation, in its words.\"\"\"   # required
# summary = \"The short overview shown in the lists.\"   # optional
{order}
# reference = \"7(a)\"          # optional: the Committee's own number for it
# draft = true                # optional: not published yet
#
# Optional, at the end: your grades of earlier rounds, and other
# assessors' grades (section 4 of the authoring guide).
# [[assessments]]
# round = 1
# by = \"committee\"            # a key of [assessors] in followup.toml
# grade = \"C\"                 # on that assessor's scale; a range as \"C2-D1\"
# date = 2013-03-28           # required for other assessors
# document = \"CCPR/C/107/2\"   # where it was published
# url = \"https://...\"
# summary = \"...\"
+++
## Action taken by the State

{PLACEHOLDER}: what the State did, with its sources in footnotes.

## Other comments

{PLACEHOLDER}: your assessment.
",
        grade = quoted(&format!("{PLACEHOLDER}: {grades}")),
    );
    Ok((
        format!("content/{country}/{paragraph}/{next:02}-{stem}.md"),
        text,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_numbers_are_read_as_the_importer_writes_them() {
        assert_eq!(
            folder_number("p07-national-human-rights-institution"),
            Some(7)
        );
        assert_eq!(folder_number("p21"), Some(21));
        assert_eq!(folder_number("notes"), None);
        assert_eq!(
            field("+++\nparagraph = 25 # x\n+++\n", "paragraph"),
            Some(25)
        );
    }
}
