//! Word's own list numbering (`word/numbering.xml`): the number a
//! numbered paragraph shows is not in its text, so it is put back in
//! front of it ("1. "), as a copy of the text out of Word has it, and the
//! import reads it as a list's item. Only decimal numbering is given back:
//! bullets and letters stay as the paragraph's words alone.

use super::*;

/// Each list's levels: whether a level is numbered with decimals, and
/// where it starts.
#[derive(Default)]
pub(super) struct Numbering {
    /// By `w:numId`: each level's (decimal, start).
    lists: HashMap<String, Vec<(bool, u32)>>,
    /// The last number given, by list and level.
    counters: HashMap<(String, usize), u32>,
}

impl Numbering {
    /// The lists of a numbering part.
    pub(super) fn read(root: &El) -> Numbering {
        let Some(top) = find(root, "numbering") else {
            return Numbering::default();
        };
        let mut abstracts: HashMap<&str, Vec<(bool, u32)>> = HashMap::new();
        for a in top.els().filter(|e| e.is("abstractNum")) {
            let mut levels = vec![(false, 1); 9];
            for l in a.els().filter(|e| e.is("lvl")) {
                let Some(k) = l.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                let val = |name: &str| l.els().find(|e| e.is(name)).and_then(|e| e.attr("val"));
                if k < levels.len() {
                    levels[k] = (
                        val("numFmt") == Some("decimal"),
                        val("start").and_then(|v| v.parse().ok()).unwrap_or(1),
                    );
                }
            }
            if let Some(id) = a.attr("abstractNumId") {
                abstracts.insert(id, levels);
            }
        }
        let mut lists = HashMap::new();
        for n in top.els().filter(|e| e.is("num")) {
            let abs = n
                .els()
                .find(|e| e.is("abstractNumId"))
                .and_then(|e| e.attr("val"));
            let (Some(id), Some(mut levels)) =
                (n.attr("numId"), abs.and_then(|a| abstracts.get(a).cloned()))
            else {
                continue;
            };
            for o in n.els().filter(|e| e.is("lvlOverride")) {
                let k = o.attr("ilvl").and_then(|v| v.parse::<usize>().ok());
                let start = o
                    .els()
                    .find(|e| e.is("startOverride"))
                    .and_then(|e| e.attr("val"))
                    .and_then(|v| v.parse().ok());
                if let (Some(k), Some(start)) = (k, start)
                    && k < levels.len()
                {
                    levels[k].1 = start;
                }
            }
            lists.insert(id.to_string(), levels);
        }
        Numbering {
            lists,
            counters: HashMap::new(),
        }
    }

    /// The number paragraph `p` shows ("3. "), if it is a decimal list's
    /// item; counting it.
    pub(super) fn number(&mut self, p: &El) -> Option<String> {
        let num = p
            .els()
            .find(|e| e.is("pPr"))?
            .els()
            .find(|e| e.is("numPr"))?;
        let id = num.els().find(|e| e.is("numId"))?.attr("val")?.to_string();
        let level = num
            .els()
            .find(|e| e.is("ilvl"))
            .and_then(|e| e.attr("val"))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        let (decimal, start) = *self.lists.get(&id)?.get(level)?;
        // An item ends the lists nested under the one before it.
        self.counters
            .retain(|(list, l), _| list != &id || *l <= level);
        let n = self
            .counters
            .entry((id, level))
            .and_modify(|n| *n += 1)
            .or_insert(start);
        decimal.then(|| format!("{n}. "))
    }
}
