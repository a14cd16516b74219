//! Build a small site from fuzzed settings and files, in memory.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::build_site(data));
