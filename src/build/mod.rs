//! Stage 6: make the site. Assembles every page, asset and data file of a
//! site from its model, for `build` (written to disk), `check` (made and
//! dropped) and the preview (kept in memory), and times each stage.

pub mod driver;
pub mod folder;
pub mod site;
pub mod timings;
