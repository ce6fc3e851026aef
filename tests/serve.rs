//! `amendo serve`: pages served from the built site, rebuilt when a source
//! changes, a source error shown over the previous site, paths outside the
//! site refused, and a clean stop.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use amendo::pipeline::BuildOptions;
use amendo::serve::{Event, Server};
use common::{MINI_AMENDMENT, Project};

/// A raw GET (no client normalises the path): status code and body.
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let code = raw
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    (code, body)
}

fn start(p: &Project) -> Server {
    let options = BuildOptions {
        root: p.path().to_path_buf(),
        store: p.store(),
        site: Some(BuildOptions::site_for(p.path(), None)),
    };
    Server::start(options, 0, |e: Event<'_>| {
        if let Event::Failed(e) = e {
            eprintln!("build failed: {e}");
        }
    })
    .unwrap()
}

/// Waits until `path` answers with a body for which `ok` holds.
fn wait_for(addr: SocketAddr, path: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (code, body) = get(addr, path);
        if ok(code, &body) {
            return (code, body);
        }
        assert!(
            Instant::now() < deadline,
            "{path} never became as expected; last answer {code}:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serves_the_site_and_rebuilds_when_a_source_changes() {
    let p = Project::mini();
    let server = start(&p);
    let addr = server.addr();
    let (code, index) = get(addr, "/");
    assert_eq!(code, 200);
    assert!(index.contains("Mini bill"), "{index}");
    assert!(index.contains("/__amendo/version"));
    // The reload script is added as the page is sent, never written.
    let on_disk = std::fs::read_to_string(p.path().join("public/index.html")).unwrap();
    assert!(!on_disk.contains("__amendo"));

    let before = server.version();
    p.write(
        "bills/mini/bill.yaml",
        common::MINI_BILL.replace("Mini bill", "Projet renommé"),
    );
    wait_for(addr, "/", |c, b| c == 200 && b.contains("Projet renommé"));
    // The version moves once the build is over, just after its files are
    // in place.
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.version() <= before {
        assert!(Instant::now() < deadline, "the version never moved");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Open pages poll the version, which moved.
    let (code, v) = get(addr, "/__amendo/version");
    assert_eq!(code, 200);
    assert!(v.trim().parse::<u64>().unwrap() > before);
    server.stop();
    assert!(TcpStream::connect(addr).is_err() || get_fails(addr));
}

fn get_fails(addr: SocketAddr) -> bool {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return true;
    };
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut buf = [0u8; 16];
    !matches!(s.read(&mut buf), Ok(n) if n > 0)
}

#[test]
fn a_source_error_shows_over_the_previous_site_until_it_is_fixed() {
    let p = Project::mini();
    let server = start(&p);
    let addr = server.addr();
    p.write(
        "amendments/mini/commission/CL1.yaml",
        MINI_AMENDMENT.replace("outcome: adopted", "outcome: adoptée"),
    );
    let (code, page) = wait_for(addr, "/", |_, b| b.contains("amendo-serve-error"));
    assert_eq!(code, 200, "the previous site stays served");
    assert!(page.contains("Mini bill"));
    assert!(
        page.contains("amendments/mini/commission/CL1.yaml:"),
        "the banner names the file and line: {page}"
    );
    assert!(page.contains("adoptée"));
    p.write("amendments/mini/commission/CL1.yaml", MINI_AMENDMENT);
    wait_for(addr, "/", |c, b| {
        c == 200 && !b.contains("amendo-serve-error")
    });
    server.stop();
}

#[test]
fn before_any_successful_build_every_page_is_the_error() {
    let p = Project::mini();
    p.write("bills/mini/bill.yaml", "title: [unclosed\n");
    let server = start(&p);
    let (code, page) = get(server.addr(), "/");
    assert_eq!(code, 503);
    assert!(page.contains("bills/mini/bill.yaml:1:"), "{page}");
    server.stop();
}

#[test]
fn requests_for_paths_outside_the_site_are_refused() {
    let p = Project::mini();
    p.write("secret.txt", "do not serve");
    let server = start(&p);
    let addr = server.addr();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/mini/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%00",
    ] {
        let (code, body) = get(addr, path);
        assert_eq!(code, 403, "{path}: {body}");
        assert!(!body.contains("do not serve"));
    }
    // An absolute path is read under the site, where there is no such file.
    for path in [
        &format!("/{}", p.path().join("secret.txt").display()),
        "//etc/passwd",
    ] {
        let (code, body) = get(addr, path);
        assert_eq!(code, 404, "{path}");
        assert!(!body.contains("do not serve") && !body.contains("root:"));
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            p.path().join("secret.txt"),
            p.path().join("public/leak.txt"),
        )
        .unwrap();
        let (code, body) = get(addr, "/leak.txt");
        assert_eq!(code, 403);
        assert!(!body.contains("do not serve"));
    }
    server.stop();
}
