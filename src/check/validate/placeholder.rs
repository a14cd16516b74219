//! The placeholders `followup new` writes in a new file's required fields
//! and text: each one left is an error at its place, so that nothing a
//! template says in place of the author's words is ever published.

use crate::base::diagnostics::Diagnostic;

/// What marks a placeholder: the words `followup check` looks for.
pub const PLACEHOLDER: &str = "TO FILL IN";

/// The placeholders of `followup new` left in a file: an error each, at
/// its place, saying what to write instead.
pub fn placeholders(path: &str, text: &str) -> Vec<Diagnostic> {
    // Every file is searched on every check and preview rebuild: most
    // have none, which this finds fastest.
    if !text.contains(PLACEHOLDER) {
        return Vec::new();
    }
    text.match_indices(PLACEHOLDER)
        .map(|(at, _)| {
            let rest = &text[at + PLACEHOLDER.len()..];
            let line = rest.lines().next().unwrap_or("");
            // Up to the end of the quoted text, or of the line.
            let wanted = line
                .split("\"\"\"")
                .next()
                .unwrap_or("")
                .split('"')
                .next()
                .unwrap_or("")
                .trim_start_matches(':')
                .trim()
                .trim_end_matches('.');
            let wanted = if wanted.is_empty() { "your text" } else { wanted };
            Diagnostic::error(
                path,
                format!("a placeholder still to fill in: {wanted}"),
            )
            .at(text, at)
            .help(format!(
                "replace the placeholder (\"{PLACEHOLDER}\" and what follows it) with your text; followup new wrote it so that check reminds you"
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_is_reported_with_what_to_write() {
        let d = placeholders(
            "content/x/_index.md",
            "+++\ncountry = \"TO FILL IN: the country's name\"\n+++\nTO FILL IN: an introduction.\n",
        );
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0].message,
            "a placeholder still to fill in: the country's name"
        );
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(12)));
        assert_eq!(
            d[1].message,
            "a placeholder still to fill in: an introduction"
        );
    }
}
