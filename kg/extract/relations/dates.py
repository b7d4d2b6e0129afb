"""Dates stated for a policy: "announced on 7 October 2022", "takes effect on 1 March"."""
from __future__ import annotations

def policy_dates(ctx) -> list[tuple[int, str, str]]:
    """Dates stated for a policy: "announced on 7 October 2022", "takes effect on 1 March".
    Returns (policy mention index, "announced" or "effective", the date as written)."""
    doc = ctx.doc
    out = []
    dates = [e for e in doc.ents if e.label_ == "DATE"]
    for index, m in enumerate(ctx.mentions):
        if m.cls != "Policy":
            continue
        anchor = ctx.anchors[index]
        verb = anchor.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.dep_ != "ROOT" and verb.head.i != verb.i:
            verb = verb.head
        verbs = [verb] + [c for c in verb.children if c.pos_ in {"VERB", "NOUN", "ADJ"}]
        kinds = [ctx.words.date_verbs.get(v.lemma_.lower()) for v in verbs]
        kind = next((k for k in kinds if k == "effective"), None) or next((k for k in kinds if k), None)
        if kind is None:
            continue
        for date in dates:
            if date.sent.start != anchor.sent.start:
                continue
            head = date.root
            while head.dep_ in {"pobj", "prep", "compound", "nummod", "npadvmod", "appos"} and head.head.i != head.i \
                    and head.i != verb.i:
                head = head.head
            if head.i == verb.i or head.head.i == verb.i:
                if date.text.lower() in ctx.words.relative_dates:
                    continue
                out.append((index, kind, date.text))
    return out
