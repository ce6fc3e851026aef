//! The site's templates and assets: defaults compiled in, overridable file
//! by file.
//!
//! The defaults live in the repository's `site/` folder (`site/templates/`,
//! `site/assets/`) and are embedded with `include_str!`. A project that has
//! its own `site/` folder overrides any of them by putting a file of the same
//! name there (`site/templates/article.html`, `site/assets/style.css`), as
//! mdBook does with its theme; files it does not override keep the defaults,
//! and extra templates (new partials) are loaded too.
//!
//! Templates are minijinja, with HTML autoescape on for every template and
//! undefined variables an error, so a typo in a template fails the build
//! instead of printing nothing.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::site::SiteError;

/// The default templates: name, text.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../site/templates/base.html")),
    (
        "search.html",
        include_str!("../../site/templates/search.html"),
    ),
    (
        "index.html",
        include_str!("../../site/templates/index.html"),
    ),
    ("bill.html", include_str!("../../site/templates/bill.html")),
    (
        "stage.html",
        include_str!("../../site/templates/stage.html"),
    ),
    (
        "article.html",
        include_str!("../../site/templates/article.html"),
    ),
    (
        "amendment.html",
        include_str!("../../site/templates/amendment.html"),
    ),
    (
        "ballot.html",
        include_str!("../../site/templates/ballot.html"),
    ),
    (
        "unknown.html",
        include_str!("../../site/templates/unknown.html"),
    ),
    (
        "partials/amendment_card.html",
        include_str!("../../site/templates/partials/amendment_card.html"),
    ),
    (
        "partials/diff.html",
        include_str!("../../site/templates/partials/diff.html"),
    ),
    (
        "partials/vote_bar.html",
        include_str!("../../site/templates/partials/vote_bar.html"),
    ),
];

/// The default assets: name (under `assets/`), content.
pub const ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../site/assets/style.css")),
    ("sort.js", include_str!("../../site/assets/sort.js")),
    ("search.js", include_str!("../../site/assets/search.js")),
];

/// Templates ready to render, and the assets to copy.
pub struct Theme {
    env: Environment<'static>,
    /// Assets by file name (under `assets/`).
    pub assets: BTreeMap<String, String>,
    /// A hash of every template and asset (a changed theme renders the
    /// whole site again).
    pub fingerprint: String,
}

fn read_overrides(
    dir: &Path,
    prefix: &str,
    out: &mut BTreeMap<String, String>,
) -> Result<(), SiteError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if path.is_dir() {
            read_overrides(&path, &format!("{name}/"), out)?;
        } else {
            let text = std::fs::read_to_string(&path)
                .map_err(|err| SiteError::Io(format!("cannot read {}: {err}", path.display())))?;
            out.insert(name, text);
        }
    }
    Ok(())
}

impl Theme {
    /// The default theme, with the files of `overrides` (a project's `site/`
    /// folder, which may be absent) in place of the defaults they name.
    pub fn load(overrides: Option<&Path>) -> Result<Theme, SiteError> {
        let mut templates: BTreeMap<String, String> = TEMPLATES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        let mut assets: BTreeMap<String, String> = ASSETS
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        let mut origin: BTreeMap<String, String> = BTreeMap::new();
        if let Some(dir) = overrides {
            let mut own = BTreeMap::new();
            read_overrides(&dir.join("templates"), "", &mut own)?;
            for (name, text) in own {
                origin.insert(
                    name.clone(),
                    dir.join("templates").join(&name).display().to_string(),
                );
                templates.insert(name, text);
            }
            read_overrides(&dir.join("assets"), "", &mut assets)?;
        }
        let mut all = String::new();
        for (kind, files) in [("template", &templates), ("asset", &assets)] {
            for (name, text) in files {
                all.push_str(&format!("{kind} {name} {}\n{text}\n", text.len()));
            }
        }
        let fingerprint = crate::store::sources::hash(all.as_bytes());
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        for (name, text) in templates {
            let shown = origin
                .get(&name)
                .cloned()
                .unwrap_or_else(|| format!("site/templates/{name} (built in)"));
            env.add_template_owned(name, text)
                .map_err(|e| template_error(&shown, &e))?;
        }
        Ok(Theme {
            env,
            assets,
            fingerprint,
        })
    }

    /// Renders a page template with its context.
    pub fn render<S: serde::Serialize>(
        &self,
        template: &str,
        ctx: &S,
    ) -> Result<String, SiteError> {
        let t = self
            .env
            .get_template(template)
            .map_err(|e| template_error(template, &e))?;
        t.render(ctx).map_err(|e| template_error(template, &e))
    }
}

fn template_error(name: &str, e: &minijinja::Error) -> SiteError {
    let at = match (e.name(), e.line()) {
        (Some(n), Some(l)) => format!("{n}:{l}: "),
        _ => format!("{name}: "),
    };
    let mut msg = format!("{at}{e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    SiteError::Template(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_overrides_one_template_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
        std::fs::write(
            dir.path().join("templates/partials/extra.html"),
            "<b>{{ x }}</b>",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("assets")).unwrap();
        std::fs::write(dir.path().join("assets/style.css"), "body{}").unwrap();
        let theme = Theme::load(Some(dir.path())).unwrap();
        assert_eq!(theme.assets["style.css"], "body{}");
        assert_eq!(theme.assets["sort.js"], ASSETS[1].1);
        let html = theme
            .render(
                "partials/extra.html",
                &serde_json::json!({ "x": "<script>" }),
            )
            .unwrap();
        assert_eq!(html, "<b>&lt;script&gt;</b>");
    }

    #[test]
    fn a_broken_override_is_named_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/index.html"), "ok\n{% if %}").unwrap();
        let err = Theme::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("index.html:2"), "{err}");
    }
}
