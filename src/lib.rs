//! followup compiles human-rights follow-up dossiers (Markdown files with TOML
//! front matter, one per recommendation) into a linked static site.
//!
//! The pipeline runs one way, one folder per stage: [`input`] (load the
//! files, parse settings, front matter and Markdown) → [`check`] (validate
//! into dossiers) → [`model`] (the site as readers navigate it, its pages)
//! → [`render`] (views, templates) → [`publish`] (data, feeds, search) →
//! [`build`] (assemble and write) or [`preview`] (serve from memory). Below
//! them all, [`base`] holds what every stage shares; [`init`] and
//! [`import`] make new sites and dossiers. Everything up to writing happens
//! in memory, and the writer stages what it replaces, so a build with any
//! error leaves the previous output as it was.

// No function over 150 lines (clippy.toml): a longer one does several jobs.
#![warn(clippy::too_many_lines)]
// A Diagnostic is a few strings; errors are the cold path, so returning one
// by value costs nothing that matters and keeps signatures plain.
#![allow(clippy::result_large_err)]

pub mod base;
pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod input;
pub mod model;
pub mod preview;
pub mod publish;
pub mod render;

pub use build::driver::{
    Audience, BuildFailure, BuildOptions, BuildReport, Checked, Compiled, Ready, build, check,
    check_loaded, compile, compile_loaded, index, prepare, ready,
};
