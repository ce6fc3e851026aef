//! What `amendo check` says about derived and official texts.

use crate::history::Disagreement;

/// One paragraph per article where a derived and an official text differ.
pub fn disagreements(list: &[(String, Disagreement)]) -> String {
    let mut out = String::new();
    if list.is_empty() {
        return out;
    }
    out.push_str(&format!(
        "{} article{} where the derived text and the official text differ:\n",
        list.len(),
        if list.len() == 1 { "" } else { "s" }
    ));
    let mut named: Option<(&str, &str)> = None;
    for (bill, d) in list {
        out.push_str(&format!(
            "  {bill} {} {}: {} alinéa{} differ{}, first alinéa {}\n",
            d.stage,
            crate::render::lang::Lang::En.article(&d.article),
            d.alineas,
            if d.alineas == 1 { "" } else { "s" },
            if d.alineas == 1 { "s" } else { "" },
            d.alinea
        ));
        let show = |s: &Option<String>| match s {
            Some(t) => format!("« {} »", cut(t, 100)),
            None => "(none)".to_owned(),
        };
        out.push_str(&format!("    derived:  {}\n", show(&d.derived)));
        out.push_str(&format!("    official: {}\n", show(&d.official)));
        // Named once per stage: the same amendments stand beside each of
        // the stage's differences.
        if !d.unapplied.is_empty() {
            let here = (bill.as_str(), d.stage.as_str());
            if named != Some(here) {
                out.push_str(&format!(
                    "    adopted at this stage, not applied, and placed outside any one article: {}\n",
                    d.unapplied.join(", ")
                ));
                named = Some(here);
            }
        }
    }
    out
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(stage: &str, article: &str, unapplied: &[&str]) -> Disagreement {
        Disagreement {
            stage: stage.to_owned(),
            article: article.to_owned(),
            alinea: 1,
            derived: Some("a".to_owned()),
            official: Some("b".to_owned()),
            alineas: 1,
            unapplied: unapplied.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_stage_s_unapplied_amendments_are_named_once() {
        let list = [
            ("b".to_owned(), d("s1", "5", &["59", "85"])),
            ("b".to_owned(), d("s1", "6", &["59", "85"])),
            ("b".to_owned(), d("s2", "6", &["12"])),
            ("b".to_owned(), d("s2", "7", &[])),
        ];
        let out = disagreements(&list);
        assert_eq!(out.matches("59, 85").count(), 1, "{out}");
        assert_eq!(out.matches(": 12\n").count(), 1, "{out}");
        assert!(out.starts_with("4 articles where"), "{out}");
        assert_eq!(out.lines().count(), 1 + 4 * 3 + 2, "{out}");
    }
}
