//! `followup import` with hostile input, through the real binary: nothing
//! is written outside the site, every input is bounded in memory and time
//! (a FIFO, a device, a sparse file, an element bomb, many footnotes), Word
//! text never becomes Markdown syntax, a crash's staging folder is
//! ignored and removed, and `followup.toml` is rewritten as the file it was.
//! The hostile files are made here, at test time.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_followup"))
}

fn followup(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

/// Runs followup, killed after `limit`: a hang is a failure, not a stuck
/// test. Its output is read as it comes, so that a full pipe never stops it.
fn followup_within(args: &[&str], limit: Duration) -> Output {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut all = Vec::new();
            let _ = r.read_to_end(&mut all);
            all
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("followup {args:?} ran more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/kazakhstan.txt")
}

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n\n[[grades]]\ncode = \"A\"\nlabel = \"Good\"\n\n[[grades]]\ncode = \"C\"\nlabel = \"No action\"\n";

/// A site (settings, an empty content folder) in `dir/site`.
fn site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("followup.toml"), CONFIG).unwrap();
    root
}

fn import(root: &Path, file: &Path, more: &[&str]) -> Output {
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ];
    args.extend(more);
    followup_within(&args, Duration::from_secs(300))
}

/// Everything under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    all.sort();
    all
}

#[test]
fn country_takes_a_slug_and_nothing_is_written_outside_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let before = tree(dir.path());
    for (country, says) in [
        ("../../x", "give --country x"),
        (".hidden", "give --country hidden"),
        ("Kaza khstan", "give --country kaza-khstan"),
        ("a/b", "give --country a-b"),
        ("..", "such as `kazakhstan`"),
    ] {
        let o = import(&root, &seed(), &["--country", country]);
        assert_eq!(o.status.code(), Some(1), "{country}: {}", stdout(&o));
        let e = stderr(&o);
        assert!(
            e.contains(
                "is not a folder name: it takes a slug, lowercase letters, digits and hyphens"
            ),
            "{country}: {e}"
        );
        assert!(e.contains(says), "{country}: {e}");
        assert!(!stdout(&o).contains("It passes"), "{country}");
        assert_eq!(tree(dir.path()), before, "{country}");
    }
}

#[test]
fn a_message_names_the_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let file = dir.path().join("x.docx");
    std::fs::write(&file, b"not a zip").unwrap();
    let o = import(&root, &file, &["--country", "x"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    let named = file.display().to_string();
    assert_eq!(e.matches(&named).count(), 1, "{e}");
    assert!(e.contains("is not a ZIP archive"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let fifo = dir.path().join("fifo.docx");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let zero = dir.path().join("zero.docx");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for file in [&fifo, &zero] {
        let o = followup_within(
            &[
                "import",
                file.to_str().unwrap(),
                "--root",
                root.to_str().unwrap(),
                "--country",
                "x",
            ],
            Duration::from_secs(20),
        );
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).contains("it is not a file but a device, a pipe or a socket"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(tree(&root.join("content")), Vec::<String>::new());
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    // 3 GB, sparse: nothing of it is on the disk.
    let big = dir.path().join("big.docx");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    let start = Instant::now();
    let o = import(&root, &big, &["--country", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("it is too large to be an assessment (3072 MB; import reads up to 64 MB)"),
        "{}",
        stderr(&o)
    );
    assert!(start.elapsed() < Duration::from_secs(10));
    // Text of more lines than any assessment: each would be held.
    let lines = dir.path().join("lines.txt");
    std::fs::write(&lines, "x\n".repeat(1_600_000)).unwrap();
    let o = import(&root, &lines, &["--country", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "it has 1600000 lines of text, more than an assessment has (import reads up to 1500000)"
        ),
        "{}",
        stderr(&o)
    );
}

/// A .docx whose `word/document.xml` is `body` inside a document.
fn docx(path: &Path, body: &[u8], footnotes: Option<&str>, links: &str) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(format!("<?xml version=\"1.0\"?><w:document {w}><w:body>").as_bytes())
        .unwrap();
    z.write_all(body).unwrap();
    z.write_all(b"</w:body></w:document>").unwrap();
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut rels = String::new();
    if let Some(notes) = footnotes {
        z.start_file("word/footnotes.xml", opts).unwrap();
        z.write_all(
            format!("<?xml version=\"1.0\"?><w:footnotes {w}>{notes}</w:footnotes>").as_bytes(),
        )
        .unwrap();
        rels.push_str(&format!(
            "<Relationship Id=\"rIdF\" Type=\"{rel}/footnotes\" Target=\"footnotes.xml\"/>"
        ));
        z.start_file("word/_rels/footnotes.xml.rels", opts).unwrap();
        z.write_all(
            format!("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{links}</Relationships>").as_bytes(),
        )
        .unwrap();
    }
    z.start_file("word/_rels/document.xml.rels", opts).unwrap();
    z.write_all(
        format!("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>").as_bytes(),
    )
    .unwrap();
    z.finish().unwrap();
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn row(cells: &[String]) -> String {
    let cells: String = cells.iter().map(|c| format!("<w:tc>{c}</w:tc>")).collect();
    format!("<w:tr>{cells}</w:tr>")
}

#[test]
fn an_element_bomb_is_refused_within_its_budget() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    // 1,600,000 empty runs: 10 MB of XML, a few KB packed.
    let bomb = dir.path().join("bomb.docx");
    let mut body = para("Paragraph 7").into_bytes();
    body.extend_from_slice(b"<w:p>");
    body.extend(std::iter::repeat_n(&b"<w:r/>"[..], 1_600_000).flatten());
    body.extend_from_slice(b"</w:p>");
    docx(&bomb, &body, None, "");
    let o = import(&root, &bomb, &["--country", "x", "--dry-run"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("the Word document has more than 1000000 XML elements, far more than an assessment has (its word/document.xml is where they are)"),
        "{}",
        stderr(&o)
    );
    // A part larger than any document's, refused before it is unpacked.
    let large = dir.path().join("large.docx");
    let filler = vec![b' '; 40 << 20];
    docx(&large, &filler, None, "");
    let o = import(&root, &large, &["--country", "x", "--dry-run"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "the Word document's word/document.xml is too large to read (40 MB unpacked)"
        ),
        "{}",
        stderr(&o)
    );
}

/// A detailed table of one recommendation with `cell` as its comments.
fn table(cell: &str) -> String {
    let header = row(&[
        para("Recommendation"),
        para("Grade"),
        para("Action taken by the State"),
        para("Other comments"),
    ]);
    let body = row(&[
        para("The State party should act."),
        para("A"),
        para("Nothing was done."),
        cell.to_string(),
    ]);
    format!(
        "{}{}<w:tbl>{header}{body}</w:tbl>",
        para("Paragraph 7"),
        para("The Committee is concerned (art. 7).")
    )
}

#[test]
fn word_text_never_becomes_markdown_and_a_script_address_is_no_link() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let file = dir.path().join("x.docx");
    // Typed in a cell: a link, emphasis, HTML and a footnote mark; a
    // footnote whose hyperlink goes to a script, one whose words look
    // like a link.
    let cell = format!(
        "{}{}",
        para("See [x](javascript:alert(1)) and *this* &lt;b&gt;[^9]"),
        "<w:p><w:r><w:t>Noted.</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:footnoteReference w:id=\"2\"/></w:r></w:p>",
    );
    let notes = "<w:footnote w:id=\"1\"><w:p><w:hyperlink r:id=\"rL\"><w:r><w:t>A report</w:t></w:r></w:hyperlink></w:p></w:footnote>\
                 <w:footnote w:id=\"2\"><w:p><w:r><w:t>[y](javascript:alert(2))</w:t></w:r></w:p></w:footnote>";
    let links = "<Relationship Id=\"rL\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"javascript:alert(1)\" TargetMode=\"External\"/>";
    docx(&file, table(&cell).as_bytes(), Some(notes), links);
    let o = import(&root, &file, &["--country", "x"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("It passes `followup check`"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("footnote 1's address `javascript:alert(1)` is a javascript: address, which followup never publishes as a link: it was kept as text"),
        "{}",
        stderr(&o)
    );
    let rec = walkdir::WalkDir::new(root.join("content/x"))
        .into_iter()
        .flatten()
        .find(|e| e.file_name() == "01-act.md")
        .unwrap();
    let md = std::fs::read_to_string(rec.path()).unwrap();
    assert!(
        md.contains(r"See \[x\](javascript:alert(1)) and \*this\* \<b\>\[\^9\]"),
        "{md}"
    );
    assert!(md.contains("[^1]: A report (javascript:alert(1))"), "{md}");
    assert!(md.contains(r"[^2]: \[y\](javascript:alert(2))"), "{md}");
    // Built, the page has no link to a script.
    let o = followup(&["build", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for e in walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                !html.contains("href=\"javascript"),
                "{}",
                e.path().display()
            );
        }
    }
}

#[test]
fn a_line_that_would_start_a_markdown_block_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let file = dir.path().join("x.docx");
    let cell = format!(
        "{}{}{}",
        para("# Not a heading"),
        para("- not an item"),
        para("2019. A year, not a list")
    );
    docx(&file, table(&cell).as_bytes(), None, "");
    let o = import(&root, &file, &["--country", "x"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let rec = walkdir::WalkDir::new(root.join("content/x"))
        .into_iter()
        .flatten()
        .find(|e| e.file_name() == "01-act.md")
        .unwrap();
    let md = std::fs::read_to_string(rec.path()).unwrap();
    assert!(md.contains("\\# Not a heading"), "{md}");
    assert!(md.contains("\\- not an item"), "{md}");
    assert!(md.contains("2019\\. A year, not a list"), "{md}");
}

#[test]
fn a_staging_folder_left_by_a_crash_is_ignored_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    // What a crash midway leaves: a half-written dossier.
    let left = root.join("content/kz.import-4000000");
    std::fs::create_dir_all(left.join("p07")).unwrap();
    std::fs::write(left.join("_index.md"), "+++\ncountry = \"Kaz").unwrap();
    std::fs::write(left.join("p07/01-x.md"), "+++\ngrade =").unwrap();
    let o = followup(&["check", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let o = import(&root, &seed(), &["--country", "kazakhstan"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains(
            "info: removed content/kz.import-4000000, left behind by an import that did not finish"
        ),
        "{}",
        stderr(&o)
    );
    assert!(!left.exists());
    assert_eq!(
        std::fs::read_dir(root.join("content"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect::<Vec<_>>(),
        ["kazakhstan"]
    );
}

/// The seed's grades that `CONFIG` lacks are added: the settings rewritten.
#[cfg(unix)]
#[test]
fn settings_keep_their_permissions_links_and_say_so_for_hard_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let config = root.join("followup.toml");
    // Private settings stay private.
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = import(&root, &seed(), &["--country", "kazakhstan"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("Added grades to followup.toml"),
        "{}",
        stdout(&o)
    );
    let mode = std::fs::metadata(&config).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // Settings kept elsewhere, linked: the link stays, its target changes.
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    std::fs::create_dir(root.join("settings")).unwrap();
    let real = root.join("settings/followup.toml");
    std::fs::rename(root.join("followup.toml"), &real).unwrap();
    std::os::unix::fs::symlink(&real, root.join("followup.toml")).unwrap();
    let o = import(&root, &seed(), &["--country", "kazakhstan"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let meta = std::fs::symlink_metadata(root.join("followup.toml")).unwrap();
    assert!(meta.file_type().is_symlink());
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("code = \"B2\"")
    );

    // A link that leads outside the site: nothing is written there.
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let real = dir.path().join("elsewhere.toml");
    std::fs::rename(root.join("followup.toml"), &real).unwrap();
    std::os::unix::fs::symlink(&real, root.join("followup.toml")).unwrap();
    let o = import(&root, &seed(), &["--country", "kazakhstan"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("followup.toml is a symbolic link to "),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), CONFIG);
    assert!(!root.join("content/kazakhstan").exists());

    // A file with another name: said.
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    std::fs::hard_link(root.join("followup.toml"), dir.path().join("other.toml")).unwrap();
    let o = import(&root, &seed(), &["--country", "kazakhstan"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("info: followup.toml had 1 other name(s) (hard links), which keep the text as it was: the file with the grades added is a new file under this name"),
        "{}",
        stderr(&o)
    );
}

/// The text of an assessment citing `n` footnotes in one recommendation,
/// as Word's copy has it (as bench/footnotes.py makes it).
fn many_footnotes(n: usize) -> String {
    let mut s = String::from(
        "Paragraph 10\n\nThe Committee is concerned.\n\n\tRecommendation\n\tGrade\n\tAction taken by the State\n\tOther comments\n\n\tThe State party should act.\n\tA\n\tClaims.\n",
    );
    for i in 0..n {
        s.push_str(&format!("Claim {i}\n. More.\n"));
    }
    s.push_str("\tNone.\n\n");
    for i in 0..n {
        s.push_str(&format!(
            "\u{fffd} Source number {i}, https://example.org/s/{i}\n"
        ));
    }
    s
}

/// 200,000 footnotes took minutes when each was looked for among the
/// others (some 3 minutes in a debug build); now the time grows with their
/// number (some 15 seconds), which leaves room for a busy machine.
#[test]
fn many_footnotes_import_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let file = dir.path().join("many.txt");
    std::fs::write(&file, many_footnotes(200_000)).unwrap();
    let start = Instant::now();
    let o = import(
        &root,
        &file,
        &["--country", "x", "--dry-run", "--keep-going"],
    );
    let took = start.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("read 1 table, 2 rows, 200000 footnotes; would write 1 paragraph, 1 recommendation, 200000 footnotes; left out nothing"),
        "{}",
        stdout(&o)
    );
    assert!(took < Duration::from_secs(100), "{took:?}");
}

/// Ctrl-C while the dossier is being written: the staging folder goes,
/// and the next build is not broken by it.
#[cfg(unix)]
#[test]
fn an_interrupted_import_leaves_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    // Thousands of recommendations, so that writing takes a while.
    let mut text = String::from(
        "Paragraph 10\n\nThe Committee is concerned (art. 7).\n\n\tRecommendation\n\tGrade\n\tAction taken by the State\n\tOther comments\n\n",
    );
    for i in 0..4000 {
        text.push_str(&format!(
            "\tThe State party should act on matter {i}.\n\tA\n\tDone.\n\tNone.\n\n"
        ));
    }
    let file = dir.path().join("many.txt");
    std::fs::write(&file, text).unwrap();
    let mut child = bin()
        .args([
            "import",
            file.to_str().unwrap(),
            "--root",
            root.to_str().unwrap(),
        ])
        .args(["--country", "x"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = root.join(format!("content/x.import-{}", child.id()));
    let start = Instant::now();
    while !staging.exists() && child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(1));
    }
    let caught = staging.exists();
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert!(caught, "the import ended before it could be interrupted");
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert!(!staging.exists());
    assert!(!root.join("content/x").exists());
    let o = followup(&["check", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A row of 60,000 cells: each cell's column was searched for among all
/// the columns, for each column (some 2 minutes); now a few seconds.
#[test]
fn a_row_of_many_cells_reads_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    let file = dir.path().join("wide.docx");
    let cells: String =
        std::iter::repeat_n(format!("<w:tc>{}</w:tc>", para("x")), 60_000).collect();
    let body = format!("{}<w:tbl><w:tr>{cells}</w:tr></w:tbl>", para("Paragraph 7"));
    docx(&file, body.as_bytes(), None, "");
    let start = Instant::now();
    let o = import(
        &root,
        &file,
        &["--country", "x", "--dry-run", "--keep-going"],
    );
    let took = start.elapsed();
    assert!(
        stdout(&o).contains("read 1 table, 1 row"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(took < Duration::from_secs(45), "{took:?}");
}
