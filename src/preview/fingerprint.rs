//! The preview's memory of what each served page was made from: a
//! fingerprint of each page's template context at the last rebuild, so the
//! change planner ([`crate::preview::plan`]) makes only the new side of a
//! comparison. Kept in memory for the life of the process, so a hash
//! stable within one run is enough.

use minijinja::value::{Value, ValueKind};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// The fingerprints of one language's served pages, by output file
/// (`kazakhstan/p07/index.html`). A page without one is rendered when
/// next planned: every path that renders or changes pages without
/// fingerprinting them forgets theirs, so a fingerprint is never stale.
#[derive(Default)]
pub struct Fingerprints(HashMap<String, u64>);

impl Fingerprints {
    /// The fingerprint of the page at `file`, if known.
    pub fn get(&self, file: &str) -> Option<u64> {
        self.0.get(file).copied()
    }

    /// Records what the pages at these files are now made from.
    pub fn extend(&mut self, prints: impl IntoIterator<Item = (String, u64)>) {
        self.0.extend(prints);
    }

    /// Forgets the page at `file`, whose served copy changed unseen.
    pub fn forget(&mut self, file: &str) {
        self.0.remove(file);
    }

    /// Keeps only the pages that still exist.
    pub fn retain(&mut self, files: &std::collections::HashSet<&str>) {
        self.0.retain(|f, _| files.contains(f.as_str()));
    }
}

/// The fingerprint of a page rendered by `template` from `context`: equal
/// fingerprints mean the same page, as the renderer makes it.
pub fn of(template: &str, context: &Value) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    template.hash(&mut h);
    feed(context, &mut h);
    h.finish()
}

/// Feeds `v` to `h`, with what minijinja's own hash leaves out and a
/// template sees: each value's kind (none is not undefined, true is not 1)
/// and whether a string is marked safe (it is then not escaped).
fn feed(v: &Value, h: &mut impl Hasher) {
    let kind = v.kind();
    std::mem::discriminant(&kind).hash(h);
    match kind {
        ValueKind::Map => {
            let pairs = v.as_object().and_then(|o| o.try_iter_pairs());
            let mut n = 0usize;
            for (key, value) in pairs.into_iter().flatten() {
                feed(&key, h);
                feed(&value, h);
                n += 1;
            }
            n.hash(h);
        }
        ValueKind::Seq | ValueKind::Iterable => {
            let mut n = 0usize;
            for item in v.try_iter().into_iter().flatten() {
                feed(&item, h);
                n += 1;
            }
            n.hash(h);
        }
        // A number as printed: 1 and 1.0 hash alike but print apart.
        ValueKind::Number | ValueKind::Plain | ValueKind::Invalid => v.to_string().hash(h),
        ValueKind::String => {
            v.is_safe().hash(h);
            v.hash(h);
        }
        _ => v.hash(h),
    }
}
