//! Parse one content file: front matter, fields, Markdown and footnotes.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::parse_file(data));
