//! What an amendment targets, from the subject a chamber's data prints
//! (« Article 10 bis (nouveau) », « Article additionnel après l’article
//! 42 a (nouveau) », « art. add. après Article 2 », « Intitulé du projet de
//! loi »), written as amendo's sources write targets (`10 bis`, `après
//! 42 A`, `après 2`, `Titre`). Shared by the importers whose data gives the
//! subject as text (the Sénat's, La Fabrique's).

/// The target amendo writes for a printed subject; a subject that names
/// neither an article nor the bill's title (« TITRE II », « Motion tendant à
/// opposer la question préalable ») is kept as printed, spaces normalised.
/// A division added after an article (« Division additionnelle après
/// l’article 37 ») is placed as an additional article is (`après 37`).
pub fn target(subject: &str) -> String {
    let s: String = subject
        .replace(['’', '‘'], "'")
        .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let lower = s.to_lowercase();
    if lower.starts_with("intitulé") {
        // The bill's title, which the Assemblée's data and La Fabrique
        // call « Titre ».
        return "Titre".to_owned();
    }
    for (marker, position) in [
        ("après l'article ", "après"),
        ("avant l'article ", "avant"),
        ("après article ", "après"),
        ("avant article ", "avant"),
        ("après art. ", "après"),
        ("avant art. ", "avant"),
    ] {
        if let Some(i) = lower.find(marker) {
            let rest = s.get(i + marker.len()..).unwrap_or(&s);
            return format!("{position} {}", number(rest));
        }
    }
    for prefix in ["article ", "art. "] {
        if lower.starts_with(prefix) {
            return number(s.get(prefix.len()..).unwrap_or(&s));
        }
    }
    s
}

/// An article's number as printed after « Article »: without the editors'
/// notes in parentheses that follow it in a text (« (nouveau) »,
/// « (supprimé) », « (non modifié) »), with a letter of insertion in
/// capitals (« 42 a » → « 42 A », as the texts print it).
fn number(printed: &str) -> String {
    let mut s = printed.trim();
    while let Some(open) = s.rfind('(')
        && s.ends_with(')')
    {
        let note = crate::model::fold(&s[open + 1..s.len() - 1]);
        let editorial = [
            "nouveau",
            "nouvelle",
            "supprime",
            "supprimee",
            "supprimes",
            "non modifie",
            "non modifiee",
            "pour coordination",
        ]
        .contains(&note.trim());
        if !editorial {
            break;
        }
        s = s[..open].trim_end();
    }
    let mut words = s.split(' ');
    let first = words.next().unwrap_or_default().to_owned();
    words.fold(first, |mut out, w| {
        out.push(' ');
        let letter = w.len() == 1 && w.chars().all(|c| c.is_ascii_lowercase());
        out.push_str(&if letter {
            w.to_uppercase()
        } else {
            w.to_owned()
        });
        out
    })
}

#[cfg(test)]
mod tests {
    use super::target;

    #[test]
    fn articles_additional_articles_and_the_title() {
        for (printed, written) in [
            ("Article 1er", "1er"),
            ("Article 2 bis", "2 bis"),
            ("Article 10 bis (nouveau)", "10 bis"),
            ("Article 42 a (nouveau)", "42 A"),
            ("Article 12 bis A", "12 bis A"),
            ("Article 3 (supprimé)", "3"),
            ("article  8\u{a0}ter", "8 ter"),
            ("Après l'article 1er", "après 1er"),
            ("Article additionnel après l’article 5", "après 5"),
            (
                "Article additionnel avant article 2 bis (nouveau)",
                "avant 2 bis",
            ),
            (
                "Article additionnel après article 42 a (nouveau)",
                "après 42 A",
            ),
            ("art. add. après Article 2 quinquies", "après 2 quinquies"),
            ("Intitulé de la proposition de loi", "Titre"),
            ("Intitulé du projet de loi", "Titre"),
            ("Titre", "Titre"),
            ("TITRE II", "TITRE II"),
            (
                "Division additionnelle après article 37 bis (nouveau)",
                "après 37 bis",
            ),
            (
                "Motion tendant à opposer la question préalable",
                "Motion tendant à opposer la question préalable",
            ),
            // A note that is not the editors' stays.
            (
                "Article 4 (Article L. 12 du code)",
                "4 (Article L. 12 du code)",
            ),
        ] {
            assert_eq!(target(printed), written, "{printed}");
        }
    }
}
