//! Link-preview images: `og.png` in the home page's and each country's
//! folder, 1200×630, in each language's words and script (what they show:
//! `render::og`; how they are drawn: `render::image`). Made side by side,
//! with the font database read once per theme, and kept in the build
//! cache by [`og_image_key`] so that a rebuild draws only the images whose
//! words or grades changed; `og_image = false` in followup.toml makes none.

use super::{Format, Render, Scope, Sink, bytes, xml_chars};
use crate::base::address;
use crate::base::cache::Cache;
use crate::base::diagnostics::Diagnostic;
use crate::model::Site;
use crate::render::image::{Image, og_image_key};
use crate::render::og::{Card, TEMPLATE};
use crate::render::views::Views;
use rayon::prelude::*;
use std::sync::Arc;

/// `og.png` of the home page and of every country's page.
pub struct OgImage;

impl Format for OgImage {
    fn name(&self) -> &'static str {
        "og-image"
    }

    fn scope(&self) -> Scope {
        Scope::EachLanguage
    }

    fn beside_pages(&self) -> bool {
        true
    }

    fn make_each(&self, site: &Site, render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        make(site, render, sink, None)
    }

    fn make_each_cached(
        &self,
        site: &Site,
        render: &Render,
        sink: &Sink,
        cache: &Cache,
    ) -> Vec<Diagnostic> {
        make(site, render, sink, Some(cache))
    }
}

/// The cache's folder for the images.
const KIND: &str = "og-image";

/// The images of `site`, each taken from `cache` when it holds one of the
/// same SVG and fonts.
fn make(site: &Site, render: &Render, sink: &Sink, cache: Option<&Cache>) -> Vec<Diagnostic> {
    if !site.config.og_image {
        return Vec::new();
    }
    let set = render.fonts.set();
    let v = Views::new(site);
    let made: Vec<Result<bool, Diagnostic>> = Card::all(site)
        .par_iter()
        .map(|card| {
            let svg = render.template(TEMPLATE, card.svg_context(&v, &set.families))?;
            // A character XML forbids (in a country's name) would
            // leave the SVG unreadable.
            let svg = xml_chars(svg);
            let svg = String::from_utf8_lossy(&svg);
            let key = og_image_key(&svg, set.key);
            let kept = cache.and_then(|c| unpack(c.get(KIND, key)?));
            let image = match kept {
                Some(image) => Arc::new(image),
                None => {
                    let image = render.fonts.image(&svg).map_err(|e| {
                        Diagnostic::error(
                            format!("templates/{TEMPLATE}"),
                            format!("cannot draw the link-preview image: {e}"),
                        )
                    })?;
                    if let Some(c) = cache {
                        c.put(KIND, key, &pack(&image));
                    }
                    image
                }
            };
            sink(bytes(address::og_image(&card.page), image.png.clone()))?;
            Ok(image.missing_glyphs)
        })
        .collect();
    let mut problems = Vec::new();
    let mut missing = false;
    for m in made {
        match m {
            Ok(m) => missing |= m,
            Err(d) => problems.push(d),
        }
    }
    if missing {
        problems.push(no_font(site, set.is_empty()));
    }
    problems
}

/// An image as the cache keeps it: whether text was missing (a byte),
/// then the PNG.
fn pack(image: &Image) -> Vec<u8> {
    let mut packed = Vec::with_capacity(image.png.len() + 1);
    packed.push(u8::from(image.missing_glyphs));
    packed.extend_from_slice(&image.png);
    packed
}

fn unpack(mut packed: Vec<u8>) -> Option<Image> {
    let missing_glyphs = match packed.first()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    packed.remove(0);
    Some(Image {
        png: packed,
        missing_glyphs,
    })
}

/// The warning for a language whose images lack text: no font has its
/// letters (or there is no font at all).
fn no_font(site: &Site, none: bool) -> Diagnostic {
    let code = &site.config.language;
    let language = match crate::input::strings::language_name(code) {
        "" => code.as_str(),
        name => name,
    };
    let what = match none {
        true => "no font was found on this machine".to_string(),
        false => "no font on this machine has some of its letters".to_string(),
    };
    Diagnostic::warning(
        format!("themes/{}/fonts/", site.config.theme),
        format!("the link-preview images (og.png) of the pages in {language} ({code}) were made without some of their text: {what}"),
    )
    .help("install a font that has them (on Debian or Ubuntu: apt-get install fonts-noto-core, or fonts-dejavu-core), or put a .ttf or .otf font in the theme's fonts/ folder")
}
