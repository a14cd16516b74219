//! Records the commit followup is built from, for `followup --version` and
//! for the workflow `followup init` writes (which uses this repository's
//! action at that very commit). `FOLLOWUP_COMMIT` in the environment wins
//! (the release workflow sets it); otherwise git is asked; a build from a
//! source archive without git has none.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=FOLLOWUP_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    // A new commit moves HEAD or the branch it names: build again then.
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        println!("cargo:rerun-if-changed={dir}/HEAD");
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            println!("cargo:rerun-if-changed={dir}/{branch}");
        }
        if std::path::Path::new(&format!("{dir}/packed-refs")).exists() {
            println!("cargo:rerun-if-changed={dir}/packed-refs");
        }
    }
    let commit = std::env::var("FOLLOWUP_COMMIT")
        .ok()
        .or_else(|| git(&["rev-parse", "HEAD"]))
        .filter(|c| c.len() == 40 && c.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_default();
    println!("cargo:rustc-env=FOLLOWUP_COMMIT={commit}");
    // What `followup --version` prints after the program's name.
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let line = if commit.is_empty() {
        version
    } else {
        format!("{version} (commit {})", &commit[..12])
    };
    println!("cargo:rustc-env=FOLLOWUP_VERSION_LINE={line}");
}
