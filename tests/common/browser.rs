//! Headless Chromium for the tests that check what a reader sees.

use std::process::Command;

/// The Chromium to run (`CHROMIUM`, or `chromium` on the PATH, as `.ci/run`
/// installs it).
pub fn chromium() -> String {
    let exe = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
    let ok = Command::new(&exe)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "headless Chromium is needed (`apt-get install chromium`, as .ci/run does; or set CHROMIUM)"
    );
    exe
}

/// The DOM of a page after the browser has run its scripts for up to
/// `budget_ms` of virtual time.
pub fn dom_after(url: &str, budget_ms: u32) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The DOM of a page once `ready` (a JavaScript expression) is true, or
/// after `timeout_s` seconds of real time: for pages whose scripts do real
/// work (loading a search index, compiling WebAssembly) that a virtual-time
/// budget does not wait for. Chromium is driven over its DevTools pipe
/// (file descriptors 3 and 4, NUL-separated JSON), so no client library is
/// needed.
#[cfg(unix)]
pub fn dom_when(url: &str, ready: &str, timeout_s: u32) -> String {
    use std::io::{BufRead, BufReader, Write};
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::process::CommandExt;

    fn pipe() -> (OwnedFd, OwnedFd) {
        let mut fds = [0; 2];
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
    }
    let (to_browser_r, to_browser_w) = pipe();
    let (from_browser_r, from_browser_w) = pipe();
    let (child_in, child_out) = (to_browser_r.as_raw_fd(), from_browser_w.as_raw_fd());
    let profile = tempfile::tempdir().unwrap();
    let mut command = Command::new(chromium());
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            // A page opened over the DevTools pipe may count as a background
            // one: its timers and its workers (the search runs in one) are
            // then throttled, and on a busy machine a search did not finish
            // within the minute. As browser-automation tools do, none of it.
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
            "--remote-debugging-pipe",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    unsafe {
        command.pre_exec(move || {
            if libc::dup2(child_in, 3) < 0 || libc::dup2(child_out, 4) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().unwrap();
    drop(to_browser_r);
    drop(from_browser_w);
    let mut tx = std::fs::File::from(to_browser_w);
    let mut rx = BufReader::new(std::fs::File::from(from_browser_r));
    let mut next_id = 0;
    let mut call = |session: Option<&str>, method: &str, params: serde_json::Value| {
        next_id += 1;
        let mut msg = serde_json::json!({ "id": next_id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = serde_json::Value::from(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        tx.write_all(&bytes).unwrap();
        loop {
            let mut buf = Vec::new();
            let n = rx.read_until(0, &mut buf).unwrap();
            assert!(n > 0, "Chromium closed its DevTools pipe");
            buf.pop();
            let answer: serde_json::Value = serde_json::from_slice(&buf).unwrap();
            if answer["id"] == next_id {
                return match answer.get("error") {
                    None => Ok(answer["result"].clone()),
                    Some(e) => Err(format!("{method}: {e}")),
                };
            }
        }
    };
    let target = call(
        None,
        "Target.createTarget",
        serde_json::json!({ "url": url }),
    )
    .unwrap();
    let session = call(
        None,
        "Target.attachToTarget",
        serde_json::json!({ "targetId": target["targetId"], "flatten": true }),
    )
    .unwrap();
    let session = session["sessionId"].as_str().unwrap().to_owned();
    let expression = format!(
        "new Promise(function (done) {{ var t0 = Date.now(); (function wait() {{ var ok = false; try {{ ok = location.href !== 'about:blank' && document.readyState === 'complete' && ({ready}); }} catch (e) {{}} if (ok) {{ done(document.documentElement.outerHTML); }} else if (Date.now() - t0 > {ms}) {{ var seen = performance.getEntriesByType('resource').map(function (e) {{ return e.name + ' ' + Math.round(e.startTime) + '+' + Math.round(e.duration) + 'ms ' + (e.responseStatus || ''); }}).join('\\n'); done(document.documentElement.outerHTML + '\\n<!-- not ready after {ms} ms; resources fetched:\\n' + seen + '\\n-->'); }} else {{ setTimeout(wait, 100); }} }})(); }})",
        ms = timeout_s * 1000
    );
    // The page may still be replacing about:blank when the first
    // evaluation starts: its context is then destroyed; evaluate again.
    let mut result = Err(String::new());
    for _ in 0..20 {
        result = call(
            Some(&session),
            "Runtime.evaluate",
            serde_json::json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        );
        if result.is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let result = result.unwrap();
    let _ = call(None, "Browser.close", serde_json::json!({}));
    let _ = child.wait();
    result["result"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
