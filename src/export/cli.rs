//! `followup export`'s command line: its options (clap) and what it
//! prints, so that the program's `main` only names the command.

use super::{ExportOptions, Failure, export, summary};
use std::path::PathBuf;
use std::process::ExitCode;

/// Write one dossier as the Word document (.docx) an NGO sends the
/// Committee, in the layout `followup import` reads.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// The dossier's folder name under content/.
    country: String,
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// A language of the site (default: its main language).
    #[arg(long = "lang")]
    language: Option<String>,
    /// The round to show each grade and overview of (default: the latest).
    #[arg(long)]
    round: Option<u32>,
    /// The file to write (default: COUNTRY.docx, COUNTRY.LANG.docx).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Print what would be written, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Put in the files marked as drafts.
    #[arg(long)]
    drafts: bool,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

/// Runs the command: the report on standard output, a failure (with its
/// fix) on standard error.
pub fn run(args: ExportArgs) -> ExitCode {
    let opts = ExportOptions {
        country: args.country,
        root: args.root,
        language: args.language,
        round: args.round,
        output: args.output,
        dry_run: args.dry_run,
        drafts: args.drafts,
        force: args.force,
    };
    match export(&opts) {
        Ok(report) => {
            for line in summary(&report, opts.drafts) {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Site(d)) => {
            for diag in d.iter() {
                eprintln!("{diag}\n");
            }
            eprintln!(
                "Export failed: the site has errors (followup check lists them); nothing was written."
            );
            ExitCode::FAILURE
        }
        Err(Failure::Message(m)) => {
            eprintln!("error: {m}");
            ExitCode::FAILURE
        }
    }
}
