//! The files a build makes, as every later stage sees them: what the
//! renderer and the data publisher produce, what the writer puts on disk and
//! what the preview serves. They live below all those stages so that each
//! imports them, and none imports another to get them.

use std::path::PathBuf;

/// What a file of the output holds.
#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// A file copied as is (attachments, theme assets).
    Copy(PathBuf),
}

#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub contents: Contents,
}

impl OutputFile {
    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(bytes),
        }
    }

    /// The file put under the folder `prefix` (`""` or `"<code>/"`, where
    /// another language's site goes).
    pub fn under(self, prefix: &str) -> OutputFile {
        if prefix.is_empty() {
            return self;
        }
        OutputFile {
            path: format!("{prefix}{}", self.path),
            contents: self.contents,
        }
    }
}

/// Every file of a built site, sorted by path.
#[derive(Debug, Default)]
pub struct Output {
    pub files: Vec<OutputFile>,
    pub pages: usize,
}
