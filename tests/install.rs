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

/// What `uname` says, normalised as install.sh normalises it.
fn uname(flag: &str) -> String {
    let o = Command::new("uname").arg(flag).output().unwrap();
    let said = String::from_utf8(o.stdout).unwrap().trim().to_string();
    match said.as_str() {
        "amd64" => "x86_64".to_string(),
        "arm64" => "aarch64".to_string(),
        _ => said,
    }
}

/// The release archive install.sh asks for here: it follows what the
/// machine's `uname` says, not what these tests were built for (under QEMU
/// an aarch64 test runs the host's x86_64 `sh` and `uname`).
fn archive() -> String {
    let cpu = uname("-m");
    match uname("-s").as_str() {
        "Darwin" => format!("followup-{cpu}-apple-darwin.tar.gz"),
        _ => format!("followup-{cpu}-unknown-linux-musl.tar.gz"),
    }
}

/// The SHA-256 line of `file` as sha256sum writes it (macOS has shasum).
fn sha256_line(dir: &Path, file: &str) -> String {
    let o = Command::new("sha256sum")
        .arg(file)
        .current_dir(dir)
        .output()
        .or_else(|_| {
            Command::new("shasum")
                .args(["-a", "256", file])
                .current_dir(dir)
                .output()
        })
        .unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

/// Puts an archive of the tests' followup, and its checksum file, in
/// `releases/download/v<version>/` and `releases/latest/download/`; for
/// `bad`, a checksum that does not match.
fn release(site: &Path, version: &str, bad: bool) {
    release_of(
        site,
        version,
        bad,
        Path::new(env!("CARGO_BIN_EXE_followup")),
    );
}

/// As `release`, with `program` as the archive's followup.
fn release_of(site: &Path, version: &str, bad: bool, program: &Path) {
    let staging = site.join("staging");
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::copy(program, staging.join("followup")).unwrap();
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
    let mut line = sha256_line(site, &name);
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
    // Under an emulator (release.yml runs the aarch64 tests with QEMU), the
    // host's sh may not start this test's followup at all; install.sh, which
    // runs what it downloads before installing it, rightly refuses it then.
    let runs = Command::new("sh")
        .args(["-c", "\"$0\" --version", env!("CARGO_BIN_EXE_followup")])
        .output()
        .unwrap();
    if !runs.status.success() {
        eprintln!(
            "skipped: the host's sh cannot start this {} followup ({}): cross-built, run under an emulator",
            std::env::consts::ARCH,
            stderr(&runs).trim()
        );
        return;
    }
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
    let installed_home = home;
    let home = tempfile::tempdir().unwrap();
    let o = install(&url, home.path(), &["--version", "0.0.0"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: followup 0.0.0 was not found at http://127.0.0.1")
            && stderr(&o).contains(".tar.gz (404)"),
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

    // No server where the releases should be: the network's error, not
    // "not found".
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let nowhere = format!("http://{}/releases", closed.local_addr().unwrap());
    drop(closed);
    let o = install(&nowhere, home.path(), &[], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "error: followup latest could not be downloaded from {nowhere}/latest/download/"
        )) && stderr(&o).contains(": no connection could be made to the server")
            && stderr(&o).contains("help: check the network connection"),
        "{}",
        stderr(&o)
    );

    // A name that no DNS resolves (`.invalid` is reserved for that), and a
    // server that does not speak TLS where HTTPS is asked for.
    let o = install("http://followup.invalid/releases", home.path(), &[], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the server's name could not be found (DNS)"),
        "{}",
        stderr(&o)
    );
    let plain = TcpListener::bind("127.0.0.1:0").unwrap();
    let plain_url = format!("https://{}/releases", plain.local_addr().unwrap());
    std::thread::spawn(move || {
        // Answers in plain HTTP at once, whatever the client sends.
        for mut stream in plain.incoming().flatten() {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
        }
    });
    let o = install(&plain_url, home.path(), &[], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no secure (TLS) connection could be made"),
        "{}",
        stderr(&o)
    );
    assert!(!home.path().join("bin/followup").exists());

    // A release whose program does not run here (a missing loader looks
    // like this): refused, and the followup installed before stays.
    let home = installed_home;
    let broken = tempfile::tempdir().unwrap();
    let program = broken.path().join("followup");
    std::fs::write(&program, "#!/nonexistent/loader\n").unwrap();
    release_of(&broken.path().join("site"), "6.6.6", false, &program);
    let broken_url = serve(broken.path().join("site"));
    let o = install(&broken_url, home.path(), &["--version", "6.6.6"], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("does not run on this machine: nothing was installed")
            && !stderr(&o).contains("Installed"),
        "{}",
        stderr(&o)
    );
    let still = Command::new(home.path().join("bin/followup"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&still.stdout).starts_with(&format!("followup {VERSION}")));

    // A machine no release is built for.
    let home = tempfile::tempdir().unwrap();
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
        ps1.contains(&format!("\n    $Repo = \"{slug}\"\n")),
        "install.ps1"
    );
    // Their usage lines name it too (install.sh's through `repo`, which
    // the help test reads): no placeholder is left to fill in.
    assert!(!sh.contains("OWNER/REPO"), "install.sh has a placeholder");
    assert!(!ps1.contains("OWNER/REPO"), "install.ps1 has a placeholder");
    assert!(
        ps1.contains(&format!(
            "irm https://raw.githubusercontent.com/{slug}/main/install.ps1 | iex"
        )),
        "install.ps1"
    );
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    assert!(action.contains("$GITHUB_ACTION_PATH/install.sh"));
    assert!(action.contains("install.ps1"));
}

/// `curl ... | sh -s -- --help` shows the settings, though the script has
/// no file name to read them from.
#[cfg_attr(
    windows,
    ignore = "install.sh is for Linux and macOS; Windows has install.ps1"
)]
#[test]
fn install_sh_help_works_when_piped() {
    let script = std::fs::File::open(root().join("install.sh")).unwrap();
    let o = Command::new("sh")
        .args(["-s", "--", "--help"])
        .stdin(script)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let help = String::from_utf8(o.stdout).unwrap();
    let slug = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    assert!(
        help.contains(&format!(
            "curl --proto '=https' --tlsv1.2 -fsSL https://raw.githubusercontent.com/{slug}/main/install.sh | sh"
        )) && help.contains("--version V")
            && help.contains("--to DIR")
            && help.contains("FOLLOWUP_DOWNLOAD_URL"),
        "{help}"
    );
}

/// Text files are checked out with LF line ends everywhere, Windows
/// included (release.yml reads the version from Cargo.toml and compares it
/// with the tag; the tests compare whole lines), and the binary fixtures are
/// left byte for byte.
#[test]
fn text_files_keep_lf_line_ends_on_every_system() {
    let attributes = std::fs::read_to_string(root().join(".gitattributes")).unwrap();
    assert!(
        attributes.lines().any(|l| l == "* text=auto eol=lf"),
        "{attributes}"
    );
    for file in ["Cargo.toml", "install.sh", "install.ps1", "action.yml"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        assert!(!text.contains('\r'), "{file} has CRLF line ends");
    }
    if !root().join(".git").exists() {
        // A packaged copy: no checkout to ask git about.
        return;
    }
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .arg("-C")
            .arg(root())
            .args(args)
            .output()
            .expect("git, to read the checkout");
        assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    // Honoured: what git checked out has no CRLF in any text file.
    let eol = git(&["ls-files", "--eol"]);
    let crlf: Vec<&str> = eol
        .lines()
        .filter(|l| l.contains("w/crlf") || l.contains("w/mixed"))
        .collect();
    assert!(crlf.is_empty(), "checked out with CRLF: {crlf:?}");
    let attr = git(&[
        "check-attr",
        "text",
        "eol",
        "--",
        "Cargo.toml",
        "tests/fixtures/import/kazakhstan.docx",
    ]);
    assert!(attr.contains("Cargo.toml: text: auto"), "{attr}");
    assert!(attr.contains("Cargo.toml: eol: lf"), "{attr}");
    assert!(attr.contains("kazakhstan.docx: text: unset"), "{attr}");
}

/// install.ps1 is ASCII, and has no PowerShell mistake that stops it
/// before its first line runs:
/// `"$Name:"` in a string reads as a scope-qualified variable (like
/// `$env:Path`), a parse error when no name follows the colon; `${Name}:`
/// is meant. (PowerShell's own parser checks the whole script on the
/// Windows job of .github/workflows/ci.yml.)
#[test]
fn install_ps1_has_no_variable_followed_by_a_bare_colon() {
    let ps1 = std::fs::read_to_string(root().join("install.ps1")).unwrap();
    // Windows PowerShell 5.1 reads a script without a byte order mark in
    // the system's code page: any non-ASCII character would be garbled.
    if let Some((n, line)) = ps1.lines().enumerate().find(|(_, l)| !l.is_ascii()) {
        panic!("install.ps1:{}: not ASCII: {line}", n + 1);
    }
    for (n, line) in ps1.lines().enumerate() {
        let bytes = line.as_bytes();
        for (i, _) in line.match_indices('$') {
            let name_end = bytes[i + 1..]
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .map_or(bytes.len(), |p| i + 1 + p);
            if name_end == i + 1 || bytes.get(name_end) != Some(&b':') {
                continue;
            }
            let next = bytes.get(name_end + 1).copied().unwrap_or(b' ');
            assert!(
                next.is_ascii_alphabetic() || next == b'_' || next == b':',
                "install.ps1:{}: `{}` is not a variable: write ${{{}}}:",
                n + 1,
                &line[i..=name_end],
                &line[i + 1..name_end]
            );
        }
    }
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

/// Both Pages workflows (this repository's and the one `init` writes) let
/// their build job read the Pages settings that configure-pages asks for:
/// with `contents: read` alone it stops with "Resource not accessible by
/// integration".
#[test]
fn the_pages_workflows_may_read_the_pages_settings() {
    for file in [".github/workflows/pages.yml", "src/init/scaffold/pages.yml"] {
        let workflow = std::fs::read_to_string(root().join(file)).unwrap();
        let build = &workflow[workflow.find("\n  build:\n").expect(file)..];
        let build = &build[..build.find("\n  deploy:\n").expect(file)];
        assert!(build.contains("uses: actions/configure-pages@"), "{file}");
        assert!(
            build.contains("    permissions:\n      contents: read\n      pages: read\n"),
            "{file}: {build}"
        );
    }
}
