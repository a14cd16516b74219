//! Short plain texts made from what authors wrote: a feed entry's title, a
//! page's description for search engines and link previews.

/// Shortens `s` to at most `n` characters, on a word boundary, ending with
/// `…` when cut (so at most `n + 1` characters in all).
pub fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    let at_word_end = s.chars().nth(n).is_some_and(char::is_whitespace);
    let cut = if at_word_end {
        cut.as_str()
    } else {
        cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a)
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The words of HTML that followup made from Markdown, on one line: tags
/// left out, the entities it writes read back, runs of spaces made one.
pub fn plain(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                // A tag between two words (`</p><p>`) parts them.
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A page's description: at most 160 characters, cut at a word.
pub fn description(s: &str) -> String {
    let short = shorten(s, 159);
    // A cut just after a sentence needs no ellipsis.
    match short.strip_suffix(".…") {
        Some(sentence) => format!("{sentence}."),
        None => short,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_are_shortened_on_a_word() {
        assert_eq!(
            shorten("The State party should act", 15),
            "The State party…"
        );
        assert_eq!(shorten("short", 15), "short");
    }

    #[test]
    fn html_is_read_as_its_words() {
        assert_eq!(
            plain("<p>Women &amp; girls</p>\n<p>in <em>rural</em> areas &lt;2020&gt;</p>"),
            "Women & girls in rural areas <2020>"
        );
    }

    #[test]
    fn descriptions_fit_in_160_characters() {
        let long = "word ".repeat(100);
        let d = description(&long);
        assert!(d.chars().count() <= 160, "{}", d.chars().count());
        assert!(d.ends_with("word…"));
    }
}
