//! What a page tells search engines and link previews beyond its HTML:
//! its description, its full address, its icon, and schema.org items as
//! JSON-LD (the open data as a `Dataset`, a dossier as a `Report`, the
//! breadcrumbs as a `BreadcrumbList`).

use crate::base::address;
use crate::base::text;
use crate::model::Site;
use crate::render::pages::list_description;
use crate::render::views::{Crumb, Views};
use serde_json::{Value, json};

/// The scheme and host of the site's addresses (`https://org.github.io`):
/// what makes an address from the root (`/repo/kazakhstan/`) absolute.
fn origin(site: &Site) -> &str {
    let base_url = &site.config.base_url;
    let base_path = site.config.base_path();
    base_url
        .strip_suffix(base_path.as_str())
        .unwrap_or(base_url.trim_end_matches('/'))
}

/// The absolute address of `url`, an address from the root.
pub fn absolute(site: &Site, url: &str) -> String {
    format!("{}{url}", origin(site))
}

/// The site's icon, by address from the root, with its media type: a
/// site's own `content/favicon.svg` or `.png`, else its publisher's logo,
/// else the theme's.
pub fn favicon(v: &Views<'_>, asset: &str) -> (String, &'static str) {
    let site = v.site;
    let home = crate::input::config::base_path(&site.config.home_base_url);
    let own = [
        ("favicon.svg", "image/svg+xml"),
        ("favicon.png", "image/png"),
    ];
    if let Some((name, kind)) = own
        .into_iter()
        .find(|(name, _)| site.attachments.iter().any(|a| a.rel == *name))
    {
        return (format!("{home}{name}"), kind);
    }
    if let Some(logo) = site.config.publisher.as_ref().and_then(|p| p.logo.as_ref()) {
        return (format!("{home}{logo}"), media_type(logo));
    }
    (asset.to_string(), "image/svg+xml")
}

/// The media type of an image by its name.
fn media_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        _ => "image/png",
    }
}

/// The site's publisher as a schema.org `Organization`, when it has one.
fn publisher(site: &Site) -> Option<Value> {
    let p = site.config.publisher.as_ref()?;
    let mut org = json!({ "@type": "Organization", "name": p.name });
    if let Some(url) = &p.url {
        org["url"] = json!(url);
    }
    if let Some(email) = &p.email {
        org["email"] = json!(email);
    }
    Some(org)
}

/// The home page's description: the site's introduction as plain text, or
/// its title and how many recommendations it has.
pub fn home_description(v: &Views<'_>) -> String {
    let site = v.site;
    let intro = text::plain(&site.home_html);
    match intro.is_empty() {
        true => list_description(v, &site.config.title, site.recommendations.len()),
        false => intro,
    }
}

/// The site's open data as a schema.org `Dataset`: the home page's.
pub fn dataset(v: &Views<'_>) -> Value {
    let site = v.site;
    let modified = site
        .countries
        .iter()
        .flat_map(|c| {
            c.info
                .rounds
                .iter()
                .map(|r| r.date)
                .chain([c.info.assessed])
        })
        .flatten()
        .max()
        .unwrap_or(site.today);
    let file = |path: String, format: &str, name: &str| {
        json!({
            "@type": "DataDownload",
            "name": name,
            "encodingFormat": format,
            "contentUrl": format!("{}{path}", site.config.base_url),
        })
    };
    let mut distribution = vec![
        file(
            address::data(address::RECORDS_CSV),
            "text/csv",
            address::RECORDS_CSV,
        ),
        file(
            address::data(address::RECORDS_JSON),
            "application/json",
            address::RECORDS_JSON,
        ),
    ];
    distribution.extend(site.countries.iter().map(|c| {
        let path = address::country_csv(&c.path);
        let name = path.trim_start_matches(address::DATA_DIR).to_string();
        file(path, "text/csv", &name)
    }));
    let mut dataset = json!({
        "@type": "Dataset",
        "name": site.config.title,
        "description": home_description(v),
        "url": site.config.base_url,
        "inLanguage": site.config.language,
        "dateModified": modified.iso(),
        "distribution": distribution,
    });
    if let Some(p) = publisher(site) {
        dataset["publisher"] = p.clone();
        dataset["creator"] = p;
    }
    // The licence reusers need, as Google's Dataset guidance asks: its URL.
    if let Some(licence) = &site.config.license {
        dataset["license"] = json!(licence.url);
    }
    dataset
}

/// Country `ci`'s dossier as a schema.org `Report` about the State.
pub fn report(v: &Views<'_>, ci: usize, description: &str) -> Value {
    let site = v.site;
    let c = &site.countries[ci];
    let mut report = json!({
        "@type": "Report",
        "name": c.info.name,
        "description": description,
        "url": format!("{}{}", site.config.base_url, c.path),
        "inLanguage": site.config.language,
        "about": { "@type": "Country", "name": c.info.name },
        "isPartOf": { "@type": "WebSite", "name": site.config.title, "url": site.config.base_url },
    });
    if let Some(document) = &c.info.document {
        report["reportNumber"] = json!(document);
    }
    if let Some(code) = &c.info.code {
        report["about"]["identifier"] = json!(code);
    }
    if let Some(adopted) = c.info.adopted {
        report["datePublished"] = json!(adopted.iso());
    }
    if let Some(assessed) = c.info.assessed {
        report["dateModified"] = json!(assessed.iso());
    }
    if let Some(p) = publisher(site) {
        report["publisher"] = p;
    }
    report
}

/// The breadcrumbs `crumbs`, then the page itself (`name`, at `url`), as a
/// schema.org `BreadcrumbList`.
pub fn breadcrumbs(site: &Site, crumbs: &[Crumb], name: &str, url: &str) -> Value {
    let items: Vec<Value> = crumbs
        .iter()
        .map(|c| (c.title.as_str(), absolute(site, &c.url)))
        .chain(std::iter::once((name, url.to_string())))
        .enumerate()
        .map(|(i, (name, item))| {
            json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": item })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

/// The JSON-LD of `items`, made safe to print inside `<script>`: `<`, `>`
/// and `&` are written as JSON escapes, so no author's `</script>` or `<!--`
/// can end the script early.
pub fn json_ld(items: Vec<Value>) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let graph = json!({ "@context": "https://schema.org", "@graph": items });
    let json = serde_json::to_string(&graph).expect("JSON values serialize");
    Some(
        json.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_authors_script_end_stays_inside_the_json() {
        let ld = json_ld(vec![json!({ "name": "</script><!-- & -->" })]).unwrap();
        assert!(!ld.contains('<') && !ld.contains('>') && !ld.contains('&'));
        let back: Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(back["@graph"][0]["name"], "</script><!-- & -->");
    }
}
