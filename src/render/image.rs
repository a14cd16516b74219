//! Link-preview images: an SVG (the theme's `og-image.svg`, see
//! `render::og`) rasterized to a 1200×630 PNG by resvg, its text shaped
//! (Arabic joined and right to left, Cyrillic, Chinese) with the system's
//! fonts and those of the theme's `fonts/` folder. The font database is
//! read once per theme, and only when an image is made. A PNG is a pure
//! function of its SVG text and the font set, so [`og_image_key`] names it
//! for the build cache (`base::cache`); the preview keeps the images it
//! made in memory ([`Fonts::remember`]) and makes again only those whose
//! key changed.

use crate::base::cache::{Key, KeyMaker};
use resvg::{tiny_skia, usvg};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The size Open Graph readers (and X, LinkedIn…) show large previews at.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Families tried before any other for every script, after the theme's
/// own: fonts most Linux, macOS and Windows machines have. Where none has
/// a character (Arabic, Chinese), usvg falls back to the first font of
/// the database that has it.
const FAMILIES: &[&str] = &["Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial"];

/// Set to `0`, the images use the theme's fonts alone: a build whose
/// images are the same on every machine, and how the tests make a machine
/// without fonts.
pub const SYSTEM_FONTS_VAR: &str = "FOLLOWUP_SYSTEM_FONTS";

/// Bumped whenever the same SVG and fonts would give other bytes (the
/// encoder's settings, the size), so that keys made before do not match.
const ENCODING: u64 = 1;

/// The fonts the images are drawn with, read on first use, and the
/// preview's memory of the images made.
pub struct Fonts {
    /// The theme's `fonts/` files, in name order.
    theme_files: Vec<PathBuf>,
    set: OnceLock<FontSet>,
    memory: Option<Mutex<Memory>>,
}

/// A font database, with what names it for [`og_image_key`].
pub struct FontSet {
    db: Arc<usvg::fontdb::Database>,
    /// What the faces are, in database order (each file, face and family).
    pub key: Key,
    /// The CSS `font-family` list the images ask for: the theme's
    /// families first.
    pub families: String,
}

/// A PNG made, and whether some of its text had no font to show it.
#[derive(Clone)]
pub struct Image {
    pub png: Vec<u8>,
    pub missing_glyphs: bool,
}

#[derive(Default)]
struct Memory {
    images: HashMap<Key, Arc<Image>>,
    bytes: usize,
}

/// The most the preview's memory of images holds before it starts over.
const MEMORY_BYTES: usize = 64 << 20;

impl Fonts {
    /// The fonts of a theme whose `fonts/` folder has `theme_files`.
    pub fn new(mut theme_files: Vec<PathBuf>) -> Fonts {
        theme_files.sort();
        Fonts {
            theme_files,
            set: OnceLock::new(),
            memory: None,
        }
    }

    /// Keeps every image made in memory, by key, for the next builds with
    /// this theme: the preview's way of making again only what changed.
    pub fn remember(&mut self) {
        self.memory = Some(Mutex::default());
    }

    /// The font set, read the first time it is asked for.
    pub fn set(&self) -> &FontSet {
        self.set.get_or_init(|| {
            let system = std::env::var(SYSTEM_FONTS_VAR).map_or(true, |v| v != "0");
            FontSet::load(&self.theme_files, system)
        })
    }

    /// The image of `svg`, from memory when the preview made it before.
    pub fn image(&self, svg: &str) -> Result<Arc<Image>, String> {
        let set = self.set();
        let Some(memory) = &self.memory else {
            return png(svg, set).map(Arc::new);
        };
        let key = og_image_key(svg, set.key);
        let lock = || memory.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(image) = lock().images.get(&key) {
            return Ok(image.clone());
        }
        let image = Arc::new(png(svg, set)?);
        let mut memory = lock();
        if memory.bytes > MEMORY_BYTES {
            *memory = Memory::default();
        }
        memory.bytes += image.png.len();
        memory.images.insert(key, image.clone());
        Ok(image)
    }
}

impl FontSet {
    /// The theme's fonts (`theme_files`), then the system's if `system`.
    fn load(theme_files: &[PathBuf], system: bool) -> FontSet {
        let mut db = usvg::fontdb::Database::new();
        for file in theme_files {
            // A file fontdb cannot read is left out, as a system font is.
            let _ = db.load_font_file(file);
        }
        let mut families: Vec<String> = Vec::new();
        for face in db.faces() {
            if let Some((name, _)) = face.families.first()
                && !families.contains(name)
            {
                families.push(name.clone());
            }
        }
        if system {
            db.load_system_fonts();
        }
        families.extend(FAMILIES.iter().map(|f| f.to_string()));
        if let Some(first) = families.first() {
            db.set_sans_serif_family(first.clone());
        }
        let mut h = KeyMaker::new("font set");
        for face in db.faces() {
            if let usvg::fontdb::Source::File(path) | usvg::fontdb::Source::SharedFile(path, _) =
                &face.source
            {
                h.str(&path.to_string_lossy()).number(file_len(path));
            }
            h.number(u64::from(face.index)).str(&face.post_script_name);
        }
        let families = families
            .iter()
            .map(|f| format!("'{}'", f.replace(['\'', '"', '<', '>', '&'], "")))
            .chain(["sans-serif".to_string()])
            .collect::<Vec<_>>()
            .join(", ");
        FontSet {
            db: Arc::new(db),
            key: h.key(),
            families,
        }
    }

    /// Whether no font at all was found.
    pub fn is_empty(&self) -> bool {
        self.db.is_empty()
    }
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// The key of the PNG that `svg` makes with the font set of key
/// `font_set` ([`FontSet::key`]): equal keys, equal bytes, on every run
/// and machine.
pub fn og_image_key(svg: &str, font_set: Key) -> Key {
    KeyMaker::new("og-image")
        .number(ENCODING)
        .of(font_set)
        .str(svg)
        .key()
}

/// Rasterizes `svg` with the fonts of `set` into a [`WIDTH`]×[`HEIGHT`]
/// PNG. The same input gives the same bytes: the encoder's settings are
/// fixed and the file holds no time.
pub fn png(svg: &str, set: &FontSet) -> Result<Image, String> {
    let options = usvg::Options {
        fontdb: set.db.clone(),
        font_resolver: usvg::FontResolver {
            select_fallback: Box::new(fallback),
            ..usvg::FontResolver::default()
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let (texts, missing) = glyphs(tree.root());
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no image of that size")?;
    // Opaque from the start: what the SVG leaves transparent is white, and
    // the pixels are then their colour as they are (premultiplied by 1).
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let scale = tiny_skia::Transform::from_scale(
        WIDTH as f32 / size.width(),
        HEIGHT as f32 / size.height(),
    );
    resvg::render(&tree, scale, &mut pixmap.as_mut());
    Ok(Image {
        png: encode(&pixmap)?,
        // Text with no font at all is left out of the tree.
        missing_glyphs: missing || texts == 0,
    })
}

/// The font for a character the text's own font lacks (an Arabic letter
/// in a list of Latin families): the first of the database with it in the
/// text's weight and style, else the first with it at all. (usvg's own
/// takes the first with it in any weight, a bold for a regular line.)
fn fallback(
    c: char,
    used: &[usvg::fontdb::ID],
    db: &mut Arc<usvg::fontdb::Database>,
) -> Option<usvg::fontdb::ID> {
    let base = db.face(*used.first()?)?;
    let (weight, style) = (base.weight, base.style);
    let mut any = None;
    for face in db.faces() {
        if used.contains(&face.id) || !has_char(db, face.id, c) {
            continue;
        }
        if face.weight == weight && face.style == style {
            return Some(face.id);
        }
        any = any.or(Some(face.id));
    }
    any
}

fn has_char(db: &usvg::fontdb::Database, id: usvg::fontdb::ID, c: char) -> bool {
    use skrifa::MetadataProvider;
    db.with_face_data(id, |data, index| {
        skrifa::FontRef::from_index(data, index).is_ok_and(|f| f.charmap().map(c).is_some())
    })
    .unwrap_or(false)
}

/// How many text elements `group` has, and whether any of their glyphs
/// is the font's "missing" glyph.
fn glyphs(group: &usvg::Group) -> (usize, bool) {
    let mut texts = 0;
    let mut missing = false;
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => {
                let (t, m) = glyphs(g);
                texts += t;
                missing |= m;
            }
            usvg::Node::Text(text) => {
                texts += 1;
                missing |= text
                    .layouted()
                    .iter()
                    .flat_map(|span| &span.positioned_glyphs)
                    .any(|g| g.id.0 == 0 && !g.text.trim().is_empty());
            }
            _ => {}
        }
    }
    (texts, missing)
}

/// The pixels as an opaque 8-bit RGB PNG, at deflate level 4 with the Sub
/// filter on every row: measured on a country's image, 41 kB in 1.6 ms
/// (level 1: 69 kB, 1.7 ms; 6, the default: 39 kB, 2.8 ms; fdeflate's fast
/// mode: 250-290 kB of the bar's hatching; drawing the image: 7 ms).
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let mut rgb = Vec::with_capacity(pixmap.data().len() / 4 * 3);
    for pixel in pixmap.data().chunks_exact(4) {
        rgb.extend_from_slice(&pixel[..3]);
    }
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(4));
    encoder.set_filter(png::Filter::Sub);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_svg_and_the_fonts() {
        let fonts = |n| KeyMaker::new("font set").number(n).key();
        let a = og_image_key("<svg/>", fonts(1));
        assert_eq!(a, og_image_key("<svg/>", fonts(1)));
        assert_ne!(a, og_image_key("<svg />", fonts(1)));
        assert_ne!(a, og_image_key("<svg/>", fonts(2)));
    }

    #[test]
    fn the_preview_draws_an_image_again_only_when_its_svg_changed() {
        let mut fonts = Fonts::new(Vec::new());
        fonts.remember();
        let svg = |fill: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"><rect width="10" height="10" fill="{fill}"/></svg>"#
            )
        };
        let first = fonts.image(&svg("red")).unwrap();
        assert!(Arc::ptr_eq(&first, &fonts.image(&svg("red")).unwrap()));
        let other = fonts.image(&svg("blue")).unwrap();
        assert!(!Arc::ptr_eq(&first, &other));
        assert_ne!(first.png, other.png);
    }

    #[test]
    fn an_image_without_fonts_is_made_and_says_so() {
        let set = FontSet::load(&[], false);
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"><rect width="10" height="10" fill="red"/><text x="10" y="50">Hello</text></svg>"#
        );
        let image = png(&svg, &set).unwrap();
        assert!(image.missing_glyphs);
        assert_eq!(&image.png[1..4], b"PNG");
        assert_eq!(png(&svg, &set).unwrap().png, image.png);
    }
}
