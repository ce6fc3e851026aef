//! `amendo serve`: build, serve the site on 127.0.0.1, rebuild when a source
//! changes, and reload the pages open in a browser.
//!
//! Data flow: a file watcher (notify) on `bills/`, `amendments/`,
//! `site/` and `watch/` sends a message; the serving loop runs the same
//! [`pipeline::build`] as `amendo build` and bumps a version number; pages
//! served carry a small script that polls `/__amendo/version` and reloads
//! when the version moves. The built files on disk are exactly those
//! of `amendo build`: the script is added as a page is sent, never written.
//!
//! A build that fails (a source error, a store error) leaves the store and
//! the site as they were: the previous site stays served, and every page
//! carries a banner with the error (`path:line:column: message`) until a
//! build succeeds. Before any build has succeeded, every page is the error.
//!
//! Only files under the output folder are served: a request path is
//! percent-decoded, refused if any segment is `..` or `.`, holds a
//! backslash, a NUL or a drive colon, and the file found is canonicalised
//! and refused if it lies outside the output folder (a symbolic link out).

use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::pipeline::{self, BuildError, BuildOptions, BuildReport};

/// The folders of a project whose changes trigger a rebuild.
pub const WATCHED: [&str; 4] = ["bills", "amendments", "site", "watch"];

/// How often an open page asks whether the site was rebuilt, in milliseconds.
const POLL_MS: u64 = 300;

/// Threads answering requests.
const WORKERS: usize = 4;

/// The URL prefix of the server's own endpoints (never a site path: the
/// site's names never start with `__`).
const INTERNAL: &str = "/__amendo/";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on 127.0.0.1:{port}: {message}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// The system's reason.
        message: String,
    },
    /// The source folders could not be watched.
    #[error("cannot watch the sources: {0}")]
    Watch(String),
}

/// What the server tells its caller, as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// A build succeeded.
    Built(&'a BuildReport, Duration),
    /// A build failed; the previous site is still served.
    Failed(&'a BuildError),
}

/// The state pages are served from.
#[derive(Default)]
struct Status {
    /// Bumped after every build, successful or not.
    version: u64,
    /// The last build's error, while it lasts.
    error: Option<String>,
    /// True once a build has succeeded (there is a site to serve).
    built: bool,
}

struct Shared {
    status: Mutex<Status>,
    stop: AtomicBool,
    out: PathBuf,
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    http: Arc<tiny_http::Server>,
    workers: Vec<JoinHandle<()>>,
    messages: Sender<Message>,
    builder: Option<JoinHandle<()>>,
    _watcher: Option<RecommendedWatcher>,
}

enum Message {
    Changed,
    Stop,
}

impl Server {
    /// Builds once, then serves `options`' site on 127.0.0.1:`port` (0 for
    /// any free port) and rebuilds on every change under the project's
    /// watched folders. `report` hears of every build.
    pub fn start(
        options: BuildOptions,
        port: u16,
        report: impl Fn(Event<'_>) + Send + 'static,
    ) -> Result<Server, ServeError> {
        let out = options
            .site
            .as_ref()
            .map(|s| s.out.clone())
            .unwrap_or_else(|| options.root.join("public"));
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| ServeError::Bind {
            port,
            message: e.to_string(),
        })?;
        let addr = http.server_addr().to_ip().ok_or_else(|| ServeError::Bind {
            port,
            message: "not an IP address".to_owned(),
        })?;
        let http = Arc::new(http);
        let shared = Arc::new(Shared {
            status: Mutex::new(Status::default()),
            stop: AtomicBool::new(false),
            out,
        });
        let (tx, rx) = channel();
        // The amendment files parsed so far, kept between builds.
        let parsed = Arc::new(crate::source::Parsed::default());
        // The first build, before the first page is served.
        rebuild(&options, &shared, &parsed, &report);
        let watcher = watch(&options.root, tx.clone())?;
        let builder = {
            let shared = shared.clone();
            std::thread::spawn(move || build_loop(rx, options, shared, parsed, report))
        };
        let workers = (0..WORKERS)
            .map(|_| {
                let (http, shared) = (http.clone(), shared.clone());
                std::thread::spawn(move || answer_loop(&http, &shared))
            })
            .collect();
        Ok(Server {
            addr,
            shared,
            http,
            workers,
            messages: tx,
            builder: Some(builder),
            _watcher: Some(watcher),
        })
    }

    /// The address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The number of builds run so far (for tests and progress).
    pub fn version(&self) -> u64 {
        lock(&self.shared.status).version
    }

    /// Stops watching, lets a running build finish, and stops serving.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self._watcher = None;
        let _ = self.messages.send(Message::Stop);
        if let Some(b) = self.builder.take() {
            let _ = b.join();
        }
        self.shared.stop.store(true, Ordering::SeqCst);
        for _ in 0..self.workers.len() {
            self.http.unblock();
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn lock(m: &Mutex<Status>) -> std::sync::MutexGuard<'_, Status> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Watches the project's source folders that exist. Only changes count
/// (files created, written, renamed or removed): a build reads the sources,
/// and reading must not start another build. Bursts are gathered by the
/// build loop.
fn watch(root: &Path, tx: Sender<Message>) -> Result<RecommendedWatcher, ServeError> {
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res
            && is_change(&event.kind)
        {
            let _ = tx.send(Message::Changed);
        }
    })
    .map_err(|e| ServeError::Watch(e.to_string()))?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| ServeError::Watch(format!("{}: {e}", path.display())))?;
        }
    }
    Ok(watcher)
}

/// True for an event that changes what a build would read.
fn is_change(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        // A file written and closed.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

fn build_loop(
    rx: Receiver<Message>,
    options: BuildOptions,
    shared: Arc<Shared>,
    parsed: Arc<crate::source::Parsed>,
    report: impl Fn(Event<'_>),
) {
    // A first build that found the store current loaded nothing: the
    // sources are parsed now, while nothing is asked of the server, so the
    // first change costs what later ones do. Its errors, if any, are the
    // next build's to report.
    if parsed.is_empty() {
        let reuse = crate::source::Reuse {
            parsed: Some(&parsed),
            hashes: None,
        };
        let _ = crate::source::load_project_with(&options.root, reuse);
    }
    loop {
        match rx.recv() {
            Ok(Message::Changed) => {
                // Changes that arrived meanwhile are covered by this build,
                // and so are those that follow within 50 ms (an editor's
                // save is a few events a few milliseconds apart; a later
                // one starts another build, which sees the whole file).
                loop {
                    match rx.recv_timeout(Duration::from_millis(50)) {
                        Ok(Message::Changed) => continue,
                        Ok(Message::Stop) => return,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                rebuild(&options, &shared, &parsed, &report);
            }
            Ok(Message::Stop) | Err(_) => return,
        }
    }
}

fn rebuild(
    options: &BuildOptions,
    shared: &Shared,
    parsed: &crate::source::Parsed,
    report: &impl Fn(Event<'_>),
) {
    // The changed pages first, served (and open pages reloaded) as soon as
    // they are written; then the search shards that hold them.
    let mut first = options.clone();
    if let Some(site) = first.site.as_mut() {
        site.defer_search = true;
    }
    let started = Instant::now();
    let result = pipeline::build_with(&first, Some(parsed));
    let pending = {
        let mut status = lock(&shared.status);
        let pending = match &result {
            Ok(r) => {
                status.error = None;
                status.built = true;
                report(Event::Built(r, started.elapsed()));
                r.site.as_ref().is_some_and(|s| s.search_pending > 0)
            }
            Err(e) => {
                status.error = Some(e.to_string());
                report(Event::Failed(e));
                false
            }
        };
        status.version += 1;
        pending
    };
    if pending {
        let started = Instant::now();
        let result = pipeline::build_with(options, Some(parsed));
        let mut status = lock(&shared.status);
        match &result {
            Ok(r) => report(Event::Built(r, started.elapsed())),
            Err(e) => {
                status.error = Some(e.to_string());
                status.version += 1;
                report(Event::Failed(e));
            }
        }
    }
}

fn answer_loop(http: &tiny_http::Server, shared: &Shared) {
    while !shared.stop.load(Ordering::SeqCst) {
        match http.recv() {
            Ok(request) => answer(request, shared),
            Err(_) => return,
        }
    }
}

fn answer(mut request: tiny_http::Request, shared: &Shared) {
    let url = request.url().to_owned();
    // The body is never used; read it so the connection stays usable.
    let _ = std::io::copy(&mut request.as_reader().take(1 << 20), &mut std::io::sink());
    let response = if let Some(rest) = url.strip_prefix(INTERNAL) {
        internal(rest, shared)
    } else {
        match resolve(&shared.out, &url) {
            Ok(path) => page(&path, shared),
            Err(Refusal::NotFound) => not_found(shared),
            Err(Refusal::Forbidden(why)) => text(403, &format!("refused: {why}\n")),
        }
    };
    let _ = request.respond(response);
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| tiny_http::Header::from_bytes(&b"X-Amendo"[..], &b"1"[..]).unwrap())
}

fn respond(code: u16, content_type: &str, body: Vec<u8>) -> Response {
    tiny_http::Response::from_data(body)
        .with_status_code(code)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text(code: u16, body: &str) -> Response {
    respond(code, "text/plain; charset=utf-8", body.as_bytes().to_vec())
}

/// `/__amendo/version`: the number of builds so far, answered at once.
/// Pages poll it (short polls keep no request pending, so a page is never
/// "still loading" for a browser or a headless test).
fn internal(rest: &str, shared: &Shared) -> Response {
    let name = rest.split('?').next().unwrap_or(rest);
    if name != "version" {
        return text(404, "not found\n");
    }
    text(200, &lock(&shared.status).version.to_string())
}

/// Why a request path is not served.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing there.
    NotFound,
    /// A path that tries to leave the output folder, or cannot be a site path.
    Forbidden(&'static str),
}

/// The file under `out` that a request's path names, or why none is.
/// Folders give their `index.html`.
pub fn resolve(out: &Path, url: &str) -> Result<PathBuf, Refusal> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refusal::Forbidden("not an absolute path"));
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| Refusal::Forbidden("not UTF-8"))?;
    let mut file = out.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" => continue,
            "." | ".." => return Err(Refusal::Forbidden("a `.` or `..` segment")),
            s if s.contains(['\\', '\0']) => {
                return Err(Refusal::Forbidden("a backslash or NUL"));
            }
            s if s.contains(':') => return Err(Refusal::Forbidden("a colon")),
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let real = file.canonicalize().map_err(|_| Refusal::NotFound)?;
    let root = out.canonicalize().map_err(|_| Refusal::NotFound)?;
    if !real.starts_with(&root) {
        return Err(Refusal::Forbidden("a link that leads out of the site"));
    }
    if !real.is_file() {
        return Err(Refusal::NotFound);
    }
    Ok(real)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" | "atom" => "application/atom+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn page(path: &Path, shared: &Shared) -> Response {
    let Ok(bytes) = std::fs::read(path) else {
        return not_found(shared);
    };
    let kind = content_type(path);
    if !kind.starts_with("text/html") {
        return respond(200, kind, bytes);
    }
    let status = lock(&shared.status);
    let (version, error) = (status.version, status.error.clone());
    drop(status);
    let html = String::from_utf8_lossy(&bytes);
    respond(
        200,
        kind,
        decorate(&html, version, error.as_deref()).into_bytes(),
    )
}

fn not_found(shared: &Shared) -> Response {
    let status = lock(&shared.status);
    let (version, error, built) = (status.version, status.error.clone(), status.built);
    drop(status);
    if !built {
        // No site yet: the error is the page.
        let body = decorate(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>amendo serve</title></head><body><h1>The site could not be built</h1></body></html>",
            version,
            error.as_deref(),
        );
        return respond(503, "text/html; charset=utf-8", body.into_bytes());
    }
    let body = decorate(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Page introuvable · Not found</title></head><body><h1>Page introuvable</h1><p lang=\"en\">Not found</p><p><a href=\"/\">Tous les textes</a> · <a href=\"/\" lang=\"en\">All bills</a></p></body></html>",
        version,
        error.as_deref(),
    );
    respond(404, "text/html; charset=utf-8", body.into_bytes())
}

/// A page as served: the build error's banner at the top of the body, the
/// reload script at its end.
fn decorate(html: &str, version: u64, error: Option<&str>) -> String {
    let banner = error.map(|e| {
        format!(
            "<div role=\"alert\" id=\"amendo-serve-error\" style=\"margin:0;padding:1em;background:#fff3f3;color:#600;border-bottom:3px solid #a00;font:14px/1.4 monospace;white-space:pre-wrap\"><strong>amendo could not rebuild the site; this is the previous build.</strong>\n{}</div>",
            html_escape::encode_text(e)
        )
    });
    let script = format!(
        "<script>(function(){{var v={version};function poll(){{fetch('/__amendo/version',{{cache:'no-store'}}).then(function(r){{return r.text()}}).then(function(t){{if(+t>v){{location.reload()}}else{{setTimeout(poll,{POLL_MS})}}}}).catch(function(){{setTimeout(poll,2000)}})}}setTimeout(poll,{POLL_MS})}})();</script>"
    );
    let mut out = String::with_capacity(html.len() + script.len() + 512);
    match (banner, html.find("<body")) {
        (Some(b), Some(at)) => {
            let open_end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
            out.push_str(&html[..open_end]);
            out.push_str(&b);
            out.push_str(&html[open_end..]);
        }
        (Some(b), None) => {
            out.push_str(&b);
            out.push_str(html);
        }
        (None, _) => out.push_str(html),
    }
    match out.rfind("</body>") {
        Some(at) => out.insert_str(at, &script),
        None => out.push_str(&script),
    }
    out
}

/// Opens `url` in the user's browser (best effort: the address is printed
/// anyway).
pub fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("b")).unwrap();
        std::fs::write(out.join("index.html"), "<body></body>").unwrap();
        std::fs::write(out.join("b/index.html"), "<body></body>").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        assert_eq!(
            resolve(&out, "/").unwrap(),
            out.join("index.html").canonicalize().unwrap()
        );
        assert!(resolve(&out, "/b/?x=1").is_ok());
        for bad in [
            "/../secret.txt",
            "/b/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/b/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/b/%00",
            "/C:/secret.txt",
        ] {
            assert!(
                matches!(resolve(&out, bad), Err(Refusal::Forbidden(_))),
                "{bad} was not refused"
            );
        }
        // Absolute paths stay under the site: `//etc/passwd` is `etc/passwd` in it.
        assert_eq!(resolve(&out, "//etc/passwd"), Err(Refusal::NotFound));
        assert_eq!(resolve(&out, "/%2Fetc%2Fpasswd"), Err(Refusal::NotFound));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt"))
                .unwrap();
            assert!(matches!(
                resolve(&out, "/link.txt"),
                Err(Refusal::Forbidden(_))
            ));
        }
    }

    #[test]
    fn served_pages_carry_the_error_banner_escaped_and_the_reload_script() {
        let page = decorate(
            "<html><body class=\"x\"><p>old</p></body></html>",
            3,
            Some("bills/a/bill.yaml:2:1: bad <script>"),
        );
        let body = page.find("<body class=\"x\">").unwrap();
        let banner = page.find("amendo-serve-error").unwrap();
        assert!(banner > body && banner < page.find("<p>old</p>").unwrap());
        assert!(page.contains("bills/a/bill.yaml:2:1: bad &lt;script&gt;"));
        assert!(page.contains("/__amendo/version") && page.contains("var v=3;"));
        assert!(page.ends_with("</body></html>"));
    }
}
