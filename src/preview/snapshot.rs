//! What the preview serves at one moment, read by every request without
//! waiting: the session takes one after each rebuild.

use crate::base::diagnostics::Diagnostics;
use crate::preview::session::Served;
use std::collections::HashMap;
use std::sync::Arc;

/// What the preview serves at one moment: taken after each rebuild and
/// swapped in whole ([`crate::preview`]), so that a reader never waits for
/// a rebuild. The files are shared with the session, which copies them
/// only when it next changes one.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    version: u64,
    errors: Diagnostics,
    warnings: Diagnostics,
    files: Arc<HashMap<String, Served>>,
}

impl Snapshot {
    pub(super) fn new(
        version: u64,
        errors: Diagnostics,
        warnings: Diagnostics,
        files: Arc<HashMap<String, Served>>,
    ) -> Snapshot {
        Snapshot {
            version,
            errors,
            warnings,
            files,
        }
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn errors(&self) -> &Diagnostics {
        &self.errors
    }

    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }

    /// The file at `path` (relative to the site, like `kazakhstan/index.html`).
    pub fn get(&self, path: &str) -> Option<&Served> {
        self.files.get(path)
    }
}
