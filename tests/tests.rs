//! The integration tests, one binary (one link of the library, Pagefind
//! and axum, instead of one per file): each module is a file of `tests/`
//! and runs the real binary. The tests that need a browser or Java run
//! under their own harness (`browser`, `readers`), so that missing tools
//! show as ignored.

mod common;

mod build_cache;
mod cite;
mod committee_site;
mod diagnostics;
mod export;
mod fixtures;
mod formats;
mod fuzz_corpus;
mod history;
mod import;
mod import_safety;
mod incremental;
mod init;
mod install;
mod languages;
mod licence;
mod new_author;
mod numbering;
mod og_image;
mod pages;
mod procedure;
mod procedure_data;
mod publish;
mod safety;
mod sample;
mod seo;
mod serve;
#[cfg(target_os = "linux")]
mod serve_background;
mod serve_first;
mod word_characters;
mod wording;
mod writer;
