use super::*;

/// The messages for `src`, each with the text it points at.
fn found(src: &str) -> Vec<(String, String)> {
    scan(src)
        .into_iter()
        .map(|f| (src[f.at..].chars().next().unwrap().to_string(), f.message))
        .collect()
}

/// `src` with every fix made.
fn fixed(src: &str) -> String {
    let mut edits: Vec<Edit> = scan(src).into_iter().flat_map(|f| f.edits).collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut s = src.to_string();
    for e in edits {
        s.replace_range(e.start..e.end, &e.replacement);
    }
    s
}

#[test]
fn curly_quotes_around_a_value_are_named_and_straightened() {
    let src = "grade = “D1”\nsummary = “A “quoted” word.”\n";
    assert_eq!(
        found(src),
        [
            ("“".into(), "the text of `grade` starts and ends with the curly quotation marks “ (U+201C) and ” (U+201D), which Word types".into()),
            ("“".into(), "the text of `summary` starts and ends with the curly quotation marks “ (U+201C) and ” (U+201D), which Word types".into()),
        ]
    );
    assert_eq!(
        fixed(src),
        "grade = \"D1\"\nsummary = \"A “quoted” word.\"\n"
    );
    assert_eq!(
        fixed("a = ‘x’\nb = «y»\nc = \"z”\n"),
        "a = 'x'\nb = \"y\"\nc = \"z\"\n"
    );
    // Straight quotes inside: no one right answer.
    assert_eq!(fixed("s = “a \"b\" c”\n"), "s = “a \"b\" c”\n");
}

#[test]
fn three_curly_quotes_may_close_lines_further_on() {
    let src = "recommendation = “““The State\nparty = should\n”””\norder = 1\n";
    let f = scan(src);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        fixed(src),
        "recommendation = \"\"\"The State\nparty = should\n\"\"\"\norder = 1\n"
    );
    // A text in straight quotes is the author's, whatever is in it.
    assert!(scan("r = \"\"\"a\n\u{a0}b = “c”\n\"\"\"\n").is_empty());
}

#[test]
fn invisible_characters_in_names_and_around_equals() {
    let src = "grade\u{a0}= \"D1\"\ngra\u{200b}de = \"D1\"\norder =\u{a0}1\u{200b}\n\u{a0}[[assessments]]\n";
    assert_eq!(
        found(src),
        [
            ("\u{a0}".into(), "a non-breaking space (U+00A0) between `grade` and `=`: only ordinary spaces can go there".into()),
            ("\u{200b}".into(), "the name `grade` contains an invisible character, a zero-width space (U+200B)".into()),
            ("\u{a0}".into(), "a non-breaking space (U+00A0) after `order =`: only ordinary spaces can go there".into()),
            ("\u{200b}".into(), "a zero-width space (U+200B) at the end of the line: only ordinary spaces can go there".into()),
            ("\u{a0}".into(), "a non-breaking space (U+00A0) before `[[assessments]]`: only ordinary spaces can go there".into()),
        ]
    );
    assert_eq!(
        fixed(src),
        "grade = \"D1\"\ngrade = \"D1\"\norder = 1\n [[assessments]]\n"
    );
    assert_eq!(fixed("articles = [7,\u{a0}19]\n"), "articles = [7, 19]\n");
}

#[test]
fn straight_quotes_inside_a_one_line_text_offer_three_quotes() {
    let src = "summary = \"No reply to the \"urgent\" letter.\"\n";
    let f = scan(src);
    assert_eq!(f.len(), 1);
    assert_eq!(&src[f[0].at..f[0].at + 7], "\"urgent");
    assert_eq!(
        f[0].message,
        "the straight quotation mark \" inside the text of `summary` ends the text too early"
    );
    assert!(
        f[0].help
            .contains("summary = \"\"\"No reply to the \"urgent\" letter.\"\"\""),
        "{}",
        f[0].help
    );
    assert!(f[0].edits.is_empty());
}

#[test]
fn ordinary_toml_has_nothing_to_say() {
    let src = "title = \"T\" # a comment “x”\narticles = [\n  7,\n  19,\n]\n[languages.ru]\ntitle = 'Заголовок'\ntext = \"\"\"\n“quoted”\n\"\"\"\nempty = \"\"\nn = 10\n";
    assert!(scan(src).is_empty(), "{:?}", scan(src));
}

/// Any mix of quotation marks, backslashes, brackets and invisible
/// characters: no panic, and every fix lands on characters of the source.
#[test]
fn any_text_is_scanned_without_panic() {
    let alphabet = [
        "\"",
        "'",
        "“",
        "”",
        "‘",
        "’",
        "«",
        "\\",
        "=",
        "[",
        "]",
        "{",
        "#",
        " ",
        "\t",
        "\u{a0}",
        "\u{200b}",
        "a",
        "\n",
        ",",
        "\"\"\"",
        "“““",
    ];
    // Found by the fuzzers: a text whose last quotation mark is escaped.
    assert!(scan("a = \"x\\\"\n").is_empty());
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..20_000 {
        let mut src = String::new();
        for _ in 0..(seed % 24) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            src.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        for f in scan(&src) {
            assert!(src.is_char_boundary(f.at) && f.at <= src.len(), "{src:?}");
            for e in f.edits {
                assert!(
                    e.start <= e.end
                        && src.is_char_boundary(e.start)
                        && src.is_char_boundary(e.end),
                    "{src:?}"
                );
            }
        }
    }
}
