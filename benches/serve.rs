//! `cargo bench --bench serve`: under `amendo serve`, the time from saving
//! an amendment file to its page served with the change, for the
//! repository's narcotrafic bill (1,676 amendments) and for the synthetic
//! project (300 articles, 15,000 amendments). The server is started in this
//! process on a free port; each round (six seconds after the previous one,
//! so that its search index is done) adds a marker to one amendment's
//! explanation, then asks for its page every 20 ms until the marker is in it.
//! The figures go in `docs/benchmarks.md`.

mod common;
use common::copy_dir;

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use amendo::pipeline::BuildOptions;
use amendo::serve::{Event, Server};

fn get(addr: SocketAddr, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    );
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

/// Adds `marker` to the explanation of the amendment file at `file` (the
/// first line of a block scalar, or the line itself; or a new explanation).
fn mark(file: &Path, marker: &str) {
    let text = fs::read_to_string(file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    match lines.iter().position(|l| l.starts_with("explanation:")) {
        Some(i) if lines[i].ends_with('|') || lines[i].ends_with("|-") => {
            lines[i + 1].push_str(&format!(" {marker}"))
        }
        Some(i) => lines[i].push_str(&format!(" {marker}")),
        None => lines.push(format!("explanation: {marker}")),
    }
    fs::write(file, lines.join("\n") + "\n").unwrap();
}

/// Serves the project at `root` and times three edits of `amendment` (its
/// file, from `root`) until `page` (its URL path) shows each.
fn measure(name: &str, root: &Path, amendment: &str, page: &str) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        store: root.join(".amendo/store.git"),
        site: Some(BuildOptions::site_for(root, None)),
    };
    let started = Instant::now();
    let server = Server::start(options, 0, |e: Event<'_>| match e {
        Event::Built(r, t) => {
            let site = r.site.as_ref();
            println!(
                "  build: {:.2} s (store {:.2} s, site {:.2} s; {} pages rendered, {} search shards indexed)",
                t.as_secs_f64(),
                r.ingest_time.as_secs_f64(),
                r.site_time.as_secs_f64(),
                site.map_or(0, |s| s.rendered),
                site.map_or(0, |s| s.search_indexed),
            )
        }
        Event::Failed(e) => panic!("{e}"),
    })
    .unwrap();
    println!(
        "{name}: served after {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let file = root.join(amendment);
    for round in 1..=3 {
        // Let the previous round's second build (its search shards) end, as
        // it would between two saves.
        std::thread::sleep(Duration::from_secs(6));
        let marker = format!("Mesure{round}x{}", std::process::id());
        let saved = Instant::now();
        mark(&file, &marker);
        loop {
            if get(server.addr(), page).contains(&marker) {
                break;
            }
            assert!(
                saved.elapsed() < Duration::from_secs(600),
                "{page} never showed the edit"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        println!(
            "{name}: saved to served, round {round}: {:.2} s",
            saved.elapsed().as_secs_f64()
        );
    }
    server.stop();
}

fn main() {
    // As the binary does: `amendo serve` is measured as users run it.
    amendo::no_huge_pages();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();

    let root = tmp.path().join("narcotrafic");
    for top in ["bills", "amendments"] {
        copy_dir(
            &here.join(top).join("narcotrafic"),
            &root.join(top).join("narcotrafic"),
        );
    }
    measure(
        "narcotrafic (1,676 amendments)",
        &root,
        "amendments/narcotrafic/an-1-seance/640.yaml",
        "/bills/narcotrafic/amendments/an-1-seance/640.html",
    );

    let root = tmp.path().join("synthetic");
    amendo::synth::generate(&root, 300, 15_000, 42).unwrap();
    measure(
        "synthetic (15,000 amendments)",
        &root,
        "amendments/synthetic/seance/1.yaml",
        "/bills/synthetic/amendments/seance/1.html",
    );
}
