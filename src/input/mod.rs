//! Stage 1: read the site. Loads the files of a site folder into memory,
//! parses the settings (followup.toml, its grade scales and the interface
//! strings of each language), the TOML front matter of each file, and its
//! Markdown. Nothing is judged here beyond what parsing needs.

pub mod config;
pub mod frontmatter;
pub mod load;
pub mod markdown;
pub mod pasted;
pub mod scales;
pub mod strings;
