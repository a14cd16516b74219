//! A site folder may be a stranger's clone: building or checking it reads
//! nothing outside it and writes nothing outside its output folder, whatever
//! symbolic links, manifest entries or `--output` paths it carries. Each case
//! is an attack on the real binary, and each checks that the victim's files
//! outside the site are untouched.

use crate::common;
use common::*;
use std::path::Path;

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n[[grades]]\ncode = \"A\"\nlabel = \"Good\"\n";
const REC: &str = "+++\ngrade = \"A\"\nrecommendation = \"\"\"Do it.\"\"\"\n+++\nDone.\n";

/// `home/` holding a victim's file (`home/.ssh/authorized_keys`) and a site
/// at `home/site`, cloned from someone else.
fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    write(home.path(), ".ssh/authorized_keys", b"key");
    let site = atlantis(CONFIG, REC);
    for (rel, bytes) in tree(site.path()) {
        write(&home.path().join("site"), &rel, &bytes);
    }
    home
}

#[cfg(unix)]
fn build_default(site: &Path) -> std::process::Output {
    followup(&["build", "--root", site.to_str().unwrap()])
}

#[cfg(unix)]
fn link(target: &str, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[cfg(unix)]
fn victim(home: &Path) -> Vec<String> {
    tree(&home.join(".ssh")).into_keys().collect()
}

#[cfg(unix)]
#[test]
fn a_link_in_the_output_folder_is_refused_and_nothing_is_written() {
    let home = home();
    let site = home.path().join("site");
    link("../../.ssh", &site.join("public/atlantis"));
    write(
        &site,
        "content/atlantis/authorized_keys",
        b"ssh-ed25519 ATTACKER",
    );
    let o = build_default(&site);
    assert!(!o.status.success(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("public/atlantis is a symbolic link to ../../.ssh")
            && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(home.path().join(".ssh/authorized_keys")).unwrap(),
        "key"
    );
    assert_eq!(victim(home.path()), ["authorized_keys"]);
    // Nothing of the build stays either.
    let public: Vec<String> = tree(&site.join("public")).into_keys().collect();
    assert!(public.is_empty(), "{public:?}");
}

#[cfg(unix)]
#[test]
fn the_output_folder_itself_may_not_be_a_link() {
    let home = home();
    let site = home.path().join("site");
    link("../.ssh", &site.join("public"));
    write(&site, "content/authorized_keys", b"ssh-ed25519 ATTACKER");
    let o = build_default(&site);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("public is a symbolic link to ../.ssh"),
        "{}",
        stderr(&o)
    );
    assert_eq!(victim(home.path()), ["authorized_keys"]);
    assert_eq!(
        std::fs::read_to_string(home.path().join(".ssh/authorized_keys")).unwrap(),
        "key"
    );
}

#[cfg(unix)]
#[test]
fn a_planted_manifest_deletes_nothing_outside() {
    let home = home();
    let site = home.path().join("site");
    write(
        &site,
        "public/.followup-manifest",
        format!(
            "x/authorized_keys\n../../.ssh/authorized_keys\n{}/.ssh/authorized_keys\n",
            home.path().display()
        )
        .as_bytes(),
    );
    link("../../.ssh", &site.join("public/x"));
    let o = build_default(&site);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("public/x is a symbolic link to ../../.ssh"),
        "{}",
        stderr(&o)
    );
    assert_eq!(victim(home.path()), ["authorized_keys"]);
    assert!(!site.join("public/index.html").exists());

    // Without the link, the absolute and `..` entries are still ignored.
    std::fs::remove_file(site.join("public/x")).unwrap();
    let o = build_default(&site);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("0 removed"), "{}", stdout(&o));
    assert_eq!(victim(home.path()), ["authorized_keys"]);
}

#[cfg(unix)]
#[test]
fn a_link_in_content_that_leaves_the_site_is_an_error_and_one_inside_is_followed() {
    let home = home();
    let site = home.path().join("site");
    write(home.path(), "secret.txt", b"SECRET_TOKEN=abc");
    link(
        "../../../secret.txt",
        &site.join("content/atlantis/env.txt"),
    );
    write(&site, "notes/shared.txt", b"shared note");
    link(
        "../../notes/shared.txt",
        &site.join("content/atlantis/shared.txt"),
    );
    for args in [
        vec!["check", "--root", site.to_str().unwrap()],
        vec!["build", "--root", site.to_str().unwrap()],
    ] {
        let o = followup(&args);
        assert!(!o.status.success(), "{args:?}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(
            err.contains("content/atlantis/env.txt: a symbolic link to ../../../secret.txt, which is outside the site's folder"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("shared.txt"), "{err}");
    }
    // A failed build writes nothing, so the secret is published nowhere.
    assert!(!site.join("public").exists(), "a failed build wrote");
    // Once the outside link is gone, the inside one is published.
    std::fs::remove_file(site.join("content/atlantis/env.txt")).unwrap();
    let o = build_default(&site);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(site.join("public/atlantis/shared.txt")).unwrap(),
        b"shared note"
    );
}

#[test]
fn an_output_path_that_comes_back_into_the_site_is_refused() {
    let home = home();
    let site = home.path().join("site");
    let before = tree(&site);
    for output in [site.join("nope/.."), site.join("public/../content")] {
        let o = followup(&[
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ]);
        assert!(!o.status.success(), "{}: {}", output.display(), stdout(&o));
        assert!(
            stderr(&o).contains("choose another --output"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            tree(&site),
            before,
            "{} wrote into the site",
            output.display()
        );
    }
}

/// `check` of a site whose recommendation is `rec`, with `config` added to
/// the settings: its exit status and messages.
fn check_with(config_more: &str, rec: &str) -> (bool, String) {
    let site = atlantis(&format!("{CONFIG}{config_more}"), rec);
    let o = followup(&["check", "--root", site.path().to_str().unwrap()]);
    let b = try_build(site.path(), &site.path().join("public"));
    assert_eq!(o.status.success(), b.status.success(), "{}", stderr(&b));
    (o.status.success(), stderr(&o))
}

#[test]
fn addresses_that_run_script_are_errors_where_they_are_written() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "",
            "+++\ngrade = \"A\"\nrecommendation = \"R.\"\n+++\nDone[^1].\n\n[^1]: Evil, [x](javascript:alert(1))\n",
            "01-first.md:7:13: the link `javascript:alert(1)` is a javascript: address",
        ),
        (
            "",
            "+++\ngrade = \"A\"\nrecommendation = \"R.\"\n+++\nSee <vbscript:msgbox(1)> and ![chart](data:text/html;base64,PHNjcmlwdD4=).\n",
            "01-first.md:5:5: the link `vbscript:msgbox(1)` is a vbscript: address",
        ),
        (
            "",
            "+++\ngrade = \"A\"\nrecommendation = \"R.\"\n+++\n[a](JaVaScRiPt&#58;alert(1))\n",
            "01-first.md:5:1: the link `JaVaScRiPt:alert(1)` is a javascript: address",
        ),
        (
            "",
            "+++\ngrade = \"A\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 1\ngrade = \"A\"\ndate = 2013-03-28\nurl = \"file:///etc/passwd\"\n+++\nDone.\n",
            "01-first.md:8:8: the url `file:///etc/passwd` is a file: address",
        ),
        (
            "[publisher]\nname = \"NGO\"\nurl = \"javascript:alert(document.cookie)\"\n",
            REC,
            "followup.toml:8:8: [publisher] url `javascript:alert(document.cookie)` is a javascript: address",
        ),
    ];
    for (config, rec, expected) in cases {
        let (ok, err) = check_with(config, rec);
        assert!(!ok, "{rec}");
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
        assert!(
            err.contains("followup publishes only http, https and mailto addresses"),
            "{err}"
        );
    }
    // The same addresses written as the allowed forms build.
    let (ok, err) = check_with(
        "[publisher]\nname = \"NGO\"\nurl = \"https://ngo.example.org/\"\n",
        "+++\ngrade = \"A\"\nrecommendation = \"R.\"\n+++\nDone[^1], <mailto:a@ngo.example.org>, [file](files/r.pdf).\n\n[^1]: Report, <https://example.org/r>\n",
    );
    assert!(ok, "{err}");
}

/// Every XML file of a built site, parsed whole: an error names the file.
fn assert_well_formed(out: &Path) {
    for (rel, bytes) in tree(out) {
        if !rel.ends_with(".xml") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Text(t)) => {
                    let t = t.into_inner().into_owned();
                    assert!(
                        !t.contains(['\u{FFFE}', '\u{FFFF}', '\u{1}']),
                        "{rel}: a character XML forbids"
                    );
                }
                Ok(_) => {}
                Err(e) => panic!("{rel} is not well-formed: {e}"),
            }
        }
    }
}

#[test]
fn spreadsheets_and_feed_readers_get_text_not_formulas_or_broken_xml() {
    let site = site(&[
        ("followup.toml", CONFIG),
        (
            "content/atlantis/_index.md",
            "+++\ncountry = \"Ka\\uFFFEz\\u0001stan\"\n+++\nIntro.\n",
        ),
        (
            "content/atlantis/p10/_index.md",
            "+++\nparagraph = 10\narticles = [7]\n+++\nConcern.\n",
        ),
        (
            "content/atlantis/p10/01-first.md",
            "+++\ngrade = \"A\"\nrecommendation = \"\"\"@SUM(1+1)\"\"\"\nsummary = \"\"\"=HYPERLINK(\"https://evil.example\",\"Click\")\"\"\"\n+++\nDone.\n",
        ),
    ]);
    let out = site.path().join("public");
    build(site.path(), &out);
    for csv in ["data/recommendations.csv", "data/atlantis.csv"] {
        let text = std::fs::read_to_string(out.join(csv)).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let cells: Vec<String> = rows
            .records()
            .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        assert!(
            cells
                .iter()
                .any(|c| c == "'=HYPERLINK(\"https://evil.example\",\"Click\")"),
            "{csv}: {cells:?}"
        );
        assert!(cells.iter().any(|c| c == "'@SUM(1+1)"), "{csv}: {cells:?}");
        assert!(
            cells.iter().all(|c| !c.starts_with(['=', '+', '@'])),
            "{csv}: {cells:?}"
        );
    }
    let assessments = std::fs::read_to_string(out.join("data/assessments.csv")).unwrap();
    assert!(assessments.contains("'=HYPERLINK"), "{assessments}");
    assert_well_formed(&out);
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("Kazstan"), "{feed}");
}

#[cfg(unix)]
#[test]
fn check_fix_rewrites_a_file_as_the_file_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let site = atlantis(
        &CONFIG.replace("title = \"T\"", "title = \u{201C}T\u{201D}"),
        &REC.replace("grade = \"A\"", "grade = \u{201C}A\u{201D}"),
    );
    let root = site.path();
    // followup.toml is a link to the settings kept elsewhere in the site,
    // private to its owner; the recommendation has a second name.
    std::fs::create_dir(root.join("settings")).unwrap();
    std::fs::rename(
        root.join("followup.toml"),
        root.join("settings/followup.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("settings/followup.toml", root.join("followup.toml")).unwrap();
    std::fs::set_permissions(
        root.join("settings/followup.toml"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let rec = root.join(ATLANTIS_REC);
    std::fs::hard_link(&rec, root.join("rec-copy.md")).unwrap();

    let o = followup(&["check", "--fix", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("Fixed 2 lines in 2 files."),
        "{}",
        stdout(&o)
    );

    let link = std::fs::symlink_metadata(root.join("followup.toml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link became a copy");
    let target = root.join("settings/followup.toml");
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("title = \"T\"")
    );
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");

    assert!(
        std::fs::read_to_string(&rec)
            .unwrap()
            .contains("grade = \"A\"")
    );
    assert!(
        stderr(&o).contains(
            "01-first.md: the file had 1 other name(s) (hard links), which keep the text as it was"
        ),
        "{}",
        stderr(&o)
    );
}
