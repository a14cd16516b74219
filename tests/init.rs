//! A new site: `followup init` writes settings that check cleanly and show
//! disagreements from the first day, with nothing to delete; `--example`
//! writes the sample; `followup new` writes each file of a dossier with
//! placeholders that `check` reports until they are replaced.

use crate::common;
use common::*;
use std::path::Path;

fn init(dir: &Path, more: &[&str]) -> std::process::Output {
    let mut args = vec!["init", dir.to_str().unwrap()];
    args.extend(more);
    let o = followup(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

fn new(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["new"];
    all.extend(args);
    all.extend(["--root", root.to_str().unwrap()]);
    followup(&all)
}

fn check(root: &Path) -> std::process::Output {
    followup(&["check", "--root", root.to_str().unwrap()])
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn guide() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"))
        .unwrap()
}

/// `text` with every commented-out block of settings (`# [table]` and the
/// `# key = value` lines under it) made live.
fn uncommented(text: &str) -> String {
    let mut live = false;
    text.lines()
        .map(|line| {
            live = match line.strip_prefix("# ") {
                Some(rest) if rest.starts_with('[') => true,
                Some(rest) => live && rest.contains(" = "),
                None => false,
            };
            match live {
                true => &line[2..],
                false => line,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn init_makes_an_empty_site_that_checks_and_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    let o = init(&site, &[]);
    for f in [
        "followup.toml",
        "content/_index.md",
        ".gitignore",
        ".github/workflows/pages.yml",
    ] {
        assert!(site.join(f).exists(), "{f}");
    }
    // No sample to delete: no dossier, no second language.
    let content: Vec<String> = std::fs::read_dir(site.join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(content, ["_index.md"]);
    let settings = read(&site, "followup.toml");
    assert!(!settings.lines().any(|l| l.starts_with("[languages")));
    // Every grade has its level.
    let grades = settings.matches("\n[[grades]]\n").count();
    assert!(grades >= 5, "{settings}");
    assert_eq!(settings.matches("\nlevel = ").count(), grades, "{settings}");
    // It builds nothing, and says what to do next.
    assert!(!site.join("public").exists());
    let said = stdout(&o);
    for next in [
        "Nothing is built yet",
        "followup import assessment.docx",
        "followup new country",
        "followup build writes the site into public/",
    ] {
        assert!(said.contains(next), "{next:?} in {said}");
    }
    let checked = check(&site);
    assert!(
        checked.status.success() && stderr(&checked).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&checked)
    );
    let out = tempfile::tempdir().unwrap();
    build(&site, out.path());
    assert!(out.path().join("index.html").exists());
    // Each commented block (the Committee, the publisher, a language with
    // the Committee's name and scale in it) is valid once uncommented.
    let all = uncommented(&settings);
    for table in [
        "\n[assessors.committee]",
        "\n[publisher]",
        "\n[languages.ru]",
        "\n[languages.ru.assessors.committee]",
        "\n[languages.ru.scales.hrc-2016.A]",
    ] {
        assert!(all.contains(table), "{table} in\n{all}");
    }
    std::fs::write(
        site.join("followup.toml"),
        all.replace("logo = ", "# logo = "),
    )
    .unwrap();
    let checked = check(&site);
    assert!(checked.status.success(), "{}", stderr(&checked));
    // A folder with something in it is refused, and left as it was.
    let again = followup(&["init", site.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("is not empty"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn init_writes_the_pages_workflow_of_its_release() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    init(&site, &[]);
    let workflow = read(&site, ".github/workflows/pages.yml");
    assert!(
        workflow.contains("actions/upload-pages-artifact")
            && workflow.contains("actions/deploy-pages")
    );
    // Built every day, so that "overdue" stays true without a push.
    assert!(workflow.contains("schedule:\n    - cron: "), "{workflow}");
    // It installs the followup release that wrote it, through the project's
    // action pinned to the commit it was built from: nothing from the crate
    // registry, nothing compiled.
    let repository = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    let version = env!("CARGO_PKG_VERSION");
    let action = match env!("FOLLOWUP_COMMIT") {
        "" => format!("- uses: {repository}@v{version}\n"),
        commit => format!("- uses: {repository}@{commit} # v{version}\n"),
    };
    assert!(workflow.contains(&action), "{workflow}");
    assert!(workflow.contains(&format!("version: {version}\n")));
    assert!(!workflow.contains("cargo"), "{workflow}");
}

#[test]
fn init_example_writes_the_sample_to_copy_from() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    init(&site, &["--example"]);
    assert_eq!(
        read(&site, "followup.toml"),
        read(&sample_root(), "followup.toml")
    );
    let out = tempfile::tempdir().unwrap();
    build(&site, out.path());
    let rec = "kazakhstan/p25-freedom-of-expression/02-defamation-legislation/index.html";
    assert!(out.path().join(rec).exists());
    assert!(out.path().join("ru").join(rec).exists());
}

/// The Committee's grade of a round set beside the site's own, in a site
/// made by init and new: the levels init wrote make the disagreement show.
#[test]
fn a_new_site_shows_a_disagreement_with_the_committee_from_the_first_day() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    init(&site, &[]);
    let settings = read(&site, "followup.toml");
    let block =
        "# [assessors.committee]\n# name = \"Human Rights Committee\"\n# scale = \"hrc-2016\"\n";
    assert!(settings.contains(block), "{settings}");
    let live = settings.replace(block, &block.replace("# ", ""));
    std::fs::write(site.join("followup.toml"), live).unwrap();
    for args in [
        &["country", "atlantis"][..],
        &["paragraph", "atlantis", "10"],
        &["recommendation", "atlantis/10"],
    ] {
        let o = new(&site, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    write(
        &site,
        "content/atlantis/_index.md",
        b"+++\ncountry = \"Atlantis\"\nassessed = 2014-06-01\n+++\n",
    );
    write(
        &site,
        "content/atlantis/p10/_index.md",
        b"+++\nparagraph = 10\narticles = [2]\n+++\nConcern.\n",
    );
    write(
        &site,
        "content/atlantis/p10/01-recommendation.md",
        b"+++\ngrade = \"A1\"\nrecommendation = \"Do it.\"\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"C\"\ndate = 2015-03-28\n+++\nDone.\n",
    );
    let out = tempfile::tempdir().unwrap();
    build(&site, out.path());
    let p = page(out.path(), "/", "/atlantis/p10/01-recommendation/");
    assert_eq!(
        p.texts("p.disagreement"),
        [
            "≠ In round 1, Human Rights Committee graded C (Reply/action not satisfactory): a different level from A1 (Response fully satisfactory) here."
        ]
    );
}

#[test]
fn new_writes_each_file_of_a_dossier_with_placeholders_check_reports() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    init(&site, &[]);
    let o = new(&site, &["country", "lemuria"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("Wrote content/lemuria/_index.md"));
    assert!(
        stdout(&o).contains(
            "Next, its first follow-up paragraph: followup new paragraph lemuria <number>"
        )
    );
    let o = new(
        &site,
        &[
            "paragraph",
            "lemuria",
            "7",
            "--title",
            "National human rights institution",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let paragraph = "content/lemuria/p07-national-human-rights-institution";
    assert!(stdout(&o).starts_with(&format!("Wrote {paragraph}/_index.md")));
    assert!(stdout(&o).contains(
        "Next, its recommendations: followup new recommendation lemuria/p07-national-human-rights-institution"
    ));
    // Recommendations: the paragraph by folder or by number, each the next.
    for (target, file) in [
        (
            "lemuria/p07-national-human-rights-institution",
            "01-recommendation.md",
        ),
        ("lemuria/7", "02-recommendation.md"),
    ] {
        let o = new(&site, &["recommendation", target]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(site.join(paragraph).join(file).exists(), "{file}");
    }
    // Every field the guide lists, the optional ones commented out.
    let country = read(&site, "content/lemuria/_index.md");
    for field in [
        "country = ",
        "# code = ",
        "# treaty = ",
        "# document = ",
        "# adopted = ",
        "# assessed = ",
        "# [[rounds]]",
    ] {
        assert!(country.contains(field), "{field} in\n{country}");
    }
    let p = read(&site, &format!("{paragraph}/_index.md"));
    for field in [
        "paragraph = 7 ",
        "title = \"National human rights institution\"",
        "articles = []",
    ] {
        assert!(p.contains(field), "{field} in\n{p}");
    }
    let rec = read(&site, &format!("{paragraph}/02-recommendation.md"));
    for field in [
        "grade = ",
        "recommendation = ",
        "# summary = ",
        "# order = 2 ",
        "# reference = ",
        "# draft = ",
        "# [[assessments]]",
        "## Action taken by the State",
        "## Other comments",
    ] {
        assert!(rec.contains(field), "{field} in\n{rec}");
    }
    // check names each placeholder at its place, with the fix.
    let o = check(&site);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for expected in [
        "content/lemuria/_index.md:2:12: a placeholder still to fill in: the country's name, as readers see it",
        "content/lemuria/_index.md:15:1: a placeholder still to fill in: an introduction to the dossier, in Markdown",
        "p07-national-human-rights-institution/_index.md:4:12: `articles` is empty",
        "p07-national-human-rights-institution/02-recommendation.md:2:10: a placeholder still to fill in: the grade, one of A1, A2, B1, B2, B3, C or N/A",
        "02-recommendation.md:3:21: a placeholder still to fill in: the Committee's recommendation, in its words",
        "02-recommendation.md:22:1: a placeholder still to fill in: what the State did, with its sources in footnotes",
        "help: replace the placeholder (\"TO FILL IN\" and what follows it) with your text",
    ] {
        assert!(err.contains(expected), "{expected:?} in\n{err}");
    }
    assert!(
        guide().contains("a placeholder still to fill in: "),
        "the guide's table lists the message"
    );
    // Filled in, the dossier checks cleanly, and the optional fields can
    // be uncommented as written.
    let fill = |rel: &str, pairs: &[(&str, &str)]| {
        let mut text = uncommented(&read(&site, rel));
        for (from, to) in pairs {
            text = text.replace(from, to);
        }
        std::fs::write(site.join(rel), text).unwrap();
    };
    fill(
        "content/lemuria/_index.md",
        &[
            (
                "TO FILL IN: the country's name, as readers see it",
                "Lemuria",
            ),
            (
                "TO FILL IN: an introduction to the dossier, in Markdown.",
                "Lemuria's dossier.",
            ),
        ],
    );
    fill(
        &format!("{paragraph}/_index.md"),
        &[("articles = []", "articles = [2]"), ("TO FILL IN: ", "")],
    );
    for file in ["01-recommendation.md", "02-recommendation.md"] {
        let grade = "TO FILL IN: the grade, one of A1, A2, B1, B2, B3, C or N/A";
        // The assessments block names the Committee, which this site lacks.
        let rel = format!("{paragraph}/{file}");
        let text = read(&site, &rel);
        let text = text
            .split("#\n# Optional, at the end")
            .next()
            .unwrap()
            .to_string()
            + "+++\n"
            + text.split("+++\n").nth(2).unwrap();
        std::fs::write(site.join(&rel), text).unwrap();
        fill(
            &rel,
            &[
                (grade, "B2"),
                ("TO FILL IN: ", ""),
                ("# order = ", "order = "),
            ],
        );
    }
    let o = check(&site);
    assert!(o.status.success(), "{}", stderr(&o));
    // A third one comes after the others, numbered by their order.
    let o = new(
        &site,
        &["recommendation", "lemuria/7", "--name", "Accreditation"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let third = read(&site, &format!("{paragraph}/03-accreditation.md"));
    assert!(third.contains("\norder = 3 "), "{third}");
}

#[test]
fn new_never_overwrites_and_says_what_to_do_instead() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    init(&site, &[]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["paragraph", "lemuria", "7"],
            "there is no dossier content/lemuria: create it first with followup new country lemuria",
        ),
        (
            &["country", "Lemuria 2011"],
            "\"Lemuria 2011\" cannot be a dossier's folder: its name becomes a web address, so use lower-case letters, digits and hyphens, like \"lemuria-2011\"",
        ),
        (
            &["country", "grades"],
            "the folder name `grades` is reserved for the site's grades pages",
        ),
    ];
    for (args, message) in cases {
        let o = new(&site, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains(message),
            "{message:?} in {}",
            stderr(&o)
        );
    }
    assert!(new(&site, &["country", "lemuria"]).status.success());
    let before = read(&site, "content/lemuria/_index.md");
    let cases: &[(&[&str], &str)] = &[
        (
            &["country", "lemuria"],
            "content/lemuria already exists: followup new never overwrites a dossier",
        ),
        (
            &["recommendation", "lemuria/7"],
            "content/lemuria has no paragraph 7: create it first with followup new paragraph lemuria <number>",
        ),
    ];
    for (args, message) in cases {
        let o = new(&site, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains(message),
            "{message:?} in {}",
            stderr(&o)
        );
    }
    assert_eq!(read(&site, "content/lemuria/_index.md"), before);
    assert!(new(&site, &["paragraph", "lemuria", "7"]).status.success());
    let o = new(&site, &["paragraph", "lemuria", "7", "--title", "Again"]);
    assert!(
        stderr(&o).contains("paragraph 7 already has its folder content/lemuria/p07"),
        "{}",
        stderr(&o)
    );
    // A paragraph folder made by hand is given its _index.md.
    std::fs::create_dir_all(site.join("content/lemuria/p09-by-hand")).unwrap();
    assert!(new(&site, &["paragraph", "lemuria", "9"]).status.success());
    assert!(read(&site, "content/lemuria/p09-by-hand/_index.md").contains("paragraph = 9 "));
    // Outside a site.
    let o = new(dir.path(), &["country", "lemuria"]);
    assert!(
        stderr(&o).contains("has no followup.toml"),
        "{}",
        stderr(&o)
    );
    // Every message of followup new is in the guide.
    let guide = guide();
    for listed in [
        "there is no dossier content/",
        "cannot be a dossier's folder",
        "already exists: followup new never overwrites",
        "has no paragraph",
        "already has its folder",
    ] {
        assert!(guide.contains(listed), "the guide lists {listed:?}");
    }
}
