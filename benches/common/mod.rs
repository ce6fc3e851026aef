//! What several benchmarks share.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies the folder `from` into `to`, recursively.
#[allow(dead_code)]
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// The shared data folder (`../shared/data`, or `AMENDO_DATA`).
#[allow(dead_code)]
pub fn data() -> PathBuf {
    std::env::var_os("AMENDO_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    )
}

/// Unpacks the 2025 budget bill's Assemblée data into `tmp` and writes the
/// project that imports it (its `bill.yaml`, with the committee stage the
/// committees' amendments are examined at, and a stage text that says the
/// bill's text is not in the data). Returns (the project, the unpacked
/// data folder to import).
#[allow(dead_code)]
pub fn plf2025_project(tmp: &Path) -> (PathBuf, PathBuf) {
    let unpacked = tmp.join("plf2025-data");
    fs::create_dir_all(&unpacked).unwrap();
    let status = Command::new("tar")
        .arg("-xJf")
        .arg(data().join("an-plf2025/amendements.tar.xz"))
        .arg("-C")
        .arg(&unpacked)
        .status()
        .expect("tar with xz");
    assert!(status.success());
    let root = tmp.join("plf2025");
    fs::create_dir_all(root.join("bills/plf2025")).unwrap();
    // The last stage is dated by its 23 amendments, all filed on 3 February
    // 2025 (the data gives no date for the sitting).
    fs::write(
        root.join("bills/plf2025/bill.yaml"),
        "title: Projet de loi de finances pour 2025\njurisdiction: fr\nlanguage: fr\nstages:\n  - id: depot\n    label: Texte déposé (n° 324)\n    chamber: assemblee\n    kind: introduced\n    date: 2024-10-10\n    number: \"324\"\n    text: depot.md\n  - id: an-1-commission\n    label: Assemblée nationale, commissions\n    chamber: assemblee\n    kind: committee\n    date: 2024-11-29\n  - id: an-1\n    label: Assemblée nationale, première lecture (texte n° 873)\n    chamber: assemblee\n    kind: floor\n    date: 2025-01-31\n    number: \"873\"\n  - id: an-1-suite\n    label: Assemblée nationale, suite de la première lecture\n    chamber: assemblee\n    kind: floor\n    date: 2025-02-03\n",
    )
    .unwrap();
    fs::write(
        root.join("bills/plf2025/depot.md"),
        "> [!GAP] The text of the bill is not in this dataset: amendments are shown, not applied.\n",
    )
    .unwrap();
    (root, unpacked)
}
