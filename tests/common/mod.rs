//! A small builder to run the `amendo` binary on a project in a temporary folder.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod browser;

pub struct Project {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

pub const MINI_BILL: &str = "title: Mini bill\njurisdiction: fr\nlanguage: fr\ngroups:\n  A: Groupe A\n  B: Groupe B\nstages:\n  - id: depot\n    label: Texte déposé\n    chamber: assemblee\n    kind: introduced\n    date: 2025-01-10\n    text: depot.md\n  - id: commission\n    label: Commission\n    chamber: assemblee\n    kind: committee\n    date: 2025-02-10\n    text: commission.md\n";

pub const MINI_DEPOT: &str = "## Article 1er\n\nPremier alinéa.\n\nSecond alinéa.\n\n## Article 2\n\nTexte de l’article 2.\n";

pub const MINI_COMMISSION: &str =
    "## Article 1er\n\nPremier alinéa.\n\nSecond alinéa.\n\n## Article 2\n\n(Supprimé)\n";

pub const MINI_AMENDMENT: &str = "number: CL1\narticle: \"2\"\nauthors:\n  - Jeanne Martin\ngroup: A\nfiled: 2025-02-01\noutcome: adopted\ndecided: 2025-02-05T10:00:00+01:00\ninstruction: Supprimer cet article.\n";

pub const MINI_REJECTED: &str = "number: CL2\narticle: \"1er\"\nauthors:\n  - Paul Durand\ngroup: B\nfiled: 2025-02-01\noutcome: rejected\ndecided: 2025-02-05T11:00:00+01:00\ninstruction: |-\n  Rédiger ainsi cet article :\n\n  « Nouvel alinéa unique. »\n";

impl Project {
    /// An empty folder.
    pub fn empty() -> Project {
        Project {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A small valid project: two stages, two amendments.
    pub fn mini() -> Project {
        let p = Project::empty();
        p.write("bills/mini/bill.yaml", MINI_BILL);
        p.write("bills/mini/depot.md", MINI_DEPOT);
        p.write("bills/mini/commission.md", MINI_COMMISSION);
        p.write("amendments/mini/commission/CL1.yaml", MINI_AMENDMENT);
        p.write("amendments/mini/commission/CL2.yaml", MINI_REJECTED);
        p
    }

    /// A copy of the repository's narcotrafic dataset (its folders in
    /// bills/ and amendments/; the other bills are not needed by the tests).
    pub fn dataset() -> Project {
        let p = Project::empty();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for top in ["bills", "amendments"] {
            copy_dir(
                &root.join(top).join("narcotrafic"),
                &p.path().join(top).join("narcotrafic"),
            );
        }
        p
    }

    /// A copy of some of the repository's bills (their folders in bills/
    /// and amendments/, when they have amendments).
    pub fn bills(slugs: &[&str]) -> Project {
        let p = Project::empty();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for slug in slugs {
            for top in ["bills", "amendments"] {
                let from = root.join(top).join(slug);
                if from.exists() {
                    copy_dir(&from, &p.path().join(top).join(slug));
                }
            }
        }
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn store(&self) -> PathBuf {
        self.path().join(".amendo/store.git")
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path().join(rel)).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel)).unwrap()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_amendo"));
        c.arg("--root").arg(self.path()).args(args);
        c.env_remove("AMENDO_STORE").env_remove("AMENDO_FAILPOINT");
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().unwrap())
    }

    /// Runs amendo with its standard output closed before it writes (a
    /// reader that stopped, as `| head` does): its exit code and stderr.
    pub fn run_into_closed_pipe(&self, args: &[&str]) -> (Option<i32>, String) {
        let mut child = self
            .command(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn run_env(&self, args: &[&str], key: &str, value: &str) -> Run {
        Run::from(self.command(args).env(key, value).output().unwrap())
    }

    /// Everything that identifies the store's state: refs and HEAD.
    pub fn store_state(&self) -> String {
        let s = self.store();
        let packed = fs::read_to_string(s.join("packed-refs")).unwrap_or_default();
        let head = fs::read_to_string(s.join("HEAD")).unwrap_or_default();
        format!("{head}{packed}")
    }
}

/// Runs plain git on a store.
pub fn git(store: &Path, args: &[&str]) -> Run {
    Run::from(
        Command::new("git")
            .arg("--git-dir")
            .arg(store)
            .args(args)
            .output()
            .unwrap(),
    )
}
