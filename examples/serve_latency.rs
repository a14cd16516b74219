//! Benchmark: how long after an author saves a file does `followup serve`
//! serve the new text? Starts the real binary on a site, edits one
//! recommendation N times (its body, its text, its grade), and polls its
//! page until the edit shows. A grade change is timed twice: until the
//! recommendation's own page shows it (served first), and until a list
//! that shows it (its country's page) does.
//!
//!     cargo run --release --example serve_latency -- SITE_DIR [EDITS]
//!
//! Prints the median, 90th percentile, minimum and maximum in milliseconds.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> String {
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

/// The first recommendation file of the site and its page's address.
fn pick(root: &Path) -> (PathBuf, String) {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .min_depth(3)
        .max_depth(3)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    files.sort();
    let file = files.into_iter().next().expect("a recommendation file");
    let rel = file.strip_prefix(root.join("content")).unwrap();
    let parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| slug::slugify(c.as_os_str().to_string_lossy()))
        .collect();
    (file, format!("/{}/", parts.join("/")))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: serve_latency SITE_DIR [EDITS]"));
    let edits: usize = args
        .next()
        .map_or(30, |n| n.parse().expect("EDITS is a number"));
    let binary = std::env::var("FOLLOWUP_BIN").unwrap_or_else(|_| {
        let exe = std::env::current_exe().unwrap();
        exe.parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("followup")
            .display()
            .to_string()
    });

    let mut child = std::process::Command::new(&binary)
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start followup serve");
    let started = Instant::now();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(url) = line
            .strip_prefix("Serving ")
            .and_then(|l| l.split(" at ").nth(1))
        {
            let url = url.split(' ').next().unwrap().trim_end_matches('/');
            break url.rsplit(':').next().unwrap().parse().unwrap();
        }
    };
    let first_build = started.elapsed();
    std::thread::spawn(move || for _ in lines {});

    let (file, url) = pick(&root);
    let original = std::fs::read_to_string(&file).unwrap();
    assert!(get(port, &url).contains(" 200 "), "{url} is not served");
    // Body edits change the page and its paragraph's; an edit of the
    // recommendation's text also changes every list that shows it (its
    // country, grade and article pages): both are measured.
    let body_start = original
        .match_indices("+++")
        .nth(1)
        .map_or(0, |(i, _)| i + 3);
    let text_start = match original.find("recommendation = \"\"\"") {
        Some(i) => i + 20,
        None => {
            original
                .find("recommendation = \"")
                .expect("a recommendation field")
                + 18
        }
    };
    // Put the file back however the benchmark ends.
    struct Restore<'a>(&'a Path, &'a str);
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            let _ = std::fs::write(self.0, self.1);
        }
    }
    let _restore = Restore(&file, &original);
    type Edit<'a> = Box<dyn Fn(&str) -> String + 'a>;
    // A new grade moves the recommendation between grade lists: the
    // preview's slow path (the lists, counts and progress pages change).
    // The grade flips each edit, so every edit is a move; the token goes in
    // the Committee's text, which the lists show too.
    let grade_at = original.find("grade = \"").expect("a grade field") + 9;
    let grade_end = grade_at + original[grade_at..].find('"').unwrap();
    let grade = &original[grade_at..grade_end];
    let other = if grade == "C" { "B1" } else { "C" };
    let flip = std::cell::Cell::new(false);
    let series: [(&str, Edit); 3] = [
        (
            "body edit",
            Box::new(|token: &str| {
                format!(
                    "{}\n\n{token}\n{}",
                    &original[..body_start],
                    &original[body_start..]
                )
            }),
        ),
        (
            "recommendation text edit",
            Box::new(|token: &str| {
                format!(
                    "{}{token} {}",
                    &original[..text_start],
                    &original[text_start..]
                )
            }),
        ),
        (
            "grade change",
            Box::new(|token: &str| {
                flip.set(!flip.get());
                let new = if flip.get() { other } else { grade };
                format!(
                    "{}{new}{}{token} {}",
                    &original[..grade_at],
                    &original[grade_end..text_start],
                    &original[text_start..]
                )
            }),
        ),
    ];
    assert!(grade_at < text_start, "the grade comes before the text");
    // The recommendation's country's page lists it.
    let country = format!("/{}/", url.split('/').nth(1).unwrap());
    let wait_for = |page: &str, token: &str, t: Instant, i: usize| {
        while !get(port, page).contains(token) {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "edit {i} never showed on {page}"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        t.elapsed().as_secs_f64() * 1000.0
    };
    let summary = |name: &str, samples: &mut Vec<f64>| {
        samples.sort_by(f64::total_cmp);
        let pct = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize];
        format!(
            "  {name}: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms over {} edits",
            pct(0.5),
            pct(0.9),
            samples[0],
            samples[samples.len() - 1],
            samples.len()
        )
    };
    let mut lines = Vec::new();
    for (name, edit) in &series {
        let moves = *name == "grade change";
        let mut samples = Vec::with_capacity(edits);
        let mut listed = Vec::with_capacity(edits);
        for i in 0..edits {
            let token = format!("latency-token-{i}-{}", std::process::id());
            std::fs::write(&file, edit(&token)).unwrap();
            let t = Instant::now();
            samples.push(wait_for(&url, &token, t, i));
            if moves {
                listed.push(wait_for(&country, &token, t, i));
            }
            // Let the watcher settle so edits do not merge into one batch.
            std::thread::sleep(Duration::from_millis(60));
        }
        if moves {
            lines.push(summary("grade change, edited page", &mut samples));
            lines.push(summary(
                &format!("grade change, lists ({country})"),
                &mut listed,
            ));
        } else {
            lines.push(summary(name, &mut samples));
        }
    }
    let _ = child.kill();
    let _ = child.wait();

    println!(
        "{}: first build {:.0} ms; edit to served:",
        root.display(),
        first_build.as_secs_f64() * 1000.0
    );
    for l in lines {
        println!("{l}");
    }
}
