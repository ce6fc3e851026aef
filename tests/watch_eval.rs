//! The returning-provision detector on the La Fabrique bills of the
//! repository (docs/watch.md, "Evaluation"): the struck articles that come
//! back, found by their words alone.

use std::path::Path;

use amendo::source;
use amendo::watch::eval;

#[test]
fn struck_articles_that_come_back_are_found_by_their_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = source::load_project(root).unwrap_or_else(|d| panic!("{d}"));
    let bills: Vec<_> = project
        .bills
        .into_iter()
        .filter(|b| {
            b.bill
                .notes
                .iter()
                .any(|n| n.contains("amendo import lafabrique"))
        })
        .collect();
    assert_eq!(bills.len(), 11);
    let report = eval::evaluate(&bills);
    // The ground truth from stable ids and texts (docs/watch.md lists it).
    assert_eq!(report.truths, 24);
    let reused: Vec<&str> = report
        .cases
        .iter()
        .filter(|c| c.struck.reused.is_some())
        .map(|c| c.struck.id.as_str())
        .collect();
    assert_eq!(reused, ["17-ter", "15"]);
    assert!(
        report.recall() >= 0.95 && report.precision() >= 0.90,
        "recall {:.3}, precision {:.3}: {:#?}",
        report.recall(),
        report.precision(),
        report
            .cases
            .iter()
            .filter(|c| !c.hit() && (c.found.is_some() || c.struck.returns.is_some()))
            .collect::<Vec<_>>()
    );
    // The false positives docs/watch.md explains, and no other.
    let wrong: Vec<(&str, &str)> = report
        .cases
        .iter()
        .filter(|c| c.found.is_some() && !c.hit())
        .map(|c| (c.struck.id.as_str(), c.found.as_ref().unwrap().id.as_str()))
        .collect();
    assert_eq!(wrong, [("1er-a", "30-septies"), ("2-ter-d", "2-bis-ab")]);
}
