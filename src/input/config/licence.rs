//! `license` in followup.toml: the SPDX identifier of the licence the
//! site's words and data are published under, with its name and address
//! for the footer, the feeds and the data package. The open licences data
//! is most often published under are built in; another SPDX identifier is
//! taken as it is, with SPDX's page for it, unless it looks like a typo of
//! a built-in one.

use crate::base::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::input::load::CONFIG_FILE;
use serde::Serialize;

/// A licence, as templates and the data read it (`site.license.id`…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Licence {
    /// Its SPDX identifier (`CC-BY-4.0`).
    pub id: String,
    /// Its full name (`Creative Commons Attribution 4.0 International`).
    pub name: String,
    /// Where its text is.
    pub url: String,
}

/// The licences known by identifier, with their names and addresses: the
/// Creative Commons and Open Data Commons ones, and the public domain.
pub const KNOWN: &[(&str, &str, &str)] = &[
    (
        "CC-BY-4.0",
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    (
        "CC-BY-SA-4.0",
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    (
        "CC-BY-NC-4.0",
        "Creative Commons Attribution-NonCommercial 4.0 International",
        "https://creativecommons.org/licenses/by-nc/4.0/",
    ),
    (
        "CC-BY-NC-SA-4.0",
        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    (
        "CC-BY-ND-4.0",
        "Creative Commons Attribution-NoDerivatives 4.0 International",
        "https://creativecommons.org/licenses/by-nd/4.0/",
    ),
    (
        "CC-BY-NC-ND-4.0",
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
    (
        "CC-BY-3.0-IGO",
        "Creative Commons Attribution 3.0 IGO",
        "https://creativecommons.org/licenses/by/3.0/igo/",
    ),
    (
        "CC0-1.0",
        "Creative Commons Zero v1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    (
        "ODbL-1.0",
        "Open Data Commons Open Database License v1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    (
        "ODC-By-1.0",
        "Open Data Commons Attribution License v1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
    (
        "PDDL-1.0",
        "Open Data Commons Public Domain Dedication & License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
    (
        "OGL-UK-3.0",
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    (
        "etalab-2.0",
        "Etalab Open License 2.0",
        "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf",
    ),
];

/// Whether `id` is written as SPDX identifiers are: letters, digits, `.`,
/// `-` and `+`, not empty.
fn spdx_like(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

/// The licence `license` names, or a problem said at its line in `text`.
pub fn parse(license: &str, text: &str, diags: &mut Diagnostics) -> Option<Licence> {
    let id = license.trim();
    // SPDX identifiers match whatever their case (`cc-by-4.0`).
    if let Some((id, name, url)) = KNOWN.iter().find(|(k, ..)| k.eq_ignore_ascii_case(id)) {
        return Some(Licence {
            id: id.to_string(),
            name: name.to_string(),
            url: url.to_string(),
        });
    }
    let known: Vec<&str> = KNOWN.iter().map(|(k, ..)| *k).collect();
    let near = nearest(id, known.iter().copied()).filter(|n| n.near_miss);
    if spdx_like(id) && near.is_none() {
        return Some(Licence {
            id: id.to_string(),
            name: id.to_string(),
            url: format!("https://spdx.org/licenses/{id}.html"),
        });
    }
    let help = match near {
        Some(n) => format!(
            "did you mean \"{}\"? The licences known by name are: {}",
            n.candidate,
            known.join(", ")
        ),
        None => format!(
            "write an SPDX identifier (https://spdx.org/licenses/), like one of {}",
            known.join(", ")
        ),
    };
    let at = super::key_line(text, "license")
        .map_or(0, |l| l + text[l..].find('"').map_or(0, |q| q + 1));
    diags.push(
        Diagnostic::error(CONFIG_FILE, format!("unknown licence {id:?}"))
            .at(text, at)
            .help(help),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(id: &str) -> Result<Licence, String> {
        let text = format!("title = \"T\"\nlicense = \"{id}\"\n");
        let mut d = Diagnostics::default();
        parse(id, &text, &mut d).ok_or_else(|| d.0[0].to_string())
    }

    #[test]
    fn known_licences_have_their_names_and_addresses() {
        let l = one("cc-by-4.0").unwrap();
        assert_eq!(l.id, "CC-BY-4.0");
        assert_eq!(l.url, "https://creativecommons.org/licenses/by/4.0/");
        assert_eq!(one("ODbL-1.0").unwrap().name, KNOWN[8].1);
    }

    #[test]
    fn another_spdx_identifier_links_to_spdx() {
        let l = one("GFDL-1.3-or-later").unwrap();
        assert_eq!(l.name, "GFDL-1.3-or-later");
        assert_eq!(l.url, "https://spdx.org/licenses/GFDL-1.3-or-later.html");
    }

    #[test]
    fn a_typo_or_a_name_is_an_error_at_its_line() {
        let e = one("CC-BY-40").unwrap_err();
        assert!(e.contains("followup.toml:2:12"), "{e}");
        assert!(e.contains("did you mean \"CC-BY-4.0\""), "{e}");
        let e = one("Creative Commons").unwrap_err();
        assert!(e.contains("write an SPDX identifier"), "{e}");
    }
}
