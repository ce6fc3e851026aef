#!/usr/bin/env python3
"""Extracts the dispositifs of the AN open-data amendments of one bill into a
JSON-lines corpus of tests/corpus.rs.

Usage: extract.py DIR [--on-articles] > NAME-dispositifs.jsonl
where DIR holds the AN open-data amendment files (<text>/*.json, at any
depth): narcotrafic-dispositifs.jsonl from an-narcotrafic/amendements, and
plf2025-articles-dispositifs.jsonl from an-plf2025 (unpacked) with
--on-articles, which keeps only amendments on an article itself (not the
additional articles, the annexes' credit tables or the headings). Paragraphs (<p>,
<br>, table rows) become blank-line separated paragraphs, entities are
decoded (those escaped twice too), tags dropped, each paragraph trimmed; a table row becomes one
paragraph, its cells written as a Markdown pipe row (« | a | b | », a « | »
inside a cell escaped as « \\| », paragraphs inside a cell joined by a
space), so that quoted tables keep their cells; nothing else is changed.
"""
import glob, html, json, re, sys

def nil(v):
    return None if isinstance(v, dict) else v

def cell(m):
    """One table cell: its text on one line, « | » escaped, after a space."""
    inner = re.sub(r"(?i)</p>|<br\s*/?>|</li>", " ", m.group(2))
    inner = re.sub(r"<[^>]+>", "", inner).replace("&nbsp;", " ")
    inner = " ".join(inner.split()).replace("|", "\\|")
    return f" {inner} |"

def text_of(fragment):
    if not fragment:
        return ""
    # Entities escaped twice, as some amendments have them (« I.&amp;nbsp;– »,
    # « R&amp;amp;D »), escaped once, as amendo's importer does.
    fragment = re.sub(r"&amp;(?=(?:[A-Za-z0-9]+|#[0-9]+|#[xX][0-9A-Fa-f]+);)", "&", fragment)
    t = re.sub(r"(?is)<t([dh])\b[^>]*>(.*?)</t\1>", cell, fragment)
    t = re.sub(r"(?i)<tr\b[^>]*>", "\n\n|", t)
    t = re.sub(r"(?i)</p>|<br\s*/?>|</tr>|</li>", "\n\n", t)
    t = re.sub(r"<[^>]+>", "", t)
    t = html.unescape(t)
    paras = [p.strip() for p in t.split("\n\n")]
    return "\n\n".join(p for p in paras if p)

on_articles = "--on-articles" in sys.argv[2:]
for path in sorted(glob.glob(f"{sys.argv[1]}/**/*.json", recursive=True)):
    a = json.load(open(path, encoding="utf-8"))["amendement"]
    div = a["pointeurFragmentTexte"]["division"]
    if on_articles and (nil(div.get("type")) != "ARTICLE" or nil(div.get("avant_A_Apres")) != "A"):
        continue
    row = {
        "uid": a["uid"],
        "number": a["identification"]["numeroLong"],
        "text": a["texteLegislatifRef"],
        "division": nil(div.get("titre")),
        "position": nil(div.get("avant_A_Apres")),
        "outcome": nil(a["cycleDeVie"].get("sort")),
        "parent": nil(a.get("amendementParentRef")),
        "dispositif": text_of(nil(a["corps"]["contenuAuteur"].get("dispositif"))),
    }
    print(json.dumps(row, ensure_ascii=False))
