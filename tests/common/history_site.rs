//! A dossier of the tests' own for follow-up over time: two rounds, the
//! site's grades and the Committee's (with ranges, on its 2013 scale), a
//! disagreement, and a State with two dossiers, one per review.

use crate::common::site;

const CONFIG: &str = r#"title = "Follow-up watch"
base_url = "https://example.org/"
assessor = "Atlantis Watch"
# No search bundle: no test of this site is about search.
search = false

[[grades]]
code = "A"
label = "Satisfactory"
level = "satisfactory"
[[grades]]
code = "B"
label = "Partly satisfactory"
level = "partial"
[[grades]]
code = "C"
label = "Not satisfactory"
level = "not-satisfactory"
[[grades]]
code = "N/A"
label = "No information"
level = "no-information"

[assessors.committee]
name = "Human Rights Committee"
scale = "hrc-2013"
"#;

const COUNTRY: &str = r#"+++
country = "Atlantis"
document = "CCPR/C/ATL/CO/1"
adopted = 2011-07-26

[[rounds]]
round = 1
date = 2012-12-10
reply = "CCPR/C/ATL/CO/1/Add.1"

[[rounds]]
round = 2
date = 2014-06-01
reply = "CCPR/C/ATL/CO/1/Add.2"
+++
Atlantis, first review.
"#;

/// A recommendation graded `grade` now, with `assessments` before.
fn graded(grade: &str, text: &str, assessments: &str) -> String {
    format!(
        "+++\ngrade = \"{grade}\"\nrecommendation = \"{text}\"\nsummary = \"Now {grade}.\"\n{assessments}+++\nBody.\n"
    )
}

fn committee(round: u32, grade: &str, date: &str) -> String {
    format!(
        "\n[[assessments]]\nround = {round}\nby = \"committee\"\ngrade = \"{grade}\"\ndate = {date}\ndocument = \"CCPR/C/107/2\"\nurl = \"https://un.example.org/107-2\"\n"
    )
}

fn own(round: u32, grade: &str) -> String {
    format!(
        "\n[[assessments]]\nround = {round}\ngrade = \"{grade}\"\nsummary = \"Then {grade}.\"\n"
    )
}

pub fn history_site() -> tempfile::TempDir {
    let improved = graded(
        "B",
        "Atlantis should free the press.",
        &format!(
            "{}{}{}",
            own(1, "C"),
            committee(1, "C2-D1", "2013-03-28"),
            committee(2, "B2", "2015-04-01")
        ),
    );
    let worsened = graded(
        "C",
        "Atlantis should protect assemblies.",
        &format!("{}{}", own(1, "B"), committee(2, "A", "2015-04-01")),
    );
    let unclear = graded(
        "C",
        "Atlantis should reform the courts.",
        &format!(
            "{}{}",
            committee(1, "C1\u{2013}C2", "2013-03-28"),
            committee(2, "C2-D1", "2015-04-01")
        ),
    );
    let unchanged = graded("B", "Atlantis should train judges.", &own(1, "B"));
    site(&[
        ("followup.toml", CONFIG),
        ("content/atlantis-2011/_index.md", COUNTRY),
        (
            "content/atlantis-2011/p10/_index.md",
            "+++\nparagraph = 10\narticles = [19]\n+++\nConcern.\n",
        ),
        ("content/atlantis-2011/p10/01-improved.md", &improved),
        ("content/atlantis-2011/p10/02-worsened.md", &worsened),
        ("content/atlantis-2011/p10/03-unclear.md", &unclear),
        ("content/atlantis-2011/p10/04-unchanged.md", &unchanged),
        (
            "content/atlantis-2016/_index.md",
            "+++\ncountry = \"Atlantis\"\ndocument = \"CCPR/C/ATL/CO/2\"\nadopted = 2016-03-24\nassessed = 2018-05-02\n+++\nAtlantis, second review.\n",
        ),
        (
            "content/atlantis-2016/p9/_index.md",
            "+++\nparagraph = 9\narticles = [19]\n+++\nConcern.\n",
        ),
        (
            "content/atlantis-2016/p9/01-later.md",
            &graded("A", "Atlantis should keep the press free.", ""),
        ),
    ])
}
