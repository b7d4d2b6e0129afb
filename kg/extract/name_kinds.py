"""What kind of thing a name is: whether its words make a name at all, and its class from its own
words and from what the sentence says of it ("X, a town in Y", "the start-up DeepSeek")."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.vocabulary import Vocabulary
from kg.records import COARSE_OF


def is_name(text: str, span: Span, vocab: Vocabulary) -> bool:
    """Whether ``text``, the cleaned name of ``span``, names one thing: not a title, a common noun,
    a nationality, lower-case words or stop words alone."""
    if not text or text in vocab.non_entities or text in vocab.titles or text.startswith("the ") \
            or text in vocab.legal_forms:
        return False
    if " " not in text and text.lower() in vocab.common_nouns and not text.isupper():
        return False
    if sum(ch.isalpha() for ch in text) < 2:
        return False
    if text == text.lower():
        return False
    if text in vocab.demonyms or text.split("-")[0] in vocab.demonyms and len(span) == 1:
        return False
    if all(t.is_stop or t.is_punct for t in span):
        return False
    if not any(t.pos_ == "PROPN" or t.text.isupper() for t in span):
        return False  # "Head Writer", "Board": capitalised common nouns are not names
    if len(text) > 120:
        return False
    return True


def context_class(doc: Doc, span: Span, cls: str, said: str | None, vocab: Vocabulary) -> str:
    """The recogniser's guess, corrected by what the name and the sentence say it is:
    "Via Nino Bixio" and "Debub Gondar Zone" are places; "X, a town in Y" is a place,
    "X is an American singer" a person, "X, a record label" an organisation. ``said`` is
    what the sentence describes the name as (``described_class``)."""
    words = span.text.split()
    if cls != "Place" and (words[0] in vocab.place_prefixes or words[-1] in vocab.place_words) and len(words) > 1:
        return "Place"
    if cls != "Place" and len(words) > 1 and words[-1].isdigit() and words[-2] in vocab.place_words:
        return "Place"  # "U.S. Route 20"
    if cls == "Place" and len(words) > 1 and words[-1] in vocab.organisation_words:
        return "Organisation"  # "Abbey Road Studios": a building's name for what works there
    if cls != "Organisation" and len(words) > 1 and words[0] in vocab.org_first_words:
        return "Organisation"  # "Alibaba Cloud", "Huawei Cloud": a known organisation's name goes on
    root = span.root
    # "Joy Division was formed by ...": people are born, organisations are founded.
    if cls == "Person" and root.dep_ == "nsubjpass" and root.head.lemma_ in vocab.founding_verbs:
        return "Organisation"
    # "born in Durg", "near Sullivan": people are not found in places, places are.
    if root.dep_ == "pobj" and root.head.lower_ in vocab.place_prepositions:
        if cls == "Person" and len(words) <= 3:
            return "Place"
        if cls == "Organisation" and root.head.lower_ != "in" \
                and organisation_class(doc, span, vocab) == "Organisation":
            return "Place"
    # "singer-songwriter Christina Aguilera", "rock band Shturtzite": the noun right before the name.
    if span.start > 0:
        before = doc[span.start - 1]
        if before.text == "," and span.start > 1 and doc[span.start - 2].pos_ == "NOUN" \
                and any(c.dep_ == "det" for c in doc[span.start - 2].children):
            before = doc[span.start - 2]  # "the terrorist organization, Sendero Luminoso"
        if before.is_lower and before.pos_ == "NOUN" and before.sent == span.sent:
            named = vocab.type_nouns.get(before.lemma_.lower())
            if named and named != COARSE_OF.get(cls, cls) and not (named == "Place" and len(words) > 3):
                return named
    if said and said != cls and not (said == "Place" and cls == "Place"):
        return said
    return cls


def _defining_nouns(doc: Doc, span: Span, vocab: Vocabulary) -> list[Token]:
    """The common nouns that say what a name is: its apposition ("X, a town"), the noun of
    "X is a hamlet", the noun it modifies ("the Lazio region")."""
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        nouns.append(root.head)
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ == "be":
        nouns.extend(c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN")
    if root.dep_ == "attr" and root.head.lemma_ == "be":
        # "the first prime minister of Siam was Phraya Manopakorn"
        nouns.extend(c for c in root.head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN")
    if root.dep_ == "compound" and root.head.is_lower and root.head.pos_ == "NOUN" and root.i == span.end - 1 \
            and not (vocab.type_nouns.get(root.head.lemma_.lower()) == "Person"
                     and any(c.dep_ in {"det", "poss"} and c.i < span.start for c in root.head.children)):
        # "the Lazio region", "Thranduil king of Mirkwood"; not "a Chicago court judge", where
        # the name only says where the judge sits
        nouns.append(root.head)
    return nouns


def described_class(doc: Doc, span: Span, vocab: Vocabulary) -> str | None:
    """The coarse class the sentence itself gives the name, if one does."""
    for noun in _defining_nouns(doc, span, vocab):
        said = vocab.type_nouns.get(noun.lemma_.lower())
        if said:
            return said
    return None


def organisation_class(doc: Doc, span: Span, vocab: Vocabulary) -> str:
    """An organisation's fine class: by a keyword of its name ("University", "Inc"), else by the
    noun beside it, else plain "Organisation"."""
    words = span.text.replace(",", " ").split()
    for cls, keywords in vocab.org_keywords.items():
        for keyword in keywords:
            if " " in keyword:
                if keyword in span.text:
                    return cls
            elif keyword in words[1:] or (keyword == words[0] and cls != "Company" and len(words) > 1):
                return cls
    # Context: "the start-up DeepSeek", "DeepSeek, a Chinese start-up", "X is a company".
    root = span.root
    neighbours = [root.head] + [c for c in root.head.children if c.dep_ == "appos"] + \
        [c for c in root.children if c.dep_ == "appos"]
    for token in neighbours:
        if token.i in range(span.start, span.end):
            continue
        cls = vocab.org_nouns.get(token.lower_) or vocab.org_nouns.get(token.lemma_.lower())
        if cls and token.pos_ == "NOUN":
            return cls
    return "Organisation"
