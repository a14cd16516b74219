//! A Word assessment as the importer reads it, whatever it came from: the
//! body's blocks (paragraphs and tables, in order) and the footnotes. Both
//! readers (`text.rs` for text copied out of Word, `docx.rs` for the
//! document itself) produce this; `dossier.rs` makes the dossier from it.

/// A run of text, with the places where footnotes are cited.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(pub Vec<Inline>);

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Str(String),
    /// A footnote cited here: its index in [`Document::footnotes`].
    Note(usize),
}

impl Text {
    pub fn plain(s: &str) -> Text {
        Text(vec![Inline::Str(s.to_string())])
    }

    /// The words without the footnote marks.
    pub fn to_plain(&self) -> String {
        self.0
            .iter()
            .filter_map(|i| match i {
                Inline::Str(s) => Some(s.as_str()),
                Inline::Note(_) => None,
            })
            .collect()
    }

    pub fn is_blank(&self) -> bool {
        self.to_plain().trim().is_empty() && !self.0.iter().any(|i| matches!(i, Inline::Note(_)))
    }
}

/// Where something is in the document, for warnings: "table 3, row 2,
/// cell 4" or "line 95".
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Line(usize),
    Cell {
        table: usize,
        row: usize,
        cell: usize,
    },
    Paragraph(usize),
    /// A footnote that the text cites nowhere: its number among those.
    Uncited(usize),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::Cell { table, row, cell } => write!(f, "table {table}, row {row}, cell {cell}"),
            Place::Paragraph(n) => write!(f, "paragraph {n} of the document"),
            Place::Uncited(n) => write!(f, "the footnotes, uncited note {n}"),
        }
    }
}

/// One paragraph of a table cell or of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub text: Text,
    pub place: Place,
    /// The Word style a body paragraph has that says what it is:
    /// "Author" or "Date" (as pandoc writes a title block).
    pub style: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub paras: Vec<Para>,
    pub place: Place,
    /// How many of the table's grid columns it spans (merged cells).
    pub span: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    /// Rows of cells.
    Table(Vec<Vec<Cell>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// The note's words, field-code debris removed.
    pub text: String,
    /// The web address it cites, if any (a hyperlink's target in a .docx).
    pub url: Option<String>,
    pub place: Place,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    /// Footnotes whose place in the body could not be read and had to be
    /// guessed (text copied out of Word loses the marks): by index.
    pub guessed: Vec<usize>,
}
