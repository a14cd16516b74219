//! What each kind of page costs to render, on one thread and without
//! writing: time and size per page, and the memory in use at the end (Linux).
//!
//! `cargo run --release --example page_costs -- SITE`

use followup::base::output::Contents;
use followup::render::Renderer;
use followup::render::pages::PageSpec;
use std::collections::BTreeMap;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn resident_kib() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

#[derive(Default)]
struct Kind {
    seconds: f64,
    pages: usize,
    bytes: usize,
}

fn main() {
    let Some(root) = std::env::args().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: page_costs SITE");
        std::process::exit(2);
    };
    let loaded = followup::input::load::load(&root);
    let prepared = followup::prepare(&loaded, loaded.diagnostics(), None, |name| {
        followup::render::theme::Theme::load(&root, name)
    });
    let Ok((site, theme, _)) = prepared else {
        eprintln!("the site has errors: run followup check");
        std::process::exit(1);
    };
    drop(loaded);
    let Ok(env) = followup::render::environment(&site.config, &theme) else {
        eprintln!("the theme has errors");
        std::process::exit(1);
    };
    let renderer = Renderer::new(&site, &theme, &env);
    let mut kinds: BTreeMap<String, Kind> = BTreeMap::new();
    for spec in PageSpec::all(&site) {
        let name = format!("{spec:?}");
        let name = name.split('(').next().unwrap_or_default().to_string();
        let start = Instant::now();
        let Ok(file) = renderer.page(spec) else {
            eprintln!("{spec:?} failed");
            std::process::exit(1);
        };
        let kind = kinds.entry(name).or_default();
        kind.seconds += start.elapsed().as_secs_f64();
        kind.pages += 1;
        if let Contents::Bytes(b) = &file.contents {
            kind.bytes += b.len();
        }
    }
    println!("| page | pages | total ms | µs per page | KB per page |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, k) in kinds {
        println!(
            "| {name} | {} | {:.1} | {:.1} | {} |",
            k.pages,
            k.seconds * 1e3,
            k.seconds * 1e6 / k.pages as f64,
            k.bytes / k.pages / 1024,
        );
    }
    println!("memory in use: {} MiB", resident_kib() / 1024);
}
