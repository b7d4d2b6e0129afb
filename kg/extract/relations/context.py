"""What one Doc holds for the relation rules: its mentions, which tokens lie inside which, the
noun each mention hangs on (its anchor), and the few questions every construction asks of them."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.extract.mention import Mention
from kg.extract.words import nationality_at
from kg.extract.relations import reference
from kg.extract.relations.reference import SUBJECT_DEPS, set_off
from kg.extract.relations.rules import RuleSet
from kg.extract.relations.words import Words
from kg.records import COARSE_OF


class DocContext:
    """Indexes over one Doc, built once before the rules run."""

    def __init__(self, doc: Doc, words: Words, rules: RuleSet):
        self.doc = doc
        self.words = words
        self.rules = rules
        self.mentions: list[Mention] = doc._.kg_mentions
        self.inside: dict[int, list[int]] = {}
        for index, m in enumerate(self.mentions):
            for i in range(m.start, m.end):
                self.inside.setdefault(i, []).append(index)
        #: Anaphors already resolved (they chain: "The company ... it ... its").
        self.memo: dict[int, int | None] = {}
        self.groups: dict[int, tuple[Token, ...]] = {}
        # Token.sent builds a span each time; one pass over the sentences is cheaper.
        sentence_of = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                sentence_of[i] = sent.start
        self.in_sentence: dict[int, list[int]] = {}
        for index, m in enumerate(self.mentions):
            self.in_sentence.setdefault(sentence_of[m.start], []).append(index)
        self.subject_tokens = [t for t in doc if t.dep_ in SUBJECT_DEPS]
        self.anchor_of: dict[int, list[int]] = {}
        self.anchors: list[Token] = []
        for index, m in enumerate(self.mentions):
            anchor = self.anchor(m)
            self.anchors.append(anchor)
            self.anchor_of.setdefault(anchor.i, []).append(index)

    def emit(self, found: list, rule_id: str, subject: int | str, obj: int | str, modality: str | None = None) -> None:
        """A relation between two mentions (or a mention and "gaz:<id>") by the rule ``rule_id``,
        whose property and confidence the rule's record gives."""
        rule = self.rules[rule_id]
        found.append((subject, rule.property, obj, rule.id, rule.confidence, modality))

    def denotes(self, token: Token, depth: int = 0, conj: bool = True) -> list[int | str]:
        """The mentions a token stands for: its own, an apposition's head, an anaphor's antecedent."""
        return reference.denotes(self, token, depth, conj)

    def anchor(self, m: Mention) -> Token:
        root = self.doc[m.start:m.end].root
        nouns = self.words.class_nouns.get(m.cls) or self.words.class_nouns.get(COARSE_OF[m.cls]) or set()
        while root.dep_ in {"compound", "nmod", "amod"} and root.head.i not in self.inside \
                and root.head.lower_ in nouns and root.head.i != root.i:
            root = root.head
        return root


    def smallest(self, i: int) -> int:
        return min(self.inside[i], key=lambda k: self.mentions[k].end - self.mentions[k].start)


    def group(self, index: int) -> tuple[Token, ...]:
        """Noun tokens that stand for mention ``index``: its anchor, appositives, copula attributes
        (worked out once per mention: every construction asks)."""
        if index not in self.groups:
            self.groups[index] = tuple(self._group(index))
        return self.groups[index]

    def _group(self, index: int) -> list[Token]:
        anchor = self.anchors[index]
        nouns = [anchor]
        for child in anchor.children:
            # (a date in apposition is when, not what: "Mladá Boleslav – 10 November 1991 in Prague")
            if child.dep_ == "appos" and child.i not in self.inside and child.ent_type_ not in {"DATE", "TIME"} \
                    and set_off(child):
                nouns.append(child)
        if anchor.dep_ == "appos" and anchor.head.i not in self.inside and set_off(anchor):
            nouns.append(anchor.head)
            # "Foo Memory Corp (FMC) is a Chinese chipmaker": a bracketed short name shares what the
            # copula says of the name it stands beside.
            if anchor.head.dep_ in SUBJECT_DEPS and anchor.head.head.lemma_ in {"be", "become", "remain"}:
                nouns.extend(c for c in anchor.head.head.children if c.dep_ == "attr" and c.i not in self.inside)
        elif anchor.dep_ == "npadvmod" and anchor.head.i not in self.inside and anchor.head.pos_ == "NOUN" \
                and any(t.is_punct for t in self.doc[min(anchor.i, anchor.head.i):max(anchor.i, anchor.head.i)]):
            nouns.append(anchor.head)  # "Meta's comparable model, Llama 3.1": the parse may call it npadvmod
        if anchor.dep_ in SUBJECT_DEPS and anchor.head.lemma_ in {"be", "become", "remain"}:
            nouns.extend(c for c in anchor.head.children if c.dep_ == "attr" and c.i not in self.inside)
        # "Lisa Su, who is the chief executive of AMD": a relative clause's copula describes its head.
        for rel in anchor.children:
            if rel.dep_ == "relcl" and rel.lemma_ in {"be", "become", "remain"} and \
                    any(c.dep_ in SUBJECT_DEPS and c.lower_ in {"who", "which", "that"} for c in rel.children):
                nouns.extend(c for c in rel.children if c.dep_ == "attr" and c.i not in self.inside)
        # "Tom Black was elected President of Kenya", "she was named chair of the board"
        if anchor.dep_ == "nsubjpass":
            nouns.extend(c for c in anchor.head.children if c.dep_ == "oprd" and c.i not in self.inside
                         and c.pos_ in {"NOUN", "PROPN"})
        # "the Chilean artists Cosme San Martín and Juan Mochi", "Ana and Luis are Peruvian
        # architects": a later conjunct shares the first one's description.
        first = anchor
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first is not anchor:
            if first.dep_ == "appos" and first.head.pos_ == "NOUN" and first.head.i not in self.inside:
                nouns.append(first.head)
            if first.dep_ in SUBJECT_DEPS and first.head.lemma_ == "be":
                nouns.extend(c for c in first.head.children if c.dep_ == "attr" and c.i not in self.inside
                             and c.pos_ == "NOUN")
        # "The dean of the school is Albert Armstrong": the copula read the other way round.
        if anchor.dep_ == "attr" and anchor.head.lemma_ == "be":
            nouns.extend(c for c in anchor.head.children if c.dep_ in SUBJECT_DEPS and c.i not in self.inside
                         and c.pos_ == "NOUN")
        if anchor.dep_ == "compound" and anchor.head.i not in self.inside:
            nouns.append(anchor.head)
        for child in anchor.children:
            if child.dep_ == "compound" and child.i not in self.inside and child.pos_ == "NOUN":
                nouns.append(child)
        # "one of Tanzania's 31 regions", "one of the founders of ...": the noun after "one of".
        for noun in list(nouns[1:]):
            if noun.lower_ == "one":
                nouns.extend(o for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                             for o in prep.children if o.dep_ == "pobj" and o.pos_ == "NOUN" and o.i not in self.inside)
        # "an American filmmaker, and founder of ...": conjoined descriptions too.
        for noun in list(nouns[1:]):
            nouns.extend(c for c in noun.conjuncts if c.i not in self.inside and c.pos_ == "NOUN")
        return nouns


    def nation_of(self, token: Token) -> str | None:
        """The country a nationality word names, read with its neighbour: "North Korean" is North
        Korea, not "Korean"; "Latin American" no nation at all."""
        if token.i > 0:
            gid, width = nationality_at(self.doc, token.i - 1, self.words.demonyms, self.words.lexicon)
            if width == 2:
                return gid
        return nationality_at(self.doc, token.i, self.words.demonyms, self.words.lexicon)[0]


    def after_comma(self, index: int, sent: Span) -> int | None:
        """The mention right after mention ``index`` and a comma: "Malatya, Turkey"."""
        end = self.mentions[index].end
        if end + 1 < sent.end and self.doc[end].text == "," and (end + 1) in self.inside:
            return self.smallest(end + 1)
        return None


    def prep_objects(self, head: Token, preps: set[str]) -> list[int]:
        out = []
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        out.extend(o for o in self.denotes(pobj) if isinstance(o, int))
        return out


    def mention_at(self, span: tuple[int, int]) -> int | None:
        for index, m in enumerate(self.mentions):
            if (m.start, m.end) == tuple(span):
                return index
        return None
