"""What a token stands for: the mention it is part of or anchors, the head of an apposition, and
the antecedent of an anaphor ("it", "the company", "he", "both firms")."""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.relations.rules import type_ok
from kg.records import COARSE_OF

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
#: Pronouns for a thing; those for a person are a lexicon list.
PRONOUNS = {"it", "its", "itself"}


def set_off(appositive: Token) -> bool:
    """Whether an appositive stands beside its head ("Rebecca Arcesati, an analyst", "the chipmaker
    Nvidia", "(SMIC)") rather than inside a phrase after it: in "the daughter of the politician
    Mondher Ben Ammar" the parse may hang the name on "daughter", but it names the politician."""
    before = appositive.left_edge.i - 1
    head = appositive.head
    return before <= head.i or appositive.doc[before].is_punct or appositive.left_edge.is_punct


def listed_as_apposition(ctx, token: Token) -> list[Token]:
    """"by Jensen Huang, Chris Malachowsky, and Curtis Priem": the parse often hangs the second name
    of a list on the first as an apposition and the rest on it. A name in apposition that is of
    the same kind and itself has conjuncts is the list's next item, not another name for the first."""
    if token.i not in ctx.anchor_of:
        return []
    kinds = {COARSE_OF[ctx.mentions[i].cls] for i in ctx.anchor_of[token.i]}
    out = []
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i in ctx.anchor_of and child.conjuncts \
                and {COARSE_OF[ctx.mentions[i].cls] for i in ctx.anchor_of[child.i]} == kinds:
            out.extend([child, *child.conjuncts])
    return out


def coordinated_inside(ctx, token: Token) -> list[Token]:
    """"the A800 and H800 chips", "China, along with Hong Kong and Macau": names coordinated
    inside the phrase the noun heads, or joined to a name by "along with", "together with"."""
    out = []
    for index in ctx.anchor_of.get(token.i, ()):
        m = ctx.mentions[index]
        root = ctx.doc[m.start:m.end].root
        if root.i != token.i:
            out.extend(root.conjuncts)
    if token.i in ctx.inside or token.i in ctx.anchor_of:
        # The parse may hang "along with" on the verb: "designated Cuba, along with Iran, as".
        heads = [token, token.head] if token.dep_ == "dobj" else [token]
        for prep in (c for head in heads for c in head.children if c.i > token.i):
            if prep.dep_ == "prep" and prep.lower_ in ctx.words.joining_words:
                for with_ in prep.children:
                    if with_.dep_ == "prep" and with_.lower_ == "with":
                        out.extend(_region_named(ctx, t) for p in with_.children if p.dep_ == "pobj"
                                   for t in (p, *p.conjuncts))
    return out


def _region_named(ctx, token: Token) -> Token:
    """"the Special Administrative Region of Macau" stands for Macau."""
    if token.lemma_.lower() not in ctx.words.place_nouns | ctx.words.part_nouns:
        return token
    inner = [p for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
             for p in prep.children if p.dep_ == "pobj" and p.i in ctx.inside]
    return inner[0] if inner else token


def correlative_both(token: Token) -> bool:
    """"both public and private companies": "both ... and" joins the adjectives, it refers to nothing."""
    for c in token.children:
        if c.lower_ == "both" and c.i < token.i:
            return any(t.dep_ == "cc" for t in token.doc[c.i + 1:token.i])
    return False


def denotes(ctx, token: Token, depth: int = 0, conj: bool = True) -> list[int | str]:
    found: list[int | str] = []
    if token.i in ctx.anchor_of:
        found.extend(ctx.anchor_of[token.i])
    elif token.i in ctx.inside:
        found.append(ctx.smallest(token.i))
    elif token.lower_ in ctx.words.person_pronouns and token.pos_ == "PRON":
        ref = resolve_person(ctx, token)
        if ref is not None:
            found.append(ref)
    elif token.lower_ == "both" or (token.tag_ == "NNS" and token.lower_ in ctx.words.plural_anaphors
                                    and any(c.lower_ in {"both", "the", "these", "two"} for c in token.children)
                                    and not correlative_both(token)):
        # "both of the companies", "the two firms": the last two organisations named.
        found.extend(last_organisations(ctx, token, 2))
    elif token.dep_ == "appos" and token.pos_ == "NOUN" and depth < 2 and token.head.i != token.i \
            and set_off(token):
        # "SMIC, the Shanghai-based foundry": an apposition names its head, never an antecedent.
        found.extend(denotes(ctx, token.head, depth + 1, conj=False))
    elif token.lower_ in PRONOUNS or (token.lower_ in ctx.words.anaphors and
                                       any(c.lower_ in {"the", "this", "these", "those", "such"}
                                           for c in token.children) and
                                       # "the Mexican pop group RBD" names its group
                                       not any(c.dep_ == "appos" and c.i in ctx.inside and set_off(c)
                                               for c in token.children)):
        ref = resolve_anaphor(ctx, token)
        if ref is not None:
            found.append(ref)
    elif depth < 2 and token.pos_ in {"NOUN", "PROPN"}:
        # "DeepSeek, a Chinese start-up": the appositive noun stands for the name.
        if token.dep_ == "appos" and set_off(token):
            found.extend(denotes(ctx, token.head, depth + 1, conj=False))
        for child in token.children:
            if child.dep_ == "appos" and set_off(child):
                found.extend(denotes(ctx, child, depth + 1, conj=False))
            # "other countries, including Russia and Iran": a plural noun that names nothing.
            if child.dep_ == "prep" and ((child.lower_ == "as" and any(c.lower_ == "such" for c in child.children))
                                         or (child.lower_ == "including" and token.tag_ == "NNS")):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found.extend(denotes(ctx, pobj, depth + 1))
            # "AMD and several Chinese companies, including Tsinghua University": a plural kind
            # noun stands for the names its "including" list gives.
            if child.dep_ == "prep" and child.lower_ == "including" and token.tag_ == "NNS" \
                    and token.i not in ctx.inside:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found.extend(denotes(ctx, pobj, depth + 1))
        # "the city of Angleton", "the municipality of Sebnitz": the noun names the place.
        # "the Lazio region", "the far northeastern part of the Province of Rieti" likewise.
        if token.lemma_.lower() in ctx.words.place_nouns | ctx.words.part_nouns:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            found.extend(r for r in denotes(ctx, pobj, depth + 1, conj=False)
                                         if isinstance(r, int) and COARSE_OF[ctx.mentions[r].cls] == "Place")
            if token.lemma_.lower() in ctx.words.place_nouns:
                for child in token.children:
                    if child.dep_ in {"compound", "nmod"} and child.i in ctx.inside:
                        found.extend(r for r in denotes(ctx, child, depth + 1, conj=False)
                                     if isinstance(r, int) and COARSE_OF[ctx.mentions[r].cls] == "Place")
        if token.dep_ == "attr" and token.head.lemma_ == "be":
            for subj in token.head.children:
                if subj.dep_ in SUBJECT_DEPS:
                    found.extend(denotes(ctx, subj, depth + 1, conj=False))
    if conj and depth < 3:
        others = [o for o in [*token.conjuncts, *listed_as_apposition(ctx, token)] if o.i > token.i]
        for other in others + coordinated_inside(ctx, token):
            found.extend(denotes(ctx, other, depth + 1, conj=False))
    seen, out = set(), []
    for item in found:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def resolve_anaphor(ctx, token: Token) -> int | None:
    """The nearest earlier mention of a compatible type: an organisation for "the company" or "its"."""
    wanted = ctx.words.anaphors.get(token.lower_, "Organisation")
    allowed = {"Organisation"} if wanted in {"Organisation", "GovernmentBody"} else {wanted}
    # Within the sentence, "its" first means the clause's own subject, then the nearest
    # organisation named earlier in the sentence ("bar Nvidia from selling its H20"). A state
    # that is the clause's subject owns "its" too ("the US government placed X on its list").
    if token.lower_ in {"its", "itself"}:
        verb = token
        while verb.dep_ not in {"ROOT"} and verb.pos_ not in {"VERB", "AUX"}:
            verb = verb.head
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and child.i < token.i:
                for ref in denotes(ctx, child, 2, conj=False):
                    if isinstance(ref, int) and (type_ok(ctx.mentions[ref].cls, allowed)
                                                 or ctx.mentions[ref].cls == "Country"):
                        return ref
        nearest = [i for i in ctx.in_sentence.get(token.sent.start, ()) for m in [ctx.mentions[i]] if m.end <= token.i
                   and type_ok(m.cls, allowed) and m.cls != "Policy"]
        if nearest:
            return nearest[-1]
    if wanted == "Policy":
        # "the list" is the last list named, "the rule" the last rule; else the last policy.
        same_head = [i for i, m in enumerate(ctx.mentions) if m.end <= token.i and m.cls == "Policy"
                     and ctx.doc[m.end - 1].lemma_.lower() == token.lemma_.lower()]
        if same_head:
            return same_head[-1]
        return antecedent(ctx, token, lambda cls: cls == "Policy", subjects_first=False)
    # "Qwen 2.5, a model ... the model": the entity once described with the same noun.
    described = [i for i, m in enumerate(ctx.mentions) if m.end <= token.i and type_ok(m.cls, allowed | {wanted})
                 and any(n.lemma_ == token.lemma_ for n in ctx.group(i)[1:])]
    if described:
        return described[-1]
    return antecedent(ctx, token, lambda cls: type_ok(cls, allowed) and cls != "Policy")


def last_organisations(ctx, token: Token, count: int) -> list[int]:
    if token.lower_ == "both":
        nouns = [p for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                 for p in prep.children if p.dep_ == "pobj"]
        if nouns and nouns[0].lower_ not in ctx.words.plural_anaphors:
            return []
    # "Siemens and Infineon own these companies": the clause's own subject is not what it refers to.
    verb = token
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    own = {t.i for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < token.i for t in c.subtree}
    out, seen = [], set()
    for index in range(len(ctx.mentions) - 1, -1, -1):
        m = ctx.mentions[index]
        if m.end > token.i or COARSE_OF[m.cls] != "Organisation" or m.start in own:
            continue
        root = ctx.doc[m.start:m.end].root
        if root.dep_ == "appos" and root.head.i in ctx.inside and not root.head.i >= m.start:
            continue  # "Chengdu Haiguang ... Co., Ltd (Hygon)": the short name is the same firm
        key = m.gazetteer_id or m.text
        if key not in seen:
            seen.add(key)
            out.append(index)
        if len(out) == count:
            break
    return out if len(out) == count else []


def resolve_person(ctx, token: Token) -> int | None:
    """"he", "his": the last person who was a grammatical subject, else the last person named."""
    return antecedent(ctx, token, lambda cls: cls == "Person")


def antecedent(ctx, token: Token, accept, subjects_first: bool = True) -> int | None:
    """The most recent grammatical subject whose class ``accept``s, else the nearest earlier
    mention that does; memoised, since anaphors chain ("The company ... it ... its")."""
    if token.i in ctx.memo:
        return ctx.memo[token.i]
    ctx.memo[token.i] = None
    best = None
    for subject in reversed(ctx.subject_tokens if subjects_first else []):
        if subject.i >= token.i:
            continue
        if token.sent.start - subject.i > 400:
            break
        refs = [r for r in denotes(ctx, subject, 2, conj=False)
                if isinstance(r, int) and accept(ctx.mentions[r].cls)]
        if refs:
            best = refs[0]
            break
    if best is None:
        for index, m in enumerate(ctx.mentions):
            if m.end > token.i:
                break
            if accept(m.cls):
                best = index
    ctx.memo[token.i] = best
    return best


def relative_head(ctx, verb: Token, pronoun: Token) -> Token:
    head = verb.head
    if pronoun.lower_ not in {"who", "whom"}:
        return head
    refs = [r for r in denotes(ctx, head, 2, conj=False) if isinstance(r, int)]
    if any(ctx.mentions[r].cls == "Person" for r in refs):
        return head
    people = [m for m in ctx.mentions if m.cls == "Person" and verb.sent.start <= m.start and m.end <= pronoun.i]
    return ctx.anchors[ctx.mentions.index(people[-1])] if people else head
