//! `followup serve` after a grade change: the edited recommendation's page
//! is served and its readers told first, then the lists, and only the open
//! pages each swap changed are told to reload.

use crate::common;
use common::*;

const REC: &str = "content/kazakhstan/p25-freedom-of-expression/02-defamation-legislation.md";
const REC_URL: &str = "/kazakhstan/p25-freedom-of-expression/02-defamation-legislation/";

fn message(
    ws: &mut tungstenite::WebSocket<impl std::io::Read + std::io::Write>,
) -> serde_json::Value {
    serde_json::from_str(ws.read().unwrap().to_text().unwrap()).unwrap()
}

/// The addresses a reload message names.
fn pages(msg: &serde_json::Value) -> Vec<&str> {
    msg["pages"]
        .as_array()
        .unwrap_or_else(|| panic!("a reload naming its pages: {msg}"))
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect()
}

#[test]
fn a_grade_change_reloads_the_edited_page_first_then_the_lists() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    let (mut ws, _) =
        tungstenite::connect(format!("ws://127.0.0.1:{}/__followup/ws", preview.port)).unwrap();
    assert_eq!(message(&mut ws)["type"], "hello");

    edit(site.path(), REC, "grade = \"C\"", "grade = \"B3\"");
    let first = message(&mut ws);
    assert_eq!(first["type"], "reload", "{first}");
    assert!(pages(&first).contains(&REC_URL), "{first}");
    assert!(!pages(&first).contains(&"/grades/b3/"), "{first}");

    let lists = message(&mut ws);
    assert_eq!(lists["type"], "reload", "{lists}");
    assert!(
        lists["version"].as_u64() > first["version"].as_u64(),
        "{first} {lists}"
    );
    for list in ["/grades/b3/", "/grades/c/", "/kazakhstan/"] {
        assert!(pages(&lists).contains(&list), "{list}: {lists}");
    }
    assert!(
        !pages(&lists).contains(&REC_URL),
        "the edited page reloads once: {lists}"
    );
    assert!(preview.get("/grades/b3/").1.contains(REC_URL));
    assert!(!preview.get("/grades/c/").1.contains(REC_URL));
}
