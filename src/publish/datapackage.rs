//! `data/datapackage.json`: a Frictionless Data Package
//! (<https://specs.frictionlessdata.io/data-package/>) beside the open
//! data, saying what each data file is (its path, format and media type;
//! for a CSV, a Table Schema of its columns), the licence they are under,
//! who publishes them and how to cite them. Data portals and the
//! `frictionless` tools read it. Made for each language's site.

use super::{Format, Render, Scope, Sink, absolute, bytes};
use crate::base::address;
use crate::base::diagnostics::Diagnostic;
use crate::model::Site;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// `data/datapackage.json`.
pub struct DataPackage;

impl Format for DataPackage {
    fn name(&self) -> &'static str {
        "data package"
    }

    fn scope(&self) -> Scope {
        Scope::EachLanguage
    }

    fn make_each(&self, site: &Site, _render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        let file = bytes(
            address::data(address::DATA_PACKAGE),
            serde_json::to_vec_pretty(&package(site)).unwrap_or_default(),
        );
        sink(file).err().into_iter().collect()
    }
}

/// A CSV file's resource: its columns, every one text (`""` is no value).
fn csv(path: &str, columns: &[&str]) -> Value {
    let fields: Vec<Value> = columns
        .iter()
        .map(|c| json!({"name": c, "type": "string"}))
        .collect();
    json!({
        "name": resource_name(path),
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields},
    })
}

/// A JSON file's resource; its JSON Schema is beside it (`schema`).
fn json_file(path: &str, schema: &str) -> Value {
    json!({
        "name": resource_name(path),
        "path": path,
        "format": "json",
        "mediatype": "application/json",
        "encoding": "utf-8",
        "description": format!("An array of objects, described by the JSON Schema {schema}"),
    })
}

/// A resource's name, as the specification allows them (lowercase, `-`):
/// its file's name, which no other file has (`kazakhstan-csv`).
fn resource_name(path: &str) -> String {
    path.to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// How to cite the data: the publisher (or the site), its title, "[Data
/// set]" and its address, as APA cites a data set.
pub fn citation(site: &Site) -> String {
    let c = &site.config;
    let author = c.publisher.as_ref().map_or(c.title.as_str(), |p| &p.name);
    let title = &c.title;
    let url = absolute(site, address::DATA_DIR);
    if author == title {
        format!("{title} [Data set]. {url}")
    } else {
        format!("{author}. {title} [Data set]. {url}")
    }
}

/// The package: every data file the build makes in `data/`.
pub fn package(site: &Site) -> Value {
    let c = &site.config;
    let mut resources = vec![
        csv(address::RECORDS_CSV, &super::data::CSV_HEADER),
        json_file(address::RECORDS_JSON, address::RECORDS_SCHEMA),
        csv(address::ASSESSMENTS_CSV, &super::assessments::header(site)),
    ];
    // One CSV per country that has recommendations, as `Data` makes them.
    let countries: BTreeSet<&str> = site
        .recommendations
        .iter()
        .map(|r| site.countries[r.country].path.as_str())
        .collect();
    for path in countries {
        let file = address::country_csv(path);
        let file = file.strip_prefix(address::DATA_DIR).unwrap_or(&file);
        resources.push(csv(file, &super::data::CSV_HEADER));
    }
    resources.push(csv(address::ROUNDS_CSV, &super::procedure_data::CSV_HEADER));
    resources.push(json_file(address::DOSSIERS_JSON, address::DOSSIERS_SCHEMA));

    let name = crate::input::config::slugify(&c.title);
    let mut package = json!({
        "name": if name.is_empty() { "followup-data".to_string() } else { name },
        "title": c.title,
        "description": format!(
            "{}: the recommendations, their assessments and the follow-up procedure, as open data. To cite: {}",
            c.title,
            citation(site)
        ),
        "homepage": c.base_url,
        "citation": citation(site),
        "resources": resources,
    });
    if let Some(l) = &c.license {
        package["licenses"] = json!([{"name": l.id, "path": l.url, "title": l.name}]);
    }
    if let Some(p) = &c.publisher {
        let mut publisher = json!({"title": p.name, "role": "publisher"});
        if let Some(url) = &p.url {
            publisher["path"] = json!(url);
        }
        if let Some(email) = &p.email {
            publisher["email"] = json!(email);
        }
        package["contributors"] = json!([publisher]);
    }
    if !c.language.is_empty() {
        package["language"] = json!(c.language);
    }
    package
}
