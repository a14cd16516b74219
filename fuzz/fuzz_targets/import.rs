//! Read a fuzzed .docx or Word text as `followup import` does, and plan
//! its dossier's files.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::import(data));
