//! The core UN human rights treaties followup knows without being told,
//! by the keys their committees use, with the ICCPR's article headings;
//! and the site's own `[treaties]`, read over them.

use super::{RawTreaty, SETTINGS, Treaty, find, key_line};
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::input::load::CONFIG_FILE;
use std::collections::BTreeMap;

/// Descriptive headings of the ICCPR's articles (the Covenant itself has no
/// headings; these are the ones in common use).
const ICCPR_ARTICLES: [&str; 27] = [
    "Right of self-determination",
    "Implementation at the national level and right to an effective remedy",
    "Equal rights of men and women",
    "Derogations in time of public emergency",
    "Prohibition of abuse of rights",
    "Right to life",
    "Prohibition of torture and cruel, inhuman or degrading treatment",
    "Prohibition of slavery, servitude and forced labour",
    "Right to liberty and security of person",
    "Treatment of persons deprived of their liberty",
    "No imprisonment for inability to fulfil a contract",
    "Freedom of movement",
    "Expulsion of aliens",
    "Right to a fair trial",
    "No punishment without law",
    "Recognition as a person before the law",
    "Right to privacy",
    "Freedom of thought, conscience and religion",
    "Freedom of opinion and expression",
    "Prohibition of propaganda for war and of incitement to hatred",
    "Right of peaceful assembly",
    "Freedom of association",
    "Protection of the family and right to marry",
    "Rights of the child",
    "Right to take part in public affairs, to vote and to be elected",
    "Equality before the law and non-discrimination",
    "Rights of minorities",
];

/// The core UN human rights treaties, by the keys their committees use.
/// Only ICCPR lists its articles; a site adds others' titles in followup.toml.
const TREATY_NAMES: [(&str, &str); 9] = [
    ("CAT", "Convention against Torture"),
    (
        "CED",
        "International Convention for the Protection of All Persons from Enforced Disappearance",
    ),
    (
        "CEDAW",
        "Convention on the Elimination of All Forms of Discrimination against Women",
    ),
    (
        "CERD",
        "International Convention on the Elimination of All Forms of Racial Discrimination",
    ),
    (
        "CMW",
        "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
    ),
    ("CRC", "Convention on the Rights of the Child"),
    (
        "CRPD",
        "Convention on the Rights of Persons with Disabilities",
    ),
    (
        "ICCPR",
        "International Covenant on Civil and Political Rights",
    ),
    (
        "ICESCR",
        "International Covenant on Economic, Social and Cultural Rights",
    ),
];

pub fn builtin_treaties() -> BTreeMap<String, Treaty> {
    TREATY_NAMES
        .iter()
        .map(|&(key, name)| {
            let articles = if key == "ICCPR" {
                (1..)
                    .zip(ICCPR_ARTICLES.iter().map(|s| s.to_string()))
                    .collect()
            } else {
                BTreeMap::new()
            };
            (
                key.to_string(),
                Treaty {
                    key: key.to_string(),
                    name: name.to_string(),
                    articles,
                },
            )
        })
        .collect()
}

/// The built-in treaties with the site's `[treaties]` over them: a new
/// treaty, or another name or article titles for a known one.
pub(super) fn site_treaties(
    raw: BTreeMap<String, RawTreaty>,
    text: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Treaty> {
    let mut treaties = builtin_treaties();
    for (key, t) in raw {
        let mut articles = BTreeMap::new();
        for (n, title) in t.articles {
            match n.trim().parse::<u32>() {
                Ok(num) if num > 0 => {
                    articles.insert(num, title);
                }
                _ => {
                    let at = key_line(text, &n).unwrap_or_else(|| find(text, &n));
                    // `assessor = "…"` added at the end, under the articles.
                    let misplaced = SETTINGS
                        .contains(&n.as_str())
                        .then(|| crate::input::frontmatter::misplaced_setting(text, &n, at))
                        .flatten();
                    diags.push(
                        misplaced
                            .unwrap_or_else(|| {
                                Diagnostic::error(
                            CONFIG_FILE,
                            format!("article {n:?} of treaty {key} is not a positive whole number"),
                        )
                        .help("write article titles as 19 = \"Freedom of expression\"")
                            })
                            .at(text, at),
                    );
                }
            }
        }
        let entry = treaties.entry(key.clone()).or_insert_with(|| Treaty {
            key: key.clone(),
            name: key.clone(),
            articles: BTreeMap::new(),
        });
        if let Some(name) = t.name {
            entry.name = name;
        }
        // A site's own titles override the built-in ones, article by article.
        entry.articles.extend(articles);
    }
    treaties
}
