//! Below every stage: what they all share and none of them owns. The
//! diagnostics every problem is told with (and the Word characters they
//! name), page addresses, the files a build makes, and the writer that
//! puts files on disk whole (the build's output, `check --fix`, `import`),
//! and the build cache across runs.

pub mod address;
pub mod cache;
pub mod characters;
pub mod diagnostics;
pub mod output;
pub mod text;
pub mod write;
