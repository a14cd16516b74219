//! The `followup` command line.

use clap::{Parser, Subcommand};
use followup::diagnostics::Diagnostics;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "followup",
    version,
    about = "Build human-rights follow-up dossiers into a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    },
    /// Check the site for errors without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
}

fn print_diagnostics(d: &Diagnostics) {
    for diag in d.iter() {
        eprintln!("{diag}\n");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
        } => {
            let opts = followup::BuildOptions {
                root,
                output,
                base_url,
            };
            match followup::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    let w = &report.write;
                    println!(
                        "Built {} pages ({} files: {} written, {} unchanged, {} removed) into {} in {} ms",
                        report.pages,
                        report.files,
                        w.written,
                        w.unchanged,
                        w.removed,
                        opts.output_dir().display(),
                        report.elapsed.as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    eprintln!(
                        "Build failed: {}. Nothing was written; {} is as it was.",
                        diags.summary(),
                        opts.output_dir().display()
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, strict } => match followup::compile(&root, None) {
            Ok(compiled) => {
                print_diagnostics(&compiled.warnings);
                let failed = strict && compiled.warnings.warnings() > 0;
                eprintln!(
                    "Checked {} pages: {}.",
                    compiled.output.pages,
                    compiled.warnings.summary()
                );
                if failed {
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(diags) => {
                print_diagnostics(&diags);
                eprintln!("Check failed: {}.", diags.summary());
                ExitCode::FAILURE
            }
        },
    }
}
