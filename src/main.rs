//! The `followup` command line.

// No function over 150 lines (clippy.toml): a longer one does several jobs.
#![warn(clippy::too_many_lines)]

use clap::{Parser, Subcommand, ValueEnum};
use followup::base::diagnostics::Diagnostics;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "followup",
    version = env!("FOLLOWUP_VERSION_LINE"),
    about = "Build human-rights follow-up dossiers into a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How problems are printed.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// For people: file:line:column, the line with a caret, and help.
    Human,
    /// One JSON object per line on standard output, for editors and CI.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// The site's folder, holding followup.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish at this address instead of followup.toml's base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// Keep what the next build can reuse (the search index, the
        /// link-preview images) in DIR [default: <root>/.followup-cache].
        #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
        cache: Option<PathBuf>,
        /// Build everything afresh, neither reading nor writing the cache.
        #[arg(long)]
        no_cache: bool,
        /// How to print problems.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Preview the site: serve it from memory, rebuild on every save and
    /// reload open pages.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on [default: 1111, or the next free one].
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on. Other machines can reach the preview only
        /// if this is not a loopback address.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also serve requests for this host name or address (a phone on
        /// the local network, say); repeatable. Without it, only localhost,
        /// 127.0.0.1, [::1] and the --bind address are served.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_host: Vec<String>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new dossier site in DIR (a new or empty folder), ready to
    /// build and to publish on GitHub Pages: settings with a grade scale,
    /// and no dossier yet.
    Init {
        dir: PathBuf,
        /// Write the sample dossier's settings and one of its
        /// recommendations instead, to copy from.
        #[arg(long)]
        example: bool,
    },
    /// Create one file of a dossier, with every field the authoring guide
    /// lists: what is required is marked TO FILL IN, which `followup check`
    /// reports until it is replaced. Never overwrites a file.
    New {
        #[command(subcommand)]
        what: NewFile,
        /// The site's folder, holding followup.toml and content/.
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Make a dossier from an NGO's Word assessment (.docx, or its text
    /// copied out of Word as .txt), under content/<country>/ of the site.
    Import {
        /// The Word document (.docx) or its text (.txt).
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The dossier's folder name (default: from the file's name).
        #[arg(long)]
        country: Option<String>,
        /// Print what would be written, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write what could be read even when something of the document is
        /// left out (it is listed).
        #[arg(long)]
        keep_going: bool,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    Export(followup::export::cli::ExportArgs),
    /// Check the site for errors, writing nothing (unless --fix).
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How to print problems.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// First fix what has exactly one right answer (curly quotes
        /// around a value, invisible characters in names, grades and
        /// around `=`, look-alike letters in grades), printing each change;
        /// then check what is left.
        #[arg(long)]
        fix: bool,
        /// With --fix: print the changes, write nothing.
        #[arg(long, requires = "fix")]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum NewFile {
    /// A dossier: content/SLUG/_index.md.
    Country {
        /// The dossier's folder name, which makes its address: lower-case
        /// letters, digits and hyphens (kazakhstan, kazakhstan-2016).
        slug: String,
    },
    /// A follow-up paragraph of a dossier: content/COUNTRY/pNN-…/_index.md.
    Paragraph {
        /// The dossier's folder name.
        country: String,
        /// The paragraph's number in the concluding observations.
        number: u32,
        /// Its topic, which also names the folder (p07-<topic>).
        #[arg(long)]
        title: Option<String>,
    },
    /// A recommendation, the next one of a paragraph: NN-….md.
    Recommendation {
        /// COUNTRY/PARAGRAPH: the paragraph's folder (or its number, as in
        /// kazakhstan/7).
        paragraph: String,
        /// A few words naming it, for its file name (NN-<words>.md).
        #[arg(long)]
        name: Option<String>,
    },
}

fn print_diagnostics(d: &Diagnostics, format: Format) {
    for diag in d.iter() {
        match format {
            Format::Human => eprintln!("{diag}\n"),
            Format::Json => match serde_json::to_string(diag) {
                Ok(line) => println!("{line}"),
                Err(e) => eprintln!("error: cannot print a diagnostic as JSON: {e}"),
            },
        }
    }
}

/// The closing line: on standard output for people, on standard error when
/// standard output carries JSON.
fn say(format: Format, line: String) {
    match format {
        Format::Human => println!("{line}"),
        Format::Json => eprintln!("{line}"),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            cache,
            no_cache,
            format,
        } => build(
            followup::BuildOptions {
                root,
                output,
                base_url,
                cache,
                no_cache,
            },
            format,
        ),
        Command::Serve {
            root,
            port,
            bind,
            allowed_host,
            open,
        } => serve(followup::preview::ServeOptions {
            root,
            port,
            bind,
            allowed_hosts: allowed_host,
            open,
        }),
        Command::Init { dir, example } => init(&dir, example),
        Command::New { what, root } => new(what, &root),
        Command::Import {
            file,
            root,
            country,
            dry_run,
            keep_going,
            format,
        } => import(
            followup::import::ImportOptions {
                file,
                root,
                country,
                dry_run,
                keep_going,
            },
            format,
        ),
        Command::Export(args) => followup::export::cli::run(args),
        Command::Check {
            root,
            strict,
            format,
            fix,
            dry_run,
        } => check(&root, strict, format, fix, dry_run),
    }
}

/// `followup build`: the warnings and a closing line, or the errors and
/// what became of the output folder.
fn build(opts: followup::BuildOptions, format: Format) -> ExitCode {
    set_allocator_for_a_build();
    match followup::build(&opts) {
        Ok(report) => {
            print_diagnostics(&report.warnings, format);
            let w = &report.write;
            let cache = report.cache.map_or(String::new(), |(reused, made)| {
                format!("; build cache: {reused} reused, {made} made")
            });
            say(
                format,
                format!(
                    "Built {} pages ({} files: {} written, {} unchanged, {} removed{cache}) into {} in {} ms",
                    report.pages,
                    report.files,
                    w.written,
                    w.unchanged,
                    w.removed,
                    opts.output_dir().display(),
                    report.elapsed.as_millis()
                ),
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let diags = failure.diagnostics;
            print_diagnostics(&diags, format);
            if failure.output_changed {
                eprintln!(
                    "Build failed: {}. {} was partly updated before the failure, as the error says; fix the cause and build again.",
                    diags.summary(),
                    opts.output_dir().display()
                );
            } else {
                eprintln!(
                    "Build failed: {}. Nothing was written; {} is as it was.",
                    diags.summary(),
                    opts.output_dir().display()
                );
            }
            ExitCode::FAILURE
        }
    }
}

/// `followup serve`: runs until stopped.
fn serve(opts: followup::preview::ServeOptions) -> ExitCode {
    match followup::preview::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `followup init`: the files written, and what to do next.
fn init(dir: &std::path::Path, example: bool) -> ExitCode {
    match followup::init::init(dir, example) {
        Ok(files) => {
            println!("Created a dossier site in {}:", dir.display());
            for f in files {
                println!("  {f}");
            }
            let d = dir.display();
            if example {
                println!(
                    "Nothing is built yet. Next: cd {d} && followup serve to preview it while you edit content/ and followup.toml (set base_url); followup build writes the site into public/."
                );
            } else {
                println!(
                    "Nothing is built yet, and there is no dossier. Next, in {d}: set title and base_url in followup.toml, and the grades to your scale; then either import an assessment written in Word (followup import assessment.docx --country kazakhstan), or create a dossier by hand (followup new country kazakhstan, followup new paragraph kazakhstan 7, followup new recommendation kazakhstan/7). followup serve previews it while you edit; followup build writes the site into public/."
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `followup new`: the file written, and what to write next.
fn new(what: NewFile, root: &std::path::Path) -> ExitCode {
    let what = match what {
        NewFile::Country { slug } => followup::init::new::New::Country { slug },
        NewFile::Paragraph {
            country,
            number,
            title,
        } => followup::init::new::New::Paragraph {
            country,
            number,
            title,
        },
        NewFile::Recommendation { paragraph, name } => followup::init::new::New::Recommendation {
            target: paragraph,
            name,
        },
    };
    match followup::init::new::new(root, &what) {
        Ok(file) => {
            println!(
                "Wrote {file}: write what it marks {} (followup check lists each place) and remove the # of the optional fields you use.",
                followup::check::validate::placeholder::PLACEHOLDER
            );
            // The file's folder, as the next command names it.
            let folder = file
                .trim_start_matches("content/")
                .rsplit_once('/')
                .map_or("", |(f, _)| f);
            match what {
                followup::init::new::New::Country { .. } => println!(
                    "Next, its first follow-up paragraph: followup new paragraph {folder} <number>"
                ),
                followup::init::new::New::Paragraph { .. } => {
                    println!("Next, its recommendations: followup new recommendation {folder}")
                }
                followup::init::new::New::Recommendation { .. } => {}
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `followup check`: the problems, what is worth knowing of the
/// translations and drafts, and a closing line.
fn check(
    root: &std::path::Path,
    strict: bool,
    format: Format,
    fix: bool,
    dry_run: bool,
) -> ExitCode {
    match if fix {
        fix_then_check(root, dry_run, format)
    } else {
        followup::check(root)
    } {
        Ok(checked) => {
            print_diagnostics(&checked.warnings, format);
            // For authors of a site in several languages, as information.
            for s in &checked.translations {
                eprintln!(
                    "info: {}: {} of {} files translated{}",
                    s.language,
                    s.translated,
                    s.total,
                    match s.missing.as_slice() {
                        [] => String::new(),
                        [one] => format!("; not yet: {one}"),
                        [first, rest @ ..] => format!(
                            "; not yet: {first} and {} more (listed on the translations page)",
                            rest.len()
                        ),
                    }
                );
            }
            // Drafts are no problem, but the build leaves them out.
            match checked.drafts.as_slice() {
                [] => {}
                [one] => eprintln!("info: 1 draft, which a build leaves out: {one}"),
                all => eprintln!(
                    "info: {} drafts, which a build leaves out: {}",
                    all.len(),
                    all.join(", ")
                ),
            }
            let failed = strict && checked.warnings.warnings() > 0;
            eprintln!(
                "Checked {} pages: {}.",
                checked.pages,
                checked.warnings.summary()
            );
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(diags) => {
            print_diagnostics(&diags, format);
            eprintln!("Check failed: {}.", diags.summary());
            ExitCode::FAILURE
        }
    }
}

/// `followup check --fix`: the changes, one line each, then the check of
/// the site as fixed (on disk, or in memory for a dry run).
fn fix_then_check(
    root: &std::path::Path,
    dry_run: bool,
    format: Format,
) -> Result<followup::Checked, Diagnostics> {
    let fixed = followup::check::fix::fix(root, !dry_run);
    let show = |line: String| match format {
        Format::Human => println!("{line}"),
        Format::Json => eprintln!("{line}"),
    };
    for change in &fixed.changes {
        show(change.to_string());
    }
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    let (lines, files) = (
        count(fixed.changes.len(), "line"),
        count(fixed.files, "file"),
    );
    show(match (fixed.changes.len(), dry_run) {
        (0, _) => "Nothing to fix.".to_string(),
        (_, true) => format!("Would fix {lines} in {files} (--dry-run: nothing written)."),
        (_, false) => format!("Fixed {lines} in {files}."),
    });
    if fixed.problems.has_errors() {
        return Err(fixed.problems);
    }
    // Warnings of the writing (a file whose other names keep the old text).
    print_diagnostics(&fixed.problems, format);
    followup::check_loaded(fixed.site)
}

// Rendering makes and drops millions of small strings and template values
// from both threads at once; the system allocator grows and shrinks its
// per-thread heaps page by page (tens of thousands of mprotect calls on a
// 10,000-recommendation build), mimalloc does not.
/// `followup import`: the report, then `check` of the site it wrote into.
fn import(opts: followup::import::ImportOptions, format: Format) -> ExitCode {
    let report = match followup::import::run(&opts) {
        Ok(r) => r,
        Err(diags) => {
            print_diagnostics(&diags, format);
            eprintln!("Import failed: nothing was written.");
            return ExitCode::FAILURE;
        }
    };
    let checked = report.written.then(|| followup::check(&opts.root));
    let refused = report.refused(opts.keep_going);
    if matches!(format, Format::Json) {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        for w in &report.warnings {
            eprintln!("warning: {}: {}", w.place, w.message);
        }
        for i in &report.info {
            eprintln!("info: {i}");
        }
        if !report.left_out.is_empty() {
            eprintln!("{}", followup::import::left_out_list(&report, refused));
        }
        let verb = if report.written {
            "Wrote"
        } else {
            "Would write"
        };
        println!(
            "{verb} {} paragraphs, {} recommendations and {} footnotes into {}:",
            report.paragraphs, report.recommendations, report.footnotes, report.folder
        );
        for f in &report.files {
            println!("  {f}");
        }
        if !report.grades_added.is_empty() {
            println!(
                "{} grades to followup.toml, from the document's legends: {}",
                if report.written { "Added" } else { "Would add" },
                report.grades_added.join(", ")
            );
        }
        if let Some(hint) = followup::import::assessor_hint(&report, &opts.root) {
            println!("{hint}");
        }
    }
    // The reconciliation ends the report, whatever comes before it.
    let human = !matches!(format, Format::Json);
    let reconcile = || {
        if human {
            println!("{}", report.reconciliation);
        }
    };
    if refused {
        reconcile();
        eprintln!("Import failed: nothing was written.");
        return ExitCode::FAILURE;
    }
    let code = match checked {
        Some(Err(diags)) => {
            print_diagnostics(&diags, format);
            eprintln!(
                "The imported dossier does not pass `followup check` yet: fix the errors above."
            );
            ExitCode::FAILURE
        }
        Some(Ok(_)) if !matches!(format, Format::Json) && !report.left_out.is_empty() => {
            println!(
                "The dossier was written without what was left out above: add that by hand. Preview it: followup serve --root {}",
                opts.root.display()
            );
            ExitCode::SUCCESS
        }
        Some(Ok(_)) => {
            if !matches!(format, Format::Json) {
                println!(
                    "It passes `followup check`. Preview it: followup serve --root {}",
                    opts.root.display()
                );
            }
            ExitCode::SUCCESS
        }
        None => ExitCode::SUCCESS,
    };
    reconcile();
    code
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A build is short and then exits, so mimalloc is set for speed rather
/// than for giving memory back: what the build frees is kept for its next
/// allocations instead of being returned to the system and faulted in
/// again, and its memory comes in ordinary pages, not transparent huge
/// pages, which the kernel zeroes 2 MiB at a time on first touch. (Measured
/// at 10,000 recommendations: system time 2.0-2.6 s -> 0.7-0.9 s, wall time
/// 6.0 s -> 5.2-5.4 s, the same peak memory.) The preview, which runs for
/// hours, keeps mimalloc's defaults.
fn set_allocator_for_a_build() {
    // Positions in mimalloc.h's `mi_option_e` of the mimalloc that
    // libmimalloc-sys 0.1.49 builds (v3), which it does not name; the
    // dependency is pinned so that they cannot move unseen.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const ALLOW_THP: libmimalloc_sys::mi_option_t = 43;
    // SAFETY: sets two of mimalloc's options (-1: never purge; 0: no
    // transparent huge pages), which it reads when it purges or asks the
    // system for memory.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        libmimalloc_sys::mi_option_set(ALLOW_THP, 0);
    }
}
