"""A Federal Register rule names itself. Its header gives the agencies, the CFR parts, the docket,
the rule's title, then the fields "AGENCY:", "ACTION: Final rule." and "SUMMARY:". In such a
document the title line is the rule's name, and "this rule", "this final rule" in the text are
that rule, so "In this rule, BIS amends the EAR" says who issued it (the relation rules read it)."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.mention import Mention
from kg.extract.words import clean_text
from kg.records import COARSE_OF

_AGENCY = re.compile(r"^[ \t]*AGENCY:", re.M)
_ACTION = re.compile(r"^[ \t]*ACTION:\s*([^\n]*)", re.M)
#: Header lines that are no title: "15 CFR Parts 744", "[Docket No. 2210-0012]", "RIN 0694-AJ82".
_NOT_TITLE = re.compile(r"^\s*(\d|\[|RIN\b|[A-Z ,.&]+$)")
SOURCE = "policy:document"
#: What the document calls itself: "this rule", "this final rule".
RULE_NOUNS = {"rule"}


def rule_title(doc: Doc) -> tuple[int, int] | None:
    """The token span of the title of the rule this document is, or None if it is none."""
    text = doc.text
    agency, action = _AGENCY.search(text), _ACTION.search(text)
    if agency is None or action is None or "rule" not in action.group(1).lower():
        return None
    lines = text[:agency.start()].rstrip().split("\n")
    title = lines[-1].strip() if lines else ""
    if len(title.split()) < 3 or _NOT_TITLE.match(title):
        return None
    start = text.rindex(title, 0, agency.start())
    span = doc.char_span(start, start + len(title), alignment_mode="contract")
    return (span.start, span.end) if span is not None and len(span) else None


def document_rules(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The rule a rule document is: its title a policy, and each "this rule", "this final rule"
    a mention of it (named by the title, so that resolution makes them one entity). Mentions
    inside the title go, but for organisations and places named in it."""
    span = rule_title(doc)
    if span is None:
        return mentions
    start, end = span
    name = clean_text(doc[start:end].text)
    spans = [span]
    for token in doc:
        if token.lower_ != "this" or token.i >= len(doc) - 1:
            continue
        k = token.i + 1
        while k < min(len(doc), token.i + 4) and doc[k].is_lower and doc[k].lower_ not in RULE_NOUNS \
                and doc[k].pos_ in {"ADJ", "NOUN"}:
            k += 1  # "this interim final rule"
        if k < len(doc) and doc[k].lower_ in RULE_NOUNS:
            spans.append((token.i, k + 1))

    def covered(m: Mention) -> bool:
        return any(m.start < e and s < m.end for s, e in spans)

    out = [m for m in mentions if not covered(m) or (COARSE_OF[m.cls] in {"Organisation", "Place"}
                                                    and (m.start, m.end) != span and m.start >= start and m.end <= end)]
    out += [Mention(s, e, name, "Policy", SOURCE, None) for s, e in spans]
    return out
