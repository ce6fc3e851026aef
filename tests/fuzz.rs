//! Fuzzing on the stable toolchain, driven by proptest: the source loader
//! (stage texts and amendment files), the instruction parser and the three
//! importers get generated and mutated inputs. Each target checks that
//! nothing panics and, where the input is accepted, that nothing was
//! changed silently (an accepted alinéa is, character for character, a line
//! of the source with its escapes removed).
//!
//! `cargo test --test fuzz` runs a bounded number of cases per target
//! (`AMENDO_FUZZ_CASES`, 64 by default). For a long run, give a duration per
//! target: `AMENDO_FUZZ_SECONDS=600 cargo test --release --test fuzz --
//! --nocapture --test-threads 1` (docs/reliability.md). Each target prints
//! how many cases it ran. A failure prints the shrunk input.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use amendo::diagnostic::Diagnostics;
use amendo::import::{akn, an, lafabrique, names};
use amendo::model::Line;
use amendo::source::text::{parse_text, to_markdown};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

/// Runs `test` on values of `strategy`: a bounded number of cases, or for
/// `AMENDO_FUZZ_SECONDS` seconds.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let cases: u32 = std::env::var("AMENDO_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let seconds: Option<u64> = std::env::var("AMENDO_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok());
    let started = Instant::now();
    let mut total = 0u64;
    loop {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("fuzz target {name}: {e}");
        }
        total += u64::from(cases);
        match seconds {
            Some(s) if started.elapsed() < Duration::from_secs(s) => {}
            _ => break,
        }
    }
    eprintln!(
        "fuzz {name}: {total} cases in {:.1} s, no failure",
        started.elapsed().as_secs_f64()
    );
}

fn fixture(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A source line with Markdown's backslash escapes removed.
fn unescape(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            // `\*` is `*`, `\\` is `\`: the escaped character, taken as is.
            Some(&n) if c == '\\' && n.is_ascii_punctuation() => {
                out.push(n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Pieces of stage texts: structure, and words full of Markdown's special
/// characters.
fn stage_text() -> impl Strategy<Value = String> {
    let word = "[a-zé«»’\\*_`\\[\\]()<>&#;!\\\\0-9.,:'~|{}=+\\- \u{a0}\t\u{0}]{0,30}";
    let block = prop_oneof![
        3 => word.prop_map(|w| w.to_string()),
        1 => "[0-9]{1,2}( bis| ter)?".prop_map(|n| format!("## Article {n}")),
        1 => "[A-Za-z ]{1,10}".prop_map(|t| format!("# Titre {t}")),
        1 => Just("(Supprimé)".to_owned()),
        1 => "[a-z ]{0,10}".prop_map(|n| format!("> [!GAP] {n}")),
        1 => "[-=*>#0-9. ]{1,4}".prop_map(|m| m.to_string()),
    ];
    (
        proptest::collection::vec(block, 1..16),
        proptest::collection::vec(prop_oneof![4 => Just("\n\n"), 1 => Just("\n")], 16),
    )
        .prop_map(|(blocks, seps)| {
            let mut out = String::from("## Article 1er\n\n");
            for (i, b) in blocks.iter().enumerate() {
                out.push_str(b);
                out.push_str(seps[i % seps.len()]);
            }
            out
        })
}

#[test]
fn fuzz_stage_texts() {
    fuzz("stage texts", stage_text(), |source| {
        let mut diags = Diagnostics::default();
        let text = parse_text(Path::new("t.md"), &source, &mut diags);
        if !diags.is_empty() {
            for d in &diags.0 {
                prop_assert!(
                    d.pos.line >= 1 && d.pos.line <= source.lines().count() + 1,
                    "{d}"
                );
            }
            return Ok(());
        }
        // Accepted: every alinéa is a source line, escapes removed.
        for a in text.articles() {
            for line in &a.lines {
                if let Line::Alinea(t) = line {
                    prop_assert!(
                        source
                            .lines()
                            .any(|l| unescape(l.trim_matches([' ', '\t'])) == *t),
                        "alinéa {t:?} is not in the source {source:?}"
                    );
                }
            }
        }
        // And what is written reads back the same.
        let md = to_markdown(&text);
        let mut again = Diagnostics::default();
        let back = parse_text(Path::new("t.md"), &md, &mut again);
        prop_assert!(again.is_empty(), "{again}\n{md}");
        prop_assert_eq!(back, text);
        Ok(())
    });
}

#[test]
fn fuzz_instructions() {
    let words = prop_oneof![
        Just("À l’alinéa "),
        Just("Après l’alinéa "),
        Just("substituer aux mots : « "),
        Just(" » les mots : « "),
        Just("Supprimer cet article."),
        Just("Rédiger ainsi cet article :"),
        Just("insérer l’alinéa suivant :"),
        Just("Compléter cet article par la phrase suivante : "),
        Just("la première phrase"),
        Just("supprimer les mots : « "),
        Just(" »"),
        Just("« "),
        Just("\n\n"),
        Just("I. – "),
        Just("1° "),
        Just(", "),
        Just("."),
        Just("3"),
        Just("bis"),
    ];
    let free = "[a-zA-Zéà«»’ ,.;:0-9\n-]{0,20}";
    let piece =
        prop_oneof![3 => words.prop_map(str::to_owned), 1 => free.prop_map(|s| s.to_string())];
    let random = proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat());
    // Well-formed instructions with odd quoted texts, so that many are
    // accepted and their texts checked.
    let quoted = "[a-zA-Zéà’ ,.;:0-9«»*_\\-]{1,30}";
    let templates = (0usize..5, 1u8..20, quoted, quoted).prop_map(|(t, n, a, b)| match t {
        0 => format!("À l’alinéa {n}, substituer aux mots : « {a} » les mots : « {b} »."),
        1 => format!("Après l’alinéa {n}, insérer l’alinéa suivant :\n\n« {a} »"),
        2 => format!("Compléter l’alinéa {n} par les mots : « {a} »."),
        3 => format!("Rédiger ainsi cet article :\n\n« {a} »\n\n« {b} »"),
        _ => format!("À l’alinéa {n}, supprimer les mots : « {a} »."),
    });
    let instruction = prop_oneof![random, templates];
    // The property is not vacuous: texts are found in accepted operations.
    let ops = amendo::engine::parse(
        "Après l’alinéa 3, insérer l’alinéa suivant :\n\n« Un alinéa nouveau. »",
        false,
    )
    .unwrap();
    let mut found = Vec::new();
    strings(&serde_json::to_value(&ops).unwrap(), &mut found);
    assert_eq!(found, ["Un alinéa nouveau."]);
    let accepted = std::sync::atomic::AtomicUsize::new(0);
    fuzz(
        "instructions",
        (instruction, any::<bool>()),
        |(text, additional)| {
            let first = amendo::engine::parse(&text, additional);
            let second = amendo::engine::parse(&text, additional);
            prop_assert_eq!(format!("{first:?}"), format!("{second:?}"));
            match first {
                Err(e) => prop_assert!(!e.to_string().is_empty()),
                // Accepted: every text an operation carries is in the
                // instruction (spaces aside), never made up or rewritten.
                Ok(ops) => {
                    accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
                    let whole = flat(&text);
                    let mut texts = Vec::new();
                    strings(&serde_json::to_value(&ops).unwrap(), &mut texts);
                    for t in texts {
                        prop_assert!(
                            whole.contains(&flat(&t)),
                            "{t:?} is not in the instruction {text:?}"
                        );
                    }
                }
            }
            Ok(())
        },
    );
    let accepted = accepted.into_inner();
    eprintln!("fuzz instructions: {accepted} accepted and checked");
    assert!(accepted > 0, "no generated instruction was accepted");
}

/// The texts operations carry verbatim: `text`, `words`, `new`, and the
/// quoted words of `old`, `after` and `anchor`.
fn strings(v: &Value, out: &mut Vec<String>) {
    fn all(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| all(x, out)),
            Value::Object(m) => {
                if let Some(w) = m.get("words") {
                    all(w, out);
                }
            }
            _ => {}
        }
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => {
            for (k, x) in m {
                match k.as_str() {
                    "text" | "words" | "new" | "old" | "after" | "anchor" => all(x, out),
                    _ => strings(x, out),
                }
            }
        }
        _ => {}
    }
}

/// A project holding the mini bill, and one amendment file's text.
#[test]
fn fuzz_amendment_files() {
    let base = "number: CL1\narticle: \"2\"\nauthors:\n  - Jeanne Martin\ngroup: A\nfiled: 2025-02-01\noutcome: adopted\ndecided: 2025-02-05T10:00:00+01:00\nparent: CL0\nidentical: [CL3]\ninstruction: Supprimer cet article.\nvote:\n  ballot: \"1\"\n  date: 2025-02-05\n  for: 1\n  against: 2\n  abstentions: 0\n";
    let edit = (
        0usize..400,
        0usize..8,
        "[a-z0-9:\\-\\[\\]{}\"' \n#&*!|>]{0,6}",
    );
    let edits = proptest::collection::vec(edit, 0..6);
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    fs::create_dir_all(r.join("bills/mini")).unwrap();
    fs::create_dir_all(r.join("amendments/mini/commission")).unwrap();
    fs::write(r.join("bills/mini/bill.yaml"), "title: Mini\njurisdiction: fr\nlanguage: fr\ngroups:\n  A: Groupe A\nstages:\n  - id: depot\n    label: D\n    chamber: assemblee\n    kind: introduced\n    date: 2025-01-10\n    text: depot.md\n  - id: commission\n    label: C\n    chamber: assemblee\n    kind: committee\n    date: 2025-02-10\n").unwrap();
    fs::write(
        r.join("bills/mini/depot.md"),
        "## Article 1er\n\nA.\n\n## Article 2\n\nB.\n",
    )
    .unwrap();
    fuzz("amendment files", edits, |edits| {
        let mut text = base.to_owned();
        for (at, cut, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, &insert);
        }
        let file = r.join("amendments/mini/commission/CL1.yaml");
        fs::write(&file, &text).unwrap();
        match amendo::source::load_sources(r) {
            Ok(project) => {
                let a = &project.bills[0].amendments;
                prop_assert!(a.len() == 1);
            }
            Err(d) => {
                for e in &d.0 {
                    prop_assert!(
                        e.pos.line >= 1 && e.pos.line <= text.lines().count() + 1,
                        "{e}"
                    );
                }
            }
        }
        Ok(())
    });
}

/// A JSON value to put somewhere it does not belong.
fn json_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-zA-Z0-9./\\\\<>&;é -]{0,12}".prop_map(Value::from),
        Just(serde_json::json!({"@xsi:nil": "true"})),
        Just(serde_json::json!({"p": "x"})),
        Just(serde_json::json!(["a", {"b": 1}])),
        Just(Value::from("../../../x")),
    ]
}

/// Every path to a value in `v`.
fn paths(v: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    if let Value::Object(m) = v {
        for (k, x) in m {
            prefix.push(k.clone());
            paths(x, prefix, out);
            prefix.pop();
        }
    }
}

fn set_path(v: &mut Value, path: &[String], new: Value) {
    let mut v = v;
    for k in path {
        match v.get_mut(k) {
            Some(x) => v = x,
            None => return,
        }
    }
    *v = new;
}

/// Mutates `n` fields of a JSON document.
fn mutate(doc: &Value, picks: &[(usize, Value)]) -> Value {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let mut out = doc.clone();
    for (i, new) in picks {
        let p = &all[i % all.len()];
        if !p.is_empty() {
            set_path(&mut out, p, new.clone());
        }
    }
    out
}

#[test]
fn fuzz_an_import() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("bills/narcotrafic");
    fs::create_dir_all(r.join("bills/narcotrafic")).unwrap();
    for e in fs::read_dir(&src).unwrap().flatten() {
        fs::copy(e.path(), r.join("bills/narcotrafic").join(e.file_name())).unwrap();
    }
    let docs: Vec<(String, Value)> = [
        "amendements/PIONANR5L17B0907/AMANR5L17PO59051B0907P0D1N000176.json",
        "scrutins/VTANR5L17V1102.json",
    ]
    .iter()
    .map(|f| {
        let text = fs::read_to_string(fixture(&format!("an-narcotrafic/{f}"))).unwrap();
        (
            f.rsplit('/').next().unwrap().to_owned(),
            serde_json::from_str(&text).unwrap(),
        )
    })
    .collect();
    let picks = proptest::collection::vec((any::<usize>(), json_value()), 1..4);
    let input = r.join("input");
    fuzz(
        "AN import",
        (0..docs.len(), picks, any::<bool>()),
        |(which, picks, truncate)| {
            let _ = fs::remove_dir_all(&input);
            fs::create_dir_all(&input).unwrap();
            let (name, doc) = &docs[which];
            let mut bytes = serde_json::to_vec(&mutate(doc, &picks)).unwrap();
            if truncate {
                bytes.truncate(bytes.len() / 2);
            }
            fs::write(input.join(name), &bytes).unwrap();
            // The other document, intact, so amendments and ballots meet.
            let (other, odoc) = &docs[1 - which];
            fs::write(input.join(other), serde_json::to_vec(odoc).unwrap()).unwrap();
            match an::plan(r, &input, "narcotrafic") {
                Ok(report) => {
                    for p in report.plan.files.keys() {
                        prop_assert!(names::check_path(p).is_ok(), "{}", p.display());
                        prop_assert!(p.starts_with("amendments/narcotrafic"), "{}", p.display());
                    }
                    prop_assert!(report.plan.check().is_ok());
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_lafabrique_import() {
    let root = tempfile::tempdir().unwrap();
    let bill = fixture("lafabrique/pjl11-350");
    let procedure: Value =
        serde_json::from_str(&fs::read_to_string(bill.join("viz/procedure.json")).unwrap())
            .unwrap();
    let text_rel = "procedure/05_1erelecture_senat_hemicycle/texte/texte.json";
    let texte: Value =
        serde_json::from_str(&fs::read_to_string(bill.join(text_rel)).unwrap()).unwrap();
    let copy = root.path().join("pjl11-350");
    fn copy_dir(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap().flatten() {
            if e.path().is_dir() {
                copy_dir(&e.path(), &to.join(e.file_name()));
            } else {
                fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
    copy_dir(&bill, &copy);
    let picks = proptest::collection::vec((any::<usize>(), json_value()), 1..4);
    fuzz(
        "La Fabrique import",
        (any::<bool>(), picks),
        |(in_procedure, picks)| {
            let (file, doc) = if in_procedure {
                (copy.join("viz/procedure.json"), &procedure)
            } else {
                (copy.join(text_rel), &texte)
            };
            fs::write(&file, serde_json::to_vec(&mutate(doc, &picks)).unwrap()).unwrap();
            if let Ok(report) = lafabrique::plan(&copy) {
                prop_assert!(report.plan.check().is_ok());
            }
            fs::write(&file, serde_json::to_vec(doc).unwrap()).unwrap();
            Ok(())
        },
    );
}

#[test]
fn fuzz_akn_import() {
    let dir = tempfile::tempdir().unwrap();
    let samples: Vec<Vec<u8>> = fs::read_dir(fixture("akn"))
        .unwrap()
        .flatten()
        .map(|e| fs::read(e.path()).unwrap())
        .collect();
    let edits = proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8);
    let file = dir.path().join("doc.akn.xml");
    // A bill the amendment samples amend (texts n° 755 and 10-…-B), for
    // the amendment documents' import.
    let bill = dir.path().join("bills/fuzz");
    fs::create_dir_all(&bill).unwrap();
    fs::write(
        bill.join("bill.yaml"),
        "title: F\njurisdiction: ita\nlanguage: it\nstages:\n  - {id: a, label: A, chamber: senato, kind: introduced, date: 2006-01-01, number: \"755\", text: a.md}\n  - {id: b, label: B, chamber: senato, kind: floor, date: 2006-06-01}\n  - {id: c, label: C, chamber: senato, kind: committee, date: 2016-01-01, number: \"10-362-388-395-849-874-B\"}\n  - {id: d, label: D, chamber: senato, kind: floor, date: 2016-08-01}\n",
    )
    .unwrap();
    fs::write(
        bill.join("a.md"),
        "## Article 1\n\n> [!GAP] Not in this test.\n",
    )
    .unwrap();
    fuzz(
        "AKN import",
        (
            0..samples.len(),
            edits,
            proptest::option::of(any::<usize>()),
        ),
        |(which, edits, cut)| {
            let mut bytes = samples[which].clone();
            for (at, b) in edits {
                let i = at % bytes.len();
                bytes[i] = b;
            }
            if let Some(c) = cut {
                bytes.truncate(c % (bytes.len() + 1));
            }
            fs::write(&file, &bytes).unwrap();
            if let Ok(report) =
                akn::plan_import(dir.path(), std::slice::from_ref(&file), Some("fuzz"), None)
            {
                prop_assert!(report.plan.check().is_ok());
            }
            Ok(())
        },
    );
}
