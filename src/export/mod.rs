//! `followup export`: one dossier back out as the Word document an NGO
//! sends the Committee, in the layout `followup import` reads, so that the
//! dossier is the one source of both the site and the submission.
//!
//! The site is loaded and validated as a build does ([`crate::index`]) and
//! the document made from the same model and strings the pages use
//! ([`document`]); Markdown becomes Word's own runs, lists, tables and
//! footnotes ([`wml`]), packaged by [`package`].
//!
//! Why not a [`crate::publish::Format`]: a format makes files of every
//! build, for the whole site, into the output folder; an export is asked
//! for, for one dossier, one language and one round, and written where the
//! author says (never over a file without `--force`). Driving the format
//! interface for it would make every build write a .docx per dossier and
//! change the published output; the command calls [`export`] instead, which
//! reads the same `model::Site`.
//!
//! Why no .docx crate: `docx-rs` was weighed; see Cargo.toml, beside
//! `quick-xml` and `zip`, which write the parts here.

pub mod cli;
mod document;
mod package;
mod wml;

use crate::base::diagnostics::nearest;
use std::path::{Path, PathBuf};

/// The Committee's limit for a written submission.
pub const WORD_LIMIT: usize = 10_000;

pub struct ExportOptions {
    pub country: String,
    pub root: PathBuf,
    /// A language of the site; its main language when `None`.
    pub language: Option<String>,
    /// A round of the dossier; its latest when `None`.
    pub round: Option<u32>,
    /// `<country>.docx` (`<country>.<lang>.docx` in another language) in
    /// the current folder when `None`.
    pub output: Option<PathBuf>,
    pub dry_run: bool,
    pub drafts: bool,
    pub force: bool,
}

/// What an export wrote, or would write.
pub struct Report {
    pub output: PathBuf,
    pub bytes: usize,
    pub words: usize,
    pub paragraphs: usize,
    pub recommendations: usize,
    pub footnotes: usize,
    pub round: u32,
    pub language: String,
    /// The sections by their words, longest first.
    pub sections: Vec<(String, usize)>,
    /// Draft files left out (or, with `--drafts`, put in).
    pub drafts: Vec<String>,
    pub ungraded: Vec<String>,
    pub written: bool,
}

/// Why an export wrote nothing: each message says the fix.
#[derive(Debug)]
pub enum Failure {
    /// The site has errors: `followup check` says them.
    Site(crate::base::diagnostics::Diagnostics),
    Message(String),
}

fn fail(s: String) -> Failure {
    Failure::Message(s)
}

/// Exports the dossier `opts.country` of the site at `opts.root`.
pub fn export(opts: &ExportOptions) -> Result<Report, Failure> {
    let loaded = crate::input::load::load(&opts.root);
    let diags = loaded.diagnostics();
    let audience = if opts.drafts {
        crate::Audience::Authors
    } else {
        crate::Audience::Readers
    };
    let (site, _) = crate::index(
        &loaded,
        diags,
        None,
        audience,
        &mut crate::check::validate::Cache::default(),
    )
    .map_err(Failure::Site)?;
    let main = site.config.language.clone();
    let language = opts.language.clone().unwrap_or_else(|| main.clone());
    let Some((lang_site, _)) = site
        .languages()
        .find(|(s, _)| s.config.language == language)
    else {
        let codes: Vec<String> = site
            .languages()
            .map(|(s, _)| s.config.language.clone())
            .collect();
        return Err(fail(format!(
            "the site has no language {language:?}: its languages are {}\n  = help: give one of them to --lang, or add [languages.{language}] to followup.toml and translate the dossier",
            codes.join(", ")
        )));
    };
    let Some(country) = lang_site
        .countries
        .iter()
        .find(|c| c.info.slug == opts.country)
    else {
        let slugs: Vec<&str> = lang_site
            .countries
            .iter()
            .map(|c| c.info.slug.as_str())
            .collect();
        let hint = match nearest(&opts.country, slugs.iter().copied()) {
            Some(n) => format!("did you mean {:?}? ", n.candidate),
            None => String::new(),
        };
        let draft = site
            .drafts
            .iter()
            .any(|d| d.starts_with(&format!("content/{}/", opts.country)));
        let help = if draft && !opts.drafts {
            "it is a draft: export it with --drafts".to_string()
        } else {
            format!(
                "{hint}the dossiers are the folders under content/: {}",
                slugs.join(", ")
            )
        };
        return Err(fail(format!(
            "there is no dossier {:?} in {}\n  = help: {help}",
            opts.country,
            opts.root.join("content").display()
        )));
    };
    let rounds: Vec<u32> = country.info.rounds.iter().map(|r| r.number).collect();
    let round = match opts.round {
        None => rounds.last().copied().unwrap_or(1),
        Some(n) if rounds.contains(&n) || (rounds.is_empty() && n == 1) => n,
        Some(n) => {
            let list: Vec<String> = rounds.iter().map(u32::to_string).collect();
            return Err(fail(format!(
                "the dossier {:?} records no round {n}: its rounds are {}\n  = help: give one of them to --round, or add the round to [[rounds]] in content/{}/_index.md",
                opts.country,
                list.join(", "),
                opts.country
            )));
        }
    };
    let translated = (language != main).then_some(language.as_str());
    let made = document::make(lang_site, &opts.root, country, round, translated);
    let rtl = language == "ar";
    let bytes = package::docx(&made.body, &made.parts, &language, rtl);

    let output = opts.output.clone().unwrap_or_else(|| {
        PathBuf::from(match translated {
            Some(l) => format!("{}.{l}.docx", opts.country),
            None => format!("{}.docx", opts.country),
        })
    });
    if output.exists() && !opts.force && !opts.dry_run {
        return Err(fail(format!(
            "{} already exists: export never overwrites a file\n  = help: give another --output, or add --force to replace it",
            output.display()
        )));
    }
    let words = made.sections.iter().map(|s| s.words).sum();
    let mut sections: Vec<(String, usize)> = made
        .sections
        .iter()
        .map(|s| (s.name.clone(), s.words))
        .collect();
    sections.sort_by_key(|s| std::cmp::Reverse(s.1));
    let mut report = Report {
        output,
        bytes: bytes.len(),
        words,
        paragraphs: country.paragraphs.len(),
        recommendations: made.recommendations,
        footnotes: made.parts.footnotes.len(),
        round,
        language,
        sections,
        drafts: site.drafts.clone(),
        ungraded: made.ungraded,
        written: false,
    };
    if !opts.dry_run {
        write(&report.output, &bytes)?;
        report.written = true;
    }
    Ok(report)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::base::write::write_atomic(path, bytes)
        .map_err(|e| fail(format!("cannot write {}: {e}", path.display())))
}

/// What the command prints: what was (or would be) written, the word
/// count, and the warning over the Committee's limit.
pub fn summary(r: &Report, drafts: bool) -> Vec<String> {
    let mut lines = vec![format!(
        "{} {} ({} bytes): {} paragraphs, {} recommendations, {} footnotes, round {}, language {}",
        if r.written { "Wrote" } else { "Would write" },
        r.output.display(),
        r.bytes,
        r.paragraphs,
        r.recommendations,
        r.footnotes,
        r.round,
        r.language
    )];
    lines.push(format!("{} words", r.words));
    if r.words > WORD_LIMIT {
        let longest: Vec<String> = r
            .sections
            .iter()
            .take(3)
            .map(|(n, w)| format!("{n} ({w} words)"))
            .collect();
        lines.push(format!(
            "warning: {} words is over the Committee's limit of {WORD_LIMIT} for a written submission; the longest sections: {}",
            r.words,
            longest.join(", ")
        ));
    }
    if !r.drafts.is_empty() {
        lines.push(format!(
            "{} {} draft file(s){}",
            if drafts { "Put in" } else { "Left out" },
            r.drafts.len(),
            if drafts {
                ""
            } else {
                " (add --drafts to put them in)"
            }
        ));
    }
    if !r.ungraded.is_empty() {
        lines.push(format!(
            "warning: {} recommendation(s) record no grade for round {}: their grade and overview are left blank ({})",
            r.ungraded.len(),
            r.round,
            r.ungraded.join(", ")
        ));
    }
    lines
}
