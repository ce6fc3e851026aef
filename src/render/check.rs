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
        if !d.unapplied.is_empty() {
            out.push_str(&format!(
                "    not applied at this stage: {}\n",
                d.unapplied.join(", ")
            ));
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
