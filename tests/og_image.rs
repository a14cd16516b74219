//! Link-preview images (issue 31): the home page and each country have an
//! `og.png` of 1200×630 in every language, Arabic and Russian included,
//! drawn the same way each time; every page's Open Graph tags name an
//! image that exists; `og_image = false` makes none; and a machine without
//! fonts still builds, with one warning naming the language and the fix.

use crate::common;
use common::*;
use std::path::Path;
use std::process::Command;

/// The languages of [`sample_with_arabic`], by code and folder.
const LANGUAGES: [(&str, &str); 3] = [("en", ""), ("ru", "ru/"), ("ar", "ar/")];
const REC: &str = "kazakhstan/p07-national-human-rights-institution/01-independence-and-resources/";

/// The width, height and RGB pixels of the PNG at `path`.
fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
    (info.width, info.height, pixels)
}

/// How many pixels of rows `rows` of an RGB image `width` wide are dark
/// (text, not the light background).
fn dark_pixels(pixels: &[u8], width: u32, rows: std::ops::Range<u32>) -> usize {
    let row = width as usize * 3;
    pixels[rows.start as usize * row..rows.end as usize * row]
        .chunks(3)
        .filter(|p| p.iter().map(|&c| u32::from(c)).sum::<u32>() < 3 * 100)
        .count()
}

/// The `content` of the page's `<meta>` with `attr` = `name`.
fn meta(p: &Page, attr: &str, name: &str) -> Option<String> {
    p.select(&format!("meta[{attr}=\"{name}\"]"))
        .first()
        .and_then(|e| e.value().attr("content").map(str::to_owned))
}

fn build_with(root: &Path, out: &Path, env: &[(&str, &str)]) -> std::process::Output {
    let o = Command::new(env!("CARGO_BIN_EXE_followup"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    o
}

#[test]
fn home_and_countries_have_an_image_in_each_language_that_the_pages_name() {
    let root = sample_with_arabic();
    let out = tempfile::tempdir().unwrap();
    let o = build(root.path(), out.path());
    // This machine has fonts for all three (CI installs them).
    assert!(!stderr(&o).contains("og.png"), "{}", stderr(&o));
    for (lang, folder) in LANGUAGES {
        for (page, image) in [
            ("", ""),
            ("kazakhstan/", "kazakhstan/"),
            // A recommendation shares its country's image.
            (REC, "kazakhstan/"),
            ("grades/", ""),
        ] {
            let file = out.path().join(format!("{folder}{image}og.png"));
            let (w, h, _) = decode(&file);
            assert_eq!((w, h), (1200, 630), "{}", file.display());
            let url = format!("/{folder}{page}");
            let p = common::page(out.path(), "/", &url);
            assert_eq!(
                meta(&p, "property", "og:image"),
                Some(format!("https://example.org/{folder}{image}og.png")),
                "{url}"
            );
            for (name, value) in [
                ("og:image:width", "1200"),
                ("og:image:height", "630"),
                ("og:image:type", "image/png"),
            ] {
                assert_eq!(meta(&p, "property", name).as_deref(), Some(value), "{url}");
            }
            assert_eq!(
                meta(&p, "name", "twitter:card").as_deref(),
                Some("summary_large_image")
            );
            let alt = meta(&p, "property", "og:image:alt").unwrap();
            // On its own page the image is described with its grades.
            let own = page == image;
            assert_eq!(alt.contains("C 8"), own, "{url}: {alt}");
            if lang == "ru" && own {
                assert!(alt.contains("11 рекомендаций"), "{alt}");
            }
        }
    }
}

#[test]
fn images_are_in_the_pages_script_and_the_same_each_build() {
    let root = sample_with_arabic();
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build(root.path(), one.path());
    build(root.path(), two.path());
    for (_, folder) in LANGUAGES {
        for image in ["og.png", "kazakhstan/og.png"] {
            let rel = format!("{folder}{image}");
            assert!(
                std::fs::read(one.path().join(&rel)).unwrap()
                    == std::fs::read(two.path().join(&rel)).unwrap(),
                "{rel} differs between two builds"
            );
        }
    }
    // The home page's title is the language's own: the Arabic one is
    // drawn (its letters are there, not left out), and differs.
    let (_, _, en) = decode(&one.path().join("og.png"));
    let (_, _, ar) = decode(&one.path().join("ar/og.png"));
    assert_ne!(en, ar);
    let title = 130..210;
    assert!(
        dark_pixels(&ar, 1200, title.clone()) > 2_000,
        "the Arabic title is not drawn"
    );
    let (_, _, ru) = decode(&one.path().join("ru/kazakhstan/og.png"));
    let (_, _, en_country) = decode(&one.path().join("kazakhstan/og.png"));
    assert_ne!(
        ru, en_country,
        "the Russian country image has Russian words"
    );
}

#[test]
fn og_image_false_makes_no_image_and_no_tag() {
    let root = copy_sample();
    edit(
        root.path(),
        "followup.toml",
        "\ntitle = ",
        "\nog_image = false\ntitle = ",
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let images: Vec<String> = tree(out.path())
        .into_keys()
        .filter(|rel| rel.ends_with(".png"))
        .collect();
    assert!(images.is_empty(), "{images:?}");
    for url in ["/", "/kazakhstan/", &format!("/{REC}")] {
        let p = common::page(out.path(), "/", url);
        assert_eq!(meta(&p, "property", "og:image"), None, "{url}");
        assert_eq!(meta(&p, "name", "twitter:card").as_deref(), Some("summary"));
    }
}

#[test]
fn a_machine_without_fonts_still_builds_and_says_how_to_add_one() {
    let root = sample_with_arabic();
    let out = tempfile::tempdir().unwrap();
    let o = build_with(root.path(), out.path(), &[("FOLLOWUP_SYSTEM_FONTS", "0")]);
    let (w, h, _) = decode(&out.path().join("ar/kazakhstan/og.png"));
    assert_eq!((w, h), (1200, 630));
    let err = stderr(&o);
    for said in ["og.png", "(ar)", "(ru)", "fonts-noto-core", "fonts/"] {
        assert!(err.contains(said), "{said:?} not in {err}");
    }
    // Once per language.
    assert_eq!(err.matches("link-preview images").count(), 3, "{err}");
}

#[test]
fn a_theme_pins_the_fonts_in_its_fonts_folder() {
    let font = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !font.is_file() {
        eprintln!("skipped: no {}", font.display());
        return;
    }
    let root = copy_sample();
    write(
        root.path(),
        "themes/default/fonts/DejaVuSans.ttf",
        &std::fs::read(font).unwrap(),
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_with(root.path(), out.path(), &[("FOLLOWUP_SYSTEM_FONTS", "0")]);
    // Latin and Cyrillic are in DejaVu Sans: nothing is missing.
    assert!(!stderr(&o).contains("og.png"), "{}", stderr(&o));
    let (_, _, pixels) = decode(&out.path().join("og.png"));
    assert!(dark_pixels(&pixels, 1200, 130..210) > 2_000);
    assert!(!out.path().join("assets/DejaVuSans.ttf").exists());
}
