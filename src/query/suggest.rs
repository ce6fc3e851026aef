//! "Did you mean": the names nearest to one that was not found, for bills,
//! stages, articles and amendments (strsim's Jaro–Winkler and
//! Damerau–Levenshtein on folded names).

use crate::model::fold;

/// The candidates nearest to `asked`, best first, at most three; empty when
/// none is near. A candidate is near when it is the same once spaces are
/// dropped (« 8ter » for « 8 ter »), when it extends the name asked with
/// letters (« 1er » for « 1 »), or when it is similar enough.
pub fn nearest<'a>(asked: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let key = squash(asked);
    if key.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, String)> = Vec::new();
    for c in candidates {
        let ck = squash(c);
        if ck.is_empty() || scored.iter().any(|(_, s)| s == c) {
            continue;
        }
        let score = if ck == key {
            2.0
        } else if ck.starts_with(&key)
            && ck[key.len()..]
                .chars()
                .next()
                .is_some_and(|ch| !ch.is_ascii_digit())
            && key.chars().last().is_some_and(|ch| ch.is_ascii_digit())
        {
            1.5
        } else {
            let jw = strsim::jaro_winkler(&key, &ck);
            let dl = strsim::normalized_damerau_levenshtein(&key, &ck);
            let s = jw.max(dl);
            // Short names: one edit is already far.
            let edits = strsim::damerau_levenshtein(&key, &ck);
            if (key.len() <= 3 && edits > 1) || s < 0.8 {
                continue;
            }
            s
        };
        scored.push((score, c.to_owned()));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    // Only the names about as near as the nearest.
    let best = scored.first().map_or(0.0, |(s, _)| *s);
    scored
        .into_iter()
        .take_while(|(s, _)| *s >= best - 0.03)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

/// " (did you mean « 8 ter »?)", or nothing.
pub fn did_you_mean(found: &[String]) -> String {
    match found {
        [] => String::new(),
        [one] => format!(" (did you mean `{one}`?)"),
        more => format!(
            " (did you mean {}?)",
            more.iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

/// A name folded for comparison: lower case, no accents, no spaces, no
/// « article » prefix.
fn squash(s: &str) -> String {
    let f = fold(s);
    let f = f.trim();
    let f = f
        .strip_prefix("article ")
        .or_else(|| f.strip_prefix("art. "))
        .unwrap_or(f);
    f.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_found() {
        let articles = ["1er", "1er A", "2", "8", "8 bis", "8 ter", "10"];
        assert_eq!(nearest("8ter", articles), ["8 ter"]);
        assert_eq!(nearest("1", articles)[0], "1er");
        assert!(nearest("47", articles).is_empty());
        let stages = ["senat-1", "an-1-commission", "an-1-seance", "cmp"];
        assert_eq!(nearest("an-1-comission", stages), ["an-1-commission"]);
        assert_eq!(
            nearest("narcotrafique", ["narcotrafic", "pjl07-405"]),
            ["narcotrafic"]
        );
        assert_eq!(
            did_you_mean(&["8 ter".to_owned()]),
            " (did you mean `8 ter`?)"
        );
    }
}
