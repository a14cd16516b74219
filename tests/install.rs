//! install.sh end to end, against a local release: an archive of the
//! followup built for these tests, with its checksum, served on 127.0.0.1
//! the way GitHub serves release downloads. Also: the install scripts, the
//! action and `init`'s workflow all name Cargo.toml's repository.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file server on 127.0.0.1 for `dir`, answering 404 for what is not
/// there; runs until the test process ends.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Read the headers to their end.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let file = dir.join(path.trim_start_matches('/'));
            let mut stream = &stream;
            let _ = match std::fs::read(&file).ok().filter(|_| !path.contains("..")) {
                Some(body) => stream
                    .write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            body.len()
                        )
                        .as_bytes(),
                    )
                    .and_then(|_| stream.write_all(&body)),
                None => stream.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                ),
            };
        }
    });
    format!("http://{address}/releases")
}

/// The release archive name install.sh picks on this machine.
fn archive() -> String {
    let cpu = std::env::consts::ARCH;
    match std::env::consts::OS {
        "macos" => format!("followup-{cpu}-apple-darwin.tar.gz"),
        _ => format!("followup-{cpu}-unknown-linux-musl.tar.gz"),
    }
}

/// Puts an archive of the tests' followup, and its checksum file, in
/// `releases/download/v<version>/` and `releases/latest/download/`; for
/// `bad`, a checksum that does not match.
fn release(site: &Path, version: &str, bad: bool) {
    let staging = site.join("staging");
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_followup"), staging.join("followup")).unwrap();
    let name = archive();
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(site.join(&name))
        .arg("-C")
        .arg(&staging)
        .arg("followup")
        .status()
        .unwrap();
    assert!(tar.success());
    let sum = Command::new("sha256sum")
        .arg(&name)
        .current_dir(site)
        .output()
        .unwrap();
    let mut line = String::from_utf8(sum.stdout).unwrap();
    if bad {
        line = format!("{}{}", "0".repeat(64), &line[64..]);
    }
    for dir in [
        format!("releases/download/v{version}"),
        "releases/latest/download".to_string(),
    ] {
        let dir = site.join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(site.join(&name), dir.join(&name)).unwrap();
        std::fs::write(dir.join(format!("{name}.sha256")), &line).unwrap();
    }
}

/// Runs install.sh with `args`, downloading from `url`, installing into
/// `home/bin`, with `path_first` put before the PATH.
fn install(url: &str, home: &Path, args: &[&str], path_first: Option<&Path>) -> Output {
    let mut path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(first) = path_first {
        path = std::env::join_paths(
            std::iter::once(first.to_path_buf()).chain(std::env::split_paths(&path)),
        )
        .unwrap();
    }
    Command::new("sh")
        .arg(root().join("install.sh"))
        .args(args)
        .env("FOLLOWUP_DOWNLOAD_URL", url)
        .env("FOLLOWUP_INSTALL_DIR", home.join("bin"))
        .env("HOME", home)
        .env("PATH", path)
        .env_remove("FOLLOWUP_VERSION")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[cfg_attr(
    windows,
    ignore = "install.sh is for Linux and macOS; Windows has install.ps1"
)]
#[test]
fn install_sh_installs_a_verified_release_and_refuses_what_it_cannot_trust() {
    let site = tempfile::tempdir().unwrap();
    release(site.path(), VERSION, false);
    release(&site.path().join("tampered"), "9.9.9", true);
    let url = serve(site.path().to_path_buf());

    // A named version: downloaded, checked, installed, and it runs.
    let home = tempfile::tempdir().unwrap();
    let o = install(&url, home.path(), &["--version", VERSION], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let installed = home.path().join("bin/followup");
    let version = Command::new(&installed).arg("--version").output().unwrap();
    let version = String::from_utf8(version.stdout).unwrap();
    assert!(
        version.starts_with(&format!("followup {VERSION}")),
        "{version}"
    );
    assert!(
        stderr(&o).contains(&format!("Installed followup {VERSION}")),
        "{}",
        stderr(&o)
    );
    // Its folder is not on the PATH: the line to add is given.
    assert!(stderr(&o).contains("is not on your PATH"), "{}", stderr(&o));

    // Without a version: the latest release, written over the first.
    let o = install(&url, home.path(), &[], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Downloading followup latest"));

    // A version that was never released.
    let home = tempfile::tempdir().unwrap();
    let o = install(&url, home.path(), &["--version", "0.0.0"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: followup 0.0.0 was not found at http://127.0.0.1"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("help: the released versions are listed at https://github.com/"));
    assert!(!home.path().join("bin/followup").exists());

    // An archive whose checksum does not match: nothing is installed.
    let o = install(
        &url.replace("/releases", "/tampered/releases"),
        home.path(),
        &["--version", "9.9.9"],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("SHA-256 checksum is ")
            && stderr(&o).contains("but the release says 0000000000")
            && stderr(&o).contains("nothing was installed"),
        "{}",
        stderr(&o)
    );
    assert!(!home.path().join("bin/followup").exists());

    // A machine no release is built for.
    let fake = tempfile::tempdir().unwrap();
    let uname = fake.path().join("uname");
    std::fs::write(
        &uname,
        "#!/bin/sh\ncase \"$1\" in -s) echo SunOS ;; *) echo sparc64 ;; esac\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&uname, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let o = install(&url, home.path(), &[], Some(fake.path()));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("error: no followup release is built for this machine (SunOS, sparc64)")
            && stderr(&o).contains("help: releases are built for Linux and macOS"),
        "{}",
        stderr(&o)
    );
    assert!(!home.path().join("bin/followup").exists());
}

/// Cargo.toml's `repository` is the one place that names the project's
/// repository: the scripts and `init`'s workflow agree with it.
#[test]
fn every_download_names_the_projects_repository() {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let slug = repository.trim_start_matches("https://github.com/");
    assert_ne!(slug, repository, "a GitHub repository: {repository}");
    let sh = std::fs::read_to_string(root().join("install.sh")).unwrap();
    assert!(sh.contains(&format!("\nrepo=\"{slug}\"\n")), "install.sh");
    let ps1 = std::fs::read_to_string(root().join("install.ps1")).unwrap();
    assert!(
        ps1.contains(&format!("\n$Repo = \"{slug}\"\n")),
        "install.ps1"
    );
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    assert!(action.contains("$GITHUB_ACTION_PATH/install.sh"));
    assert!(action.contains("install.ps1"));
}

/// `followup --version` names the commit it was built from, when known.
#[test]
fn the_version_names_its_commit() {
    let o = Command::new(env!("CARGO_BIN_EXE_followup"))
        .arg("--version")
        .output()
        .unwrap();
    let line = String::from_utf8(o.stdout).unwrap();
    let commit = env!("FOLLOWUP_COMMIT");
    if commit.is_empty() {
        assert_eq!(line.trim(), format!("followup {VERSION}"));
    } else {
        assert_eq!(
            line.trim(),
            format!("followup {VERSION} (commit {})", &commit[..12])
        );
    }
}
