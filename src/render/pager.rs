//! Writing a command's output: through a pager when it is longer than the
//! screen of a terminal, as git does; straight to standard output otherwise.
//!
//! The pager is `AMENDO_PAGER`, else `PAGER`, else `less -FRX` (quit if one
//! screen, keep colours, leave the text on the screen); an empty value or
//! `cat` means none. `--no-pager` turns it off. A closed pipe
//! (`amendo log | head`, or quitting the pager) is not an error.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

/// The default pager command.
pub const DEFAULT_PAGER: &str = "less -FRX";

/// The pager command from the environment (`AMENDO_PAGER`, then `PAGER`),
/// or [`DEFAULT_PAGER`]; None when it asks for none (empty, or `cat`).
pub fn pager_command(amendo_pager: Option<&str>, pager: Option<&str>) -> Option<String> {
    let chosen = amendo_pager.or(pager).unwrap_or(DEFAULT_PAGER).trim();
    (!chosen.is_empty() && chosen != "cat").then(|| chosen.to_owned())
}

/// True when `text` needs more rows than the screen has.
pub fn longer_than(text: &str, rows: usize) -> bool {
    text.lines().count() >= rows
}

/// Writes `text` to standard output, through the pager when `allow` is set,
/// standard output is a terminal and the text is longer than its screen.
pub fn emit(text: &str, allow: bool) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    if allow && stdout.is_terminal() {
        let rows = terminal_size::terminal_size().map_or(24, |(_, h)| usize::from(h.0));
        let env = |k: &str| std::env::var(k).ok();
        if longer_than(text, rows)
            && let Some(cmd) =
                pager_command(env("AMENDO_PAGER").as_deref(), env("PAGER").as_deref())
            && page(&cmd, text).is_ok()
        {
            return Ok(());
        }
    }
    let mut out = stdout.lock();
    widen_pipe(text.len());
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Widens standard output's buffer when it is a pipe and the text is
/// longer than it holds (64 KB by default on Linux), as far as the system
/// allows (1 MB by default) and no further than the text: the text is then
/// written in one go instead of 64 KB at a time, each time waiting for the
/// reader to take the last, which made a whole-bill diff read through a pipe
/// about a millisecond slower than one written to a file. Nothing is done
/// for anything but a pipe, or where the system refuses; a pipe is never
/// made smaller than it is (whoever made it may have widened it).
fn widen_pipe(len: usize) {
    #[cfg(target_os = "linux")]
    {
        const MOST: usize = 1024 * 1024;
        let wanted = len.min(MOST);
        // SAFETY: fstat and fcntl on standard output's descriptor, with a
        // zeroed stat for fstat to fill and integers for fcntl.
        unsafe {
            let mut st: libc::stat = std::mem::zeroed();
            if libc::fstat(1, &mut st) != 0 || st.st_mode & libc::S_IFMT != libc::S_IFIFO {
                return;
            }
            let now = libc::fcntl(1, libc::F_GETPIPE_SZ);
            if now >= 0 && (now as usize) < wanted {
                libc::fcntl(1, libc::F_SETPIPE_SZ, wanted as libc::c_int);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = len;
}

/// Runs the pager through the shell (as git does, so `PAGER="less -S"`
/// works) and feeds it `text`.
fn page(cmd: &str, text: &str) -> std::io::Result<()> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .env("LESSCHARSET", "utf-8")
        .stdin(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        // Quitting the pager early closes the pipe: not an error.
        let _ = stdin.write_all(text.as_bytes());
    }
    let status = child.wait()?;
    // 127: the shell did not find the pager; the text is then written
    // without one rather than lost.
    if status.code() == Some(127) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("pager `{cmd}` not found"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pager_comes_from_the_environment() {
        assert_eq!(pager_command(None, None).as_deref(), Some("less -FRX"));
        assert_eq!(pager_command(None, Some("more")).as_deref(), Some("more"));
        assert_eq!(
            pager_command(Some("less -S"), Some("more")).as_deref(),
            Some("less -S")
        );
        assert_eq!(pager_command(Some(""), Some("more")), None);
        assert_eq!(pager_command(None, Some("cat")), None);
        assert!(longer_than("a\nb\nc\n", 3));
        assert!(!longer_than("a\nb\n", 3));
    }
}
