//! Markdown to HTML with comrak, and the footnotes (sources) it cites.
//!
//! Each document is parsed once: the same tree yields the HTML and the list of
//! footnotes. Footnote names get a per-document prefix so that a page showing
//! several recommendations never has two anchors with the same id.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, format_html, parse_document};

/// A footnote definition as written by the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    /// The label as written (`1` for `[^1]`).
    pub label: String,
    /// The anchor id of the footnote on the page (`fn-<prefix>-<label>`).
    pub anchor: String,
    /// Text of the footnote without its URL, trimmed of trailing punctuation.
    pub text: String,
    /// The first link in the footnote, if any: the source's address.
    pub url: Option<String>,
    /// 1-based line in the Markdown text.
    pub line: usize,
    /// How many times the body refers to it.
    pub references: u32,
}

/// A footnote reference with no definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingFootnote {
    pub label: String,
    /// 1-based line and column in the Markdown text.
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Footnotes the body cites, in order.
    pub footnotes: Vec<Footnote>,
    /// References with no definition.
    pub missing: Vec<MissingFootnote>,
    /// Definitions the body never cites (comrak drops them): label and line.
    pub unreferenced: Vec<(String, usize)>,
    /// Links and images whose address would run script
    /// ([`crate::base::address::refused_scheme`]): the address, its scheme, and
    /// the 1-based line and column of the link.
    pub refused: Vec<RefusedLink>,
}

/// A link or image of a body whose address is never published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedLink {
    pub address: String,
    pub scheme: String,
    pub line: usize,
    pub column: usize,
}

pub(crate) fn options(allow_html: bool) -> Options<'static> {
    let mut o = Options::default();
    o.extension.footnotes = true;
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    // Typographic quotes and dashes: authors paste from Word, which has them.
    o.parse.smart = true;
    // Raw HTML is dropped unless the site opts in.
    o.render.r#unsafe = allow_html;
    o
}

/// Renders `md`; footnote anchors become `fn-<prefix>-<label>`.
pub fn render(md: &str, prefix: &str, allow_html: bool) -> Rendered {
    let opts = options(allow_html);
    let arena = Arena::new();
    let root = parse_document(&arena, &separate_addresses(md), &opts);

    let mut footnotes = Vec::new();
    let mut refused = Vec::new();
    for node in root.descendants() {
        let mut data = node.data.borrow_mut();
        let start = data.sourcepos.start;
        match &mut data.value {
            NodeValue::Link(l) | NodeValue::Image(l) => {
                if let Some(scheme) = crate::base::address::refused_scheme(&l.url) {
                    refused.push(RefusedLink {
                        address: l.url.clone(),
                        scheme,
                        line: start.line,
                        column: start.column,
                    });
                    // Never published, whatever the page does with the error.
                    l.url.clear();
                }
            }
            NodeValue::FootnoteReference(r) => {
                r.name = format!("{prefix}-{}", r.name);
            }
            NodeValue::FootnoteDefinition(d) => {
                let label = d.name.clone();
                d.name = format!("{prefix}-{label}");
                let anchor = format!("fn-{}", d.name);
                let references = d.total_references;
                let line = data.sourcepos.start.line;
                drop(data);
                let (text, url) = footnote_source(node);
                footnotes.push(Footnote {
                    label,
                    anchor,
                    text,
                    url,
                    line,
                    references,
                });
            }
            _ => {}
        }
    }

    let mut html = String::new();
    // Writing to a String cannot fail.
    let _ = format_html(root, &opts, &mut html);
    let html = aligned_cells(html);
    let (missing, unreferenced) = check_references(md, &footnotes);
    Rendered {
        html,
        footnotes,
        missing,
        unreferenced,
        refused,
    }
}

/// The plain text of a footnote (its URL removed) and its first link.
fn footnote_source<'a>(node: &'a AstNode<'a>) -> (String, Option<String>) {
    let mut url = None;
    let mut text = String::new();
    collect_text(node, &mut text, &mut url);
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(u) = &url {
        // "Title, <https://x>" keeps its title; a bare link leaves nothing.
        text = text.replace(u.as_str(), "");
    }
    (source_words(&text), url)
}

/// A source's words once its address is out of them: the parentheses or
/// angle brackets the address stood in, and the separators before it, go;
/// a closing parenthesis that closes something ("(name withheld)") stays.
fn source_words(text: &str) -> String {
    let mut t = text.replace("()", "").replace("( )", "").replace("<>", "");
    loop {
        let trimmed = t.trim_end_matches([',', ':', ';', '(', '.', ' ', '-', '–']);
        let unbalanced =
            trimmed.ends_with(')') && trimmed.matches(')').count() > trimmed.matches('(').count();
        let trimmed = if unbalanced {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == t.len() {
            return t.trim().to_string();
        }
        t = trimmed.to_string();
    }
}

/// `md` with each bare web address that runs into a footnote mark
/// (`https://x.org/a[^1]`, or Word's `HYPERLINK "https://x.org/a"[^1]`)
/// closed before the mark (`<https://x.org/a>[^1]`): otherwise the address
/// takes the mark in, and the footnote is neither cited nor listed.
fn separate_addresses(md: &str) -> std::borrow::Cow<'_, str> {
    if !md.contains("[^") || !md.contains("://") {
        return std::borrow::Cow::Borrowed(md);
    }
    let mut out = String::with_capacity(md.len() + 16);
    let mut rest = md;
    while let Some(at) = rest.find("http") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let end = from
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
            .unwrap_or(from.len());
        let token = &from[..end];
        let is_url = token.starts_with("http://") || token.starts_with("https://");
        // Not inside angle brackets or a link's parentheses already.
        let opened = before.ends_with('<') || before.ends_with("](");
        match token.find("[^").filter(|_| is_url && !opened) {
            Some(mark) => {
                let url = &token[..mark];
                let bare = url.trim_end_matches(['"', '\'', '”', '’', ')', '.', ',', ';']);
                out.push('<');
                out.push_str(bare);
                out.push('>');
                out.push_str(&url[bare.len()..]);
                out.push_str(&token[mark..]);
            }
            None => out.push_str(token),
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Table cells aligned with Markdown's `---:` carry a class instead of
/// comrak's `align` attribute, which HTML no longer has and which the
/// theme's own alignment of cells would override.
fn aligned_cells(html: String) -> String {
    if !html.contains(" align=\"") {
        return html;
    }
    let mut html = html;
    for cell in ["th", "td"] {
        for side in ["left", "right", "center"] {
            html = html.replace(
                &format!("<{cell} align=\"{side}\""),
                &format!("<{cell} class=\"align-{side}\""),
            );
        }
    }
    html
}

fn collect_text<'a>(node: &'a AstNode<'a>, out: &mut String, url: &mut Option<String>) {
    for child in node.children() {
        match &child.data.borrow().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::Link(l) if url.is_none() && !l.url.is_empty() => {
                *url = Some(l.url.clone());
            }
            NodeValue::Paragraph if !out.is_empty() => out.push(' '),
            _ => {}
        }
        collect_text(child, out, url);
    }
}

/// `[^label]` references whose label has no definition, and definitions no
/// reference uses. comrak leaves the first as plain text and drops the
/// second, so both are found in the source.
fn check_references(
    md: &str,
    footnotes: &[Footnote],
) -> (Vec<MissingFootnote>, Vec<(String, usize)>) {
    let mut missing = Vec::new();
    let mut unreferenced = Vec::new();
    let mut in_fence = false;
    // Looked up for every mark: a set, so that thousands of footnotes stay quick.
    let labels: std::collections::HashSet<&str> =
        footnotes.iter().map(|f| f.label.as_str()).collect();
    for (i, line) in md.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut rest = line;
        let mut consumed = 0;
        while let Some(start) = find_reference(rest) {
            let after = &rest[start + 2..];
            let Some(end) = after.find(']') else { break };
            let label = &after[..end];
            let is_definition =
                line[..consumed + start].trim().is_empty() && after[end + 1..].starts_with(':');
            let valid_label = !label.is_empty() && !label.contains(char::is_whitespace);
            let known = labels.contains(label);
            if valid_label && is_definition && !known {
                unreferenced.push((label.to_string(), i + 1));
            }
            if valid_label && !is_definition && !known {
                missing.push(MissingFootnote {
                    label: label.to_string(),
                    line: i + 1,
                    column: line[..consumed + start].chars().count() + 1,
                });
            }
            consumed += start + 2 + end + 1;
            rest = &line[consumed..];
        }
    }
    (missing, unreferenced)
}

/// Where `[^` first occurs in `s`: a byte search for `[`, far quicker than
/// a substring search on every line of every recommendation.
fn find_reference(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes[from..].iter().position(|&b| b == b'[') {
        let at = from + i;
        if bytes.get(at + 1) == Some(&b'^') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_anchors_get_the_prefix() {
        let r = render(
            "Text[^1].\n\n[^1]: Source, <https://a.org/x>\n",
            "rec-a",
            false,
        );
        assert!(r.html.contains("href=\"#fn-rec-a-1\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn-rec-a-1\""), "{}", r.html);
        assert!(r.html.contains("href=\"#fnref-rec-a-1\""), "{}", r.html);
        assert_eq!(r.footnotes.len(), 1);
        assert_eq!(r.footnotes[0].url.as_deref(), Some("https://a.org/x"));
        assert_eq!(r.footnotes[0].text, "Source");
        assert_eq!(r.footnotes[0].line, 3);
        assert_eq!(r.footnotes[0].references, 1);
    }

    /// An address right before a footnote mark leaves the mark a mark.
    #[test]
    fn an_address_before_a_mark_does_not_swallow_it() {
        for body in [
            "See https://example.org/a[^a] here.",
            "See HYPERLINK \"https://example.org/a\"[^a] here.",
        ] {
            let r = render(
                &format!("{body}\n\n[^a]: Report, <https://x.org>\n"),
                "p",
                false,
            );
            assert!(
                r.missing.is_empty() && r.unreferenced.is_empty(),
                "{body}: {r:?}"
            );
            assert_eq!(r.footnotes.len(), 1);
            assert!(
                r.html.contains("href=\"https://example.org/a\""),
                "{}",
                r.html
            );
            assert!(r.html.contains("href=\"#fn-p-a\""), "{}", r.html);
        }
        // Addresses already closed are left as written.
        assert_eq!(
            separate_addresses("<https://a.org>[^1]"),
            "<https://a.org>[^1]"
        );
        assert_eq!(
            separate_addresses("[x](https://a.org)[^1]"),
            "[x](https://a.org)[^1]"
        );
    }

    /// A source's closing parenthesis stays; the one an address stood in goes.
    #[test]
    fn sources_keep_their_parentheses() {
        let r = render(
            "A[^1] B[^2] C[^3].\n\n[^1]: Report (2021), <https://a.org/r>\n[^2]: Interview, 12 February 2022 (name withheld)\n[^3]: Letter (https://a.org/l)\n",
            "p",
            false,
        );
        let texts: Vec<&str> = r.footnotes.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Report (2021)",
                "Interview, 12 February 2022 (name withheld)",
                "Letter"
            ]
        );
    }

    /// Markdown's column alignment as a class the theme styles, valid HTML.
    #[test]
    fn aligned_columns_get_a_class_not_align() {
        let r = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n", "p", false);
        assert!(
            r.html.contains("<td class=\"align-right\">2</td>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<th class=\"align-left\">a</th>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains(" align="), "{}", r.html);
    }

    #[test]
    fn bare_urls_and_footnotes_without_url() {
        let r = render(
            "A[^a] b[^b].\n\n[^a]: https://x.org/p?q=1&r=2\n[^b]: Interview with the author, 2012.\n",
            "p",
            false,
        );
        assert_eq!(
            r.footnotes[0].url.as_deref(),
            Some("https://x.org/p?q=1&r=2")
        );
        assert_eq!(r.footnotes[0].text, "");
        assert_eq!(r.footnotes[1].url, None);
        assert_eq!(r.footnotes[1].text, "Interview with the author, 2012");
    }

    #[test]
    fn undefined_references_are_found() {
        let r = render("See[^2] and[^1].\n\n[^1]: x\n", "p", false);
        assert_eq!(
            r.missing,
            vec![MissingFootnote {
                label: "2".into(),
                line: 1,
                column: 4
            }]
        );
    }

    #[test]
    fn unreferenced_definitions_are_found() {
        let r = render("Text[^1].\n\n[^1]: a\n[^2]: b\n", "p", false);
        assert_eq!(r.unreferenced, vec![("2".to_string(), 4)]);
        assert!(r.missing.is_empty());
    }

    #[test]
    fn raw_html_is_dropped_unless_allowed() {
        let md = "<script>alert(1)</script>\n\nHi <b>x</b>\n";
        let safe = render(md, "p", false).html;
        assert!(
            !safe.contains("<script>") && !safe.contains("<b>"),
            "{safe}"
        );
        let allowed = render(md, "p", true).html;
        assert!(allowed.contains("<b>x</b>"), "{allowed}");
    }
}
