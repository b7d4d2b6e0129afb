"""Relation rules over the dependency parse. Trigger words come from data/rules/relations.json;
the shapes of English they look for (verb arguments, appositions, possessives, compounds,
prepositions, titles) are here, each with a rule id that goes into the evidence."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.mentions import DIRECTIONS, Mention, after_bracket, blended_words, defined_as, nationality_at
from kg.extract.resources import organisation_name_words
from kg.records import COARSE_OF

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
MODALS = {"may", "might", "could", "would", "should", "can"}
PRONOUNS = {"it", "its", "itself"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}


@dataclass(frozen=True)
class Candidate:
    """A relation between two mentions (or a mention and a gazetteer entry, "gaz:<id>")."""

    subject: int | str
    predicate: str
    object: int | str
    rule: str
    confidence: float
    sent_start: int   # character offsets of the sentence in the Doc
    sent_end: int
    modality: str | None = None


#: Words that locate a place within a larger one: "northeastern Spain", "central Poland".
_REGION_WORDS = DIRECTIONS | {"northern", "southern", "eastern", "western", "central", "northeastern",
                              "northwestern", "southeastern", "southwestern", "upper", "lower", "coastal", "rural"}


def set_off(appositive: Token) -> bool:
    """Whether an appositive stands beside its head ("Rebecca Arcesati, an analyst", "the chipmaker
    Nvidia", "(SMIC)") rather than inside a phrase after it: in "the daughter of the politician
    Mondher Ben Ammar" the parse may hang the name on "daughter", but it names the politician."""
    before = appositive.left_edge.i - 1
    head = appositive.head
    return before <= head.i or appositive.doc[before].is_punct or appositive.left_edge.is_punct


def _type_ok(cls: str, allowed) -> bool:
    return cls in allowed or COARSE_OF.get(cls) in allowed


class RelationExtractor:
    def __init__(self, rules: dict, lexicon: dict, demonyms: dict[str, str], place_names: dict[str, str] | None = None,
                 country_names=None, place_countries: dict[str, str] | None = None):
        self.place_names = place_names or {}
        #: Place name -> the country its best-known bearer lies in; used only to weigh what a sentence
        #: suggests (a veto, or the agreement a weaker reading needs), never as a fact of its own.
        self.place_countries = place_countries or {}
        self.country_names = set(country_names or ())
        self.place_org_heads = set(lexicon.get("place_named_org_heads", []))
        #: "Recording Industry Association of Japan", "Bank of China": an organisation "of" a place.
        self.of_place_heads = self.place_org_heads | organisation_name_words(lexicon)
        self.verb_rules = rules.get("verb_rules", [])
        self.prep_rules = rules.get("preposition_rules", [])
        self.by_lemma: dict[str, list[dict]] = {}
        for rule in self.verb_rules:
            for lemma in rule["lemmas"]:
                self.by_lemma.setdefault(lemma, []).append(rule)
        self.issue_lemmas = {lemma for rule in self.verb_rules if rule["property"] == "issuedBy"
                             and rule.get("voice", "active") == "active" for lemma in rule["lemmas"]}
        self.competition = set(lexicon.get("competition_words", []))
        self.based_words = set(lexicon.get("based_words", []))
        self.use_nouns = set(lexicon.get("use_nouns", []))
        self.blockers = set(lexicon.get("modal_blockers", []))
        self.negations = set(lexicon.get("negations", []))
        self.date_verbs = {lemma: kind for kind, lemmas in lexicon.get("policy_date_verbs", {}).items()
                           for lemma in lemmas}
        self.demonyms = demonyms
        self.titles = set(lexicon["person_titles"])
        roles = lexicon["role_nouns"]
        self.founder_nouns = set(roles["founder"])
        self.role_nouns = set(roles["affiliation"])
        self.state_roles = set(lexicon.get("state_roles", []))
        self.class_nouns = {cls: set(words) for cls, words in lexicon["class_nouns"].items()}
        parts = lexicon.get("part_nouns", {})
        self.child_nouns = set(parts.get("child", []))
        self.parent_nouns = set(parts.get("parent", []))
        self.org_nouns = set(lexicon.get("org_type_nouns", {}).get("Company", [])) | \
            set(lexicon.get("type_nouns", {}).get("Organisation", []))
        self.person_nouns = set(lexicon.get("type_nouns", {}).get("Person", [])) | self.role_nouns | \
            {"songwriter", "artist", "actress", "king", "queen"}
        self.plural_anaphors = {"companies", "firms", "startups", "start-ups", "groups", "organisations",
                                "organizations", "chipmakers", "makers", "businesses"}
        self.part_nouns = {"part", "area", "outskirts", "suburbs", "centre", "center", "north", "south", "east",
                           "west", "heart", "edge", "interior", "coast", "corner"}
        self.place_nouns = set(lexicon.get("type_nouns", {}).get("Place", [])) - {"country", "state"}
        #: Kinds of place a country may name: "the U.S. state of Oregon".
        self.kind_nouns = self.place_nouns | {"state"}
        #: Nouns that may stand between two places of a chain: "the district of", "the far part of".
        self.chain_nouns = self.kind_nouns | self.part_nouns
        self.anaphors = {word: cls for cls, words in lexicon["anaphors"].items() for word in words}

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- indexes over one Doc -------------------------------------------------------
    def _prepare(self, doc: Doc) -> None:
        self.doc = doc
        self.mentions: list[Mention] = doc._.kg_mentions
        self.inside: dict[int, list[int]] = {}
        for index, m in enumerate(self.mentions):
            for i in range(m.start, m.end):
                self.inside.setdefault(i, []).append(index)
        self._memo: dict[int, int | None] = {}
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
            anchor = self._anchor(m)
            self.anchors.append(anchor)
            self.anchor_of.setdefault(anchor.i, []).append(index)

    def _anchor(self, m: Mention) -> Token:
        root = self.doc[m.start:m.end].root
        nouns = self.class_nouns.get(m.cls) or self.class_nouns.get(COARSE_OF[m.cls]) or set()
        while root.dep_ in {"compound", "nmod", "amod"} and root.head.i not in self.inside \
                and root.head.lower_ in nouns and root.head.i != root.i:
            root = root.head
        return root

    def _smallest(self, i: int) -> int:
        return min(self.inside[i], key=lambda k: self.mentions[k].end - self.mentions[k].start)

    # -- what a token stands for ------------------------------------------------------
    def denotes(self, token: Token, depth: int = 0, conj: bool = True) -> list[int | str]:
        found: list[int | str] = []
        if token.i in self.anchor_of:
            found.extend(self.anchor_of[token.i])
        elif token.i in self.inside:
            found.append(self._smallest(token.i))
        elif token.lower_ in PERSON_PRONOUNS and token.pos_ == "PRON":
            ref = self.resolve_person(token)
            if ref is not None:
                found.append(ref)
        elif token.lower_ == "both" or (token.tag_ == "NNS" and token.lower_ in self.plural_anaphors
                                        and any(c.lower_ in {"both", "the", "these", "two"} for c in token.children)):
            # "both of the companies", "the two firms": the last two organisations named.
            found.extend(self.last_organisations(token, 2))
        elif token.dep_ == "appos" and token.pos_ == "NOUN" and depth < 2 and token.head.i != token.i \
                and set_off(token):
            # "SMIC, the Shanghai-based foundry": an apposition names its head, never an antecedent.
            found.extend(self.denotes(token.head, depth + 1, conj=False))
        elif token.lower_ in PRONOUNS or (token.lower_ in self.anaphors and
                                           any(c.lower_ in {"the", "this", "these", "those", "such"}
                                               for c in token.children) and
                                           # "the Mexican pop group RBD" names its group
                                           not any(c.dep_ == "appos" and c.i in self.inside and set_off(c)
                                                   for c in token.children)):
            ref = self.resolve_anaphor(token)
            if ref is not None:
                found.append(ref)
        elif depth < 2 and token.pos_ in {"NOUN", "PROPN"}:
            # "DeepSeek, a Chinese start-up": the appositive noun stands for the name.
            if token.dep_ == "appos" and set_off(token):
                found.extend(self.denotes(token.head, depth + 1, conj=False))
            for child in token.children:
                if child.dep_ == "appos" and set_off(child):
                    found.extend(self.denotes(child, depth + 1, conj=False))
                if child.dep_ == "prep" and child.lower_ == "as" and any(c.lower_ == "such" for c in child.children):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found.extend(self.denotes(pobj, depth + 1))
            # "the city of Angleton", "the municipality of Sebnitz": the noun names the place.
            # "the Lazio region", "the far northeastern part of the Province of Rieti" likewise.
            if token.lemma_.lower() in self.place_nouns | self.part_nouns:
                for prep in token.children:
                    if prep.dep_ == "prep" and prep.lower_ == "of":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                found.extend(r for r in self.denotes(pobj, depth + 1, conj=False)
                                             if isinstance(r, int) and COARSE_OF[self.mentions[r].cls] == "Place")
                if token.lemma_.lower() in self.place_nouns:
                    for child in token.children:
                        if child.dep_ in {"compound", "nmod"} and child.i in self.inside:
                            found.extend(r for r in self.denotes(child, depth + 1, conj=False)
                                         if isinstance(r, int) and COARSE_OF[self.mentions[r].cls] == "Place")
            if token.dep_ == "attr" and token.head.lemma_ == "be":
                for subj in token.head.children:
                    if subj.dep_ in SUBJECT_DEPS:
                        found.extend(self.denotes(subj, depth + 1, conj=False))
        if conj and depth < 3:
            for other in token.conjuncts:
                if other.i > token.i:
                    found.extend(self.denotes(other, depth + 1, conj=False))
        seen, out = set(), []
        for item in found:
            if item not in seen:
                seen.add(item)
                out.append(item)
        return out

    def resolve_anaphor(self, token: Token) -> int | None:
        """The nearest earlier mention of a compatible type: an organisation for "the company" or "its"."""
        wanted = self.anaphors.get(token.lower_, "Organisation")
        allowed = {"Organisation"} if wanted in {"Organisation", "GovernmentBody"} else {wanted}
        # Within the sentence, "its" first means the clause's own subject, then the nearest
        # organisation named earlier in the sentence ("bar Nvidia from selling its H20").
        if token.lower_ in {"its", "itself"}:
            verb = token
            while verb.dep_ not in {"ROOT"} and verb.pos_ not in {"VERB", "AUX"}:
                verb = verb.head
            for child in verb.children:
                if child.dep_ in SUBJECT_DEPS and child.i < token.i:
                    for ref in self.denotes(child, 2, conj=False):
                        if isinstance(ref, int) and _type_ok(self.mentions[ref].cls, allowed):
                            return ref
            nearest = [i for i in self.in_sentence.get(token.sent.start, ()) for m in [self.mentions[i]] if m.end <= token.i
                       and _type_ok(m.cls, allowed) and m.cls != "Policy"]
            if nearest:
                return nearest[-1]
        if wanted == "Policy":
            return self._antecedent(token, lambda cls: cls == "Policy", subjects_first=False)
        # "Qwen 2.5, a model ... the model": the entity once described with the same noun.
        described = [i for i, m in enumerate(self.mentions) if m.end <= token.i and _type_ok(m.cls, allowed | {wanted})
                     and any(n.lemma_ == token.lemma_ for n in self.group(i)[1:])]
        if described:
            return described[-1]
        return self._antecedent(token, lambda cls: _type_ok(cls, allowed) and cls != "Policy")

    def last_organisations(self, token: Token, count: int) -> list[int]:
        if token.lower_ == "both":
            nouns = [p for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for p in prep.children if p.dep_ == "pobj"]
            if nouns and nouns[0].lower_ not in self.plural_anaphors:
                return []
        out, seen = [], set()
        for index in range(len(self.mentions) - 1, -1, -1):
            m = self.mentions[index]
            if m.end > token.i or COARSE_OF[m.cls] != "Organisation":
                continue
            key = m.gazetteer_id or m.text
            if key not in seen:
                seen.add(key)
                out.append(index)
            if len(out) == count:
                break
        return out if len(out) == count else []

    def resolve_person(self, token: Token) -> int | None:
        """"he", "his": the last person who was a grammatical subject, else the last person named."""
        return self._antecedent(token, lambda cls: cls == "Person")

    def _antecedent(self, token: Token, accept, subjects_first: bool = True) -> int | None:
        """The most recent grammatical subject whose class ``accept``s, else the nearest earlier
        mention that does; memoised, since anaphors chain ("The company ... it ... its")."""
        if token.i in self._memo:
            return self._memo[token.i]
        self._memo[token.i] = None
        best = None
        for subject in reversed(self.subject_tokens if subjects_first else []):
            if subject.i >= token.i:
                continue
            if token.sent.start - subject.i > 400:
                break
            refs = [r for r in self.denotes(subject, 2, conj=False)
                    if isinstance(r, int) and accept(self.mentions[r].cls)]
            if refs:
                best = refs[0]
                break
        if best is None:
            for index, m in enumerate(self.mentions):
                if m.end > token.i:
                    break
                if accept(m.cls):
                    best = index
        self._memo[token.i] = best
        return best

    # -- finding ---------------------------------------------------------------------
    def match(self, doc: Doc) -> list[Candidate]:
        self._prepare(doc)
        skip = getattr(doc._, "kg_no_relations", None) or []
        out: list[Candidate] = []
        for sent in doc.sents:
            if any(start <= sent.start_char < end for start, end in skip):
                continue
            found: list[tuple] = []
            for token in sent:
                self.pronoun_roles(token, found)
                self.verb_relations(token, found)
                self.competition_relations(token, found)
                self.based_relations(token, found)
            for index in self.in_sentence.get(sent.start, ()):
                self.mention_relations(index, self.mentions[index], sent, found)
            self.located_relations(sent, found)
            self.adjacent_issuer_relations(sent, found)
            for s, p, o, rule, conf, modality in found:
                if s == o:
                    continue
                out.append(Candidate(s, p, o, rule, conf, sent.start_char, sent.end_char, modality))
        return out

    def set_annotations(self, doc: Doc, candidates: list[Candidate]) -> None:
        doc._.kg_relations = candidates
        doc._.kg_policy_dates = self.policy_dates(doc)

    def policy_dates(self, doc: Doc) -> list[tuple[int, str, str]]:
        """Dates stated for a policy: "announced on 7 October 2022", "takes effect on 1 March".
        Returns (policy mention index, "announced" or "effective", the date as written)."""
        out = []
        dates = [e for e in doc.ents if e.label_ == "DATE"]
        for index, m in enumerate(self.mentions):
            if m.cls != "Policy":
                continue
            anchor = self.anchors[index]
            verb = anchor.head
            while verb.pos_ not in {"VERB", "AUX"} and verb.dep_ != "ROOT" and verb.head.i != verb.i:
                verb = verb.head
            verbs = [verb] + [c for c in verb.children if c.pos_ in {"VERB", "NOUN", "ADJ"}]
            kinds = [self.date_verbs.get(v.lemma_.lower()) for v in verbs]
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
                    if date.text.lower() in {"today", "yesterday", "last year", "this year"}:
                        continue
                    out.append((index, kind, date.text))
        return out

    # verbs ----------------------------------------------------------------------------
    def verb_relations(self, verb: Token, found: list) -> None:
        lemma = verb.lemma_.lower()
        objects_override = None
        if lemma == "make":
            for child in verb.children:
                if child.dep_ == "dobj" and child.lemma_ in self.use_nouns:
                    lemma = "use"
                    objects_override = [p for prep in child.children if prep.dep_ == "prep" and prep.lower_ == "of"
                                        for p in prep.children if p.dep_ == "pobj"]
        rules = self.by_lemma.get(lemma) or self.by_lemma.get(verb.lower_)
        if not rules or verb.pos_ not in {"VERB", "AUX", "ADJ"}:
            return
        passive = self.is_passive(verb)
        slots = {
            "subject": self.subjects(verb),
            "agent": [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"],
        }
        modality = self.modality(verb)
        for rule in rules:
            voice = rule.get("voice", "active")
            if voice != "any" and (voice == "passive") != passive:
                continue
            objects = objects_override if objects_override is not None else self.objects(verb, rule)
            slots["object"] = objects
            slots["prep_object"] = [p for prep in verb.children if prep.dep_ == "prep"
                                    and prep.lower_ == rule.get("object_prep", "to")
                                    for p in prep.children if p.dep_ == "pobj"]
            if rule.get("object_prep"):
                slots["object"] = [o for o in objects if o.dep_ != "pobj" or o.head.lower_ != rule["object_prep"]]
            slots["agent_or_object"] = slots["agent"] + objects
            for s_tok in slots.get(rule["subject"], []):
                for o_tok in slots.get(rule["object"], []):
                    self._emit(rule, s_tok, o_tok, modality, found, possessor=rule.get("possessor", False))

    def _emit(self, rule, s_tok, o_tok, modality, found, possessor=False):
        subjects = self.denotes(s_tok)
        objects = self.denotes(o_tok)
        if not objects:
            # "bought thousands of H20 chips", "limit China's access": the noun's complement.
            if possessor:
                objects = [m for c in o_tok.children if c.dep_ == "poss" for m in self.denotes(c)]
            objects += [m for prep in o_tok.children if prep.dep_ == "prep" and prep.lower_ == "of"
                        for c in prep.children if c.dep_ == "pobj" for m in self.denotes(c)]
        for s in subjects:
            for o in objects:
                if not isinstance(s, int) or not isinstance(o, int):
                    continue
                s_cls, o_cls = self.mentions[s].cls, self.mentions[o].cls
                if not _type_ok(s_cls, rule["s_types"]) or not _type_ok(o_cls, rule["o_types"]):
                    continue
                if rule.get("same_type") and COARSE_OF[s_cls] != COARSE_OF[o_cls]:
                    continue
                found.append((s, rule["property"], o, rule["id"], rule.get("confidence", 0.7), modality))

    def is_passive(self, verb: Token) -> bool:
        if any(c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in verb.children):
            return True
        return verb.tag_ == "VBN" and verb.dep_ in {"acl", "advcl", "amod", "relcl"} and \
            not any(c.dep_ == "aux" for c in verb.children)

    def subjects(self, verb: Token, depth: int = 0) -> list[Token]:
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if verb.dep_ == "relcl":
            # "Richard Chang, ..., who had worked at ...": the relative pronoun stands for the head;
            # "who" is a person even when the parser hung the clause on a company's name.
            subjects = [self._relative_head(verb, c) if c.tag_ in {"WP", "WDT"} or c.lower_ == "that" else c
                        for c in subjects]
        if subjects or depth > 3:
            return subjects
        if verb.dep_ in {"acl", "relcl", "amod"}:
            return [verb.head]
        if verb.dep_ == "ROOT":
            # A parse that lost the subject: "X is owned by Y" with X attached elsewhere.
            aux = [c for c in verb.children if c.dep_ in {"aux", "auxpass"} and c.i < verb.i]
            if aux and aux[0].i > verb.sent.start:
                before = self.doc[aux[0].i - 1]
                if before.pos_ in {"PROPN", "NOUN"}:
                    return [before]
            return []
        if verb.dep_ in {"xcomp", "advcl", "conj", "ccomp", "pcomp", "prep"} and verb.head.i != verb.i:
            head = verb.head
            found = self.subjects(head, depth + 1)
            if verb.dep_ in {"xcomp", "advcl"}:
                # "imposed controls to slow China": the purpose belongs to the object too.
                found = found + [c for c in head.children if c.dep_ == "dobj"]
            return found
        return []

    def _relative_head(self, verb: Token, pronoun: Token) -> Token:
        head = verb.head
        if pronoun.lower_ not in {"who", "whom"}:
            return head
        refs = [r for r in self.denotes(head, 2, conj=False) if isinstance(r, int)]
        if any(self.mentions[r].cls == "Person" for r in refs):
            return head
        people = [m for m in self.mentions if m.cls == "Person" and verb.sent.start <= m.start and m.end <= pronoun.i]
        return self.anchors[self.mentions.index(people[-1])] if people else head

    def objects(self, verb: Token, rule: dict) -> list[Token]:
        preps = set(rule.get("preps", []))
        out = []
        for child in verb.children:
            if child.dep_ in {"dobj", "dative", "attr", "oprd"} and child.pos_ != "ADP":
                out.append(child)
            elif child.dep_ == "prep" and child.lower_ == "as" and rule["property"] == "affiliatedWith":
                # "serves as the CEO of X", "works as an analyst at X"
                for role in child.children:
                    if role.dep_ == "pobj" and role.lemma_.lower() in self.role_nouns | self.founder_nouns:
                        for prep in role.children:
                            if prep.dep_ == "prep" and prep.lower_ in {"of", "at", "for", "with"}:
                                out.extend(p for p in prep.children if p.dep_ == "pobj")
            elif child.dep_ in {"prep", "dative"} and (child.lower_ in preps or child.lower_ == rule.get("object_prep")):
                out.extend(p for p in child.children if p.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ == "from" and rule["property"] == "restricts":
                for clause in child.children:
                    if clause.dep_ == "pcomp":
                        out.extend(o for o in clause.children if o.dep_ == "dobj")
            elif child.dep_ == "prt" and preps:
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        out.append(grand)
        return out

    def modality(self, verb: Token) -> str | None:
        token, steps = verb, 0
        while steps < 6:
            for child in token.children:
                if child.dep_ == "neg" or (child.lower_ in self.negations and child.dep_ in {"neg", "advmod", "det"}):
                    return "negated"
                if child.dep_ == "aux" and child.lower_ in MODALS:
                    return "hypothetical"
                if child.dep_ == "mark" and child.lower_ in {"if", "whether", "unless"}:
                    return "hypothetical"
            if token is not verb and token.lemma_.lower() in self.blockers:
                return "proposed"
            if token.dep_ in {"xcomp", "ccomp", "advcl", "conj"} and token.head.i != token.i:
                token = token.head
                steps += 1
                continue
            break
        return None

    def phrase_modality(self, token: Token) -> str | None:
        """A noun phrase is only as real as the clause it sits in: "lawmakers urged export controls
        on the H20" proposes them, "the US may impose controls" is hypothetical."""
        verb = token
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ not in {"VERB", "AUX"}:
            return None
        if verb.lemma_.lower() in self.blockers:
            return "proposed"
        return self.modality(verb)

    # nouns around a mention --------------------------------------------------------------
    def group(self, index: int) -> list[Token]:
        """Noun tokens that stand for mention ``index``: its anchor, appositives, copula attributes."""
        anchor = self.anchors[index]
        nouns = [anchor]
        for child in anchor.children:
            # (a date in apposition is when, not what: "Mladá Boleslav – 10 November 1991 in Prague")
            if child.dep_ == "appos" and child.i not in self.inside and child.ent_type_ not in {"DATE", "TIME"} \
                    and set_off(child):
                nouns.append(child)
        if anchor.dep_ == "appos" and anchor.head.i not in self.inside and set_off(anchor):
            nouns.append(anchor.head)
        elif anchor.dep_ == "npadvmod" and anchor.head.i not in self.inside and anchor.head.pos_ == "NOUN" \
                and any(t.is_punct for t in self.doc[min(anchor.i, anchor.head.i):max(anchor.i, anchor.head.i)]):
            nouns.append(anchor.head)  # "Meta's comparable model, Llama 3.1": the parse may call it npadvmod
        if anchor.dep_ in SUBJECT_DEPS and anchor.head.lemma_ in {"be", "become", "remain"}:
            nouns.extend(c for c in anchor.head.children if c.dep_ == "attr" and c.i not in self.inside)
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

    def mention_relations(self, index: int, m: Mention, sent: Span, found: list) -> None:
        coarse = COARSE_OF[m.cls]
        anchor = self.anchors[index]
        # A policy's issuer inside its own phrase: "US export controls".
        if m.cls == "Policy" and m.issuer is not None:
            issuer = self._mention_at(m.issuer)
            if issuer is not None:
                found.append((index, "issuedBy", issuer, "policy_issuer_modifier", 0.85, None))
        self.possessive_relations(index, m, found)
        self.modifier_relations(index, m, found)
        if coarse == "Person":
            self.role_relations(index, m, sent, found)
            self.descriptor_relations(index, m, found)
            self.origin_relations(index, m, sent, found)
        if coarse in {"Person", "Organisation"}:
            self.defined_nationality(index, m, sent, found)
            self.origin_places(index, m, sent, found)
        # "the Canadian province of Alberta": a place noun with a nationality, naming a place.
        if coarse == "Place" and anchor.dep_ == "pobj" and anchor.head.lower_ == "of":
            noun = anchor.head.head
            if noun.pos_ == "NOUN" and noun.i not in self.inside:
                for child in noun.lefts:
                    nation = self.nation_of(child)
                    if nation and m.cls != "Country":
                        found.append((index, "locatedIn", "gaz:" + nation, "demonym_place_of", 0.75, None))
        if coarse == "Place" and m.cls != "Country":
            self.place_name_relations(index, m, found)
        if coarse == "Organisation":
            self.name_relations(index, m, found)
            self.descriptor_relations(index, m, found)
            # "X, a subsidiary of Y", "X is the business school of Y", "Y, the parent of X".
            for noun in self.group(index)[1:]:
                lemma = noun.lemma_.lower()
                if lemma not in self.child_nouns and lemma not in self.parent_nouns:
                    continue
                for other in self._prep_objects(noun, {"of"}):
                    if COARSE_OF[self.mentions[other].cls] == "Organisation":
                        if lemma in self.child_nouns:
                            found.append((index, "ownedBy", other, "part_of_noun", 0.7, None))
                        else:
                            found.append((other, "ownedBy", index, "parent_of_noun", 0.7, None))
        # Prepositions from the table: "export controls on H20 chips", "Zhangjiang Hi-Tech Park in Shanghai".
        for rule in self.prep_rules:
            if not _type_ok(m.cls, rule["head_types"]):
                continue
            heads = self.group(index) if coarse in {"Place", "Organisation"} else [anchor]
            # "southwest of Minneapolis", "north of Rügen": a direction from a place is outside it.
            heads = [h for h in heads if h.lower_ not in DIRECTIONS]
            if coarse == "Policy" and anchor.dep_ == "dobj":
                heads.append(anchor.head)  # "impose export controls on the H20": the verb carries "on".
            others = [o for head in heads for o in self._prep_objects(head, set(rule["preps"]))]
            if coarse == "Policy":
                others += self._trade_objects(heads, set(rule["preps"]))
            modality = self.phrase_modality(anchor) if coarse == "Policy" else None
            for other in others:
                if _type_ok(self.mentions[other].cls, rule["object_types"]):
                    if rule["property"] == "locatedIn" and self.mentions[index].cls == "Country":
                        continue
                    found.append((index, rule["property"], other, rule["id"], rule["confidence"], modality))

    def possessive_relations(self, index: int, m: Mention, found: list) -> None:
        """What a possessive says about the thing possessed."""
        coarse = COARSE_OF[m.cls]
        anchor = self.anchors[index]
        # Possessives: "Nvidia's H800", "China's DeepSeek", "Commerce's Bureau of ...", also over
        # an apposition ("Meta's comparable model, Llama 3.1") or a conjunct ("OpenAI's GPT-4 and o1").
        possessors = [c for noun in self.group(index) for c in noun.children if c.dep_ == "poss"]
        if anchor.dep_ == "conj":
            possessors += [c for c in anchor.head.children if c.dep_ == "poss"]
        owners = [o for c in possessors for o in self.denotes(c, conj=False)]
        # When the parse lost it, the words still say it: "Commerce's Bureau of Industry and Security".
        if m.start >= 2 and self.doc[m.start - 1].text in {"'s", "’s"} and (m.start - 2) in self.inside:
            owners.append(self._smallest(m.start - 2))
        for owner in dict.fromkeys(owners):
            if not isinstance(owner, int) or owner == index:
                continue
            o_cls = self.mentions[owner].cls
            o_coarse = COARSE_OF[o_cls]
            if o_coarse == "Organisation" and coarse in {"AIModel", "Chip"}:
                found.append((owner, "develops", index, "possessive_product", 0.75, None))
            elif o_cls == "Country" and coarse in {"Organisation", "Person"}:
                found.append((index, "country", owner, "possessive_country" if coarse == "Organisation" else "possessive_nationality", 0.75 if coarse == "Organisation" else 0.7, None))
            elif o_coarse == "Place" and coarse == "Place" and m.cls != "Country":
                # "Tokyo's Shinjuku district", "Morogoro Region is one of Tanzania's 31 regions",
                # "Gujranwala, Pakistan's third largest city": a place possessed by a place.
                found.append((index, "locatedIn", owner, "possessive_place", 0.7, None))
            elif o_coarse in {"Organisation", "Place"} and coarse == "Policy":
                found.append((index, "issuedBy", owner, "possessive_issuer", 0.8, None))
            elif o_coarse == "Organisation" and coarse == "Organisation":
                found.append((index, "ownedBy", owner, "possessive_parent", 0.6, None))
            elif o_coarse == "Organisation" and coarse == "Person":
                found.append((index, "affiliatedWith", owner, "possessive_employer", 0.65, None))
            elif o_coarse == "Person" and coarse == "Organisation" and \
                    any(self._member_group(noun) for noun in self.group(index)[1:]):
                # "his party, the Labour Party"
                found.append((owner, "affiliatedWith", index, "possessive_member", 0.7, None))
        if coarse == "Organisation":
            self.member_group_before(index, m, found)

    def member_group_before(self, index: int, m: Mention, found: list) -> None:
        """"toured with her band, the Miami Sound Machine": a group noun with a person's possessive
        right before the name, whatever the parse made of the comma."""
        doc = self.doc
        j = m.start - 1
        if j >= 0 and doc[j].lower_ == "the":
            j -= 1
        if j < 1 or doc[j].text != "," or not self._member_group(doc[j - 1]):
            return
        noun = doc[j - 1]
        if any(c.dep_ == "appos" for c in noun.children):
            return  # the parse saw the apposition; the possessive above has read it
        for poss in noun.children:
            if poss.dep_ == "poss":
                for owner in self.denotes(poss, conj=False):
                    if isinstance(owner, int) and self.mentions[owner].cls == "Person":
                        found.append((owner, "affiliatedWith", index, "possessive_member", 0.7, None))

    #: Words that make "his ... party" one he does not belong to: "his rival party".
    NOT_MEMBERS = {"rival", "opposing", "enemy", "competing"}
    #: Groups whose possessor belongs to them: "her band", "his party".
    MEMBER_GROUPS = {"band", "group", "party", "team", "club", "ensemble", "orchestra", "choir", "trio", "duo",
                     "quartet", "quintet", "crew", "squad"}

    def _member_group(self, noun: Token) -> bool:
        """"her band", "his party", not "his rival party"."""
        return noun.lemma_.lower() in self.MEMBER_GROUPS and not any(c.lower_ in self.NOT_MEMBERS for c in noun.children)

    def nation_of(self, token: Token) -> str | None:
        """The country a nationality word names, read with its neighbour: "North Korean" is North
        Korea, not "Korean"; "Latin American" no nation at all."""
        if token.i > 0:
            gid, width = nationality_at(self.doc, token.i - 1, self.demonyms)
            if width == 2:
                return gid
        return nationality_at(self.doc, token.i, self.demonyms)[0]

    def modifier_relations(self, index: int, m: Mention, found: list) -> None:
        """What the words in front of a name, or of its appositive noun, say."""
        coarse = COARSE_OF[m.cls]
        anchor = self.anchors[index]
        # Modifiers: "Nvidia H800 chips", "the US firm", "Chinese AI startup DeepSeek".
        for noun in self.group(index):
            mods = [c for c in noun.lefts if c.dep_ in {"compound", "nmod", "amod", "npadvmod", "poss"}]
            mods += [g for c in mods for g in c.lefts if g.dep_ in {"compound", "amod", "npadvmod", "nmod"}]
            for child in mods:
                if child.i in self.inside and index in self.inside[child.i]:
                    continue
                nation = self.nation_of(child)
                if nation and coarse in {"Organisation", "Person"}:
                    found.append((index, "country", "gaz:" + nation, "nationality_adjective", 0.8, None))
                    continue
                if nation and coarse == "Place" and m.cls != "Country" and noun is not anchor:
                    # "Boltenhagen is a German seaside resort", "Kestrel, a Norwegian village"
                    found.append((index, "locatedIn", "gaz:" + nation, "place_nationality", 0.75, None))
                    continue
                if child.text in self.demonyms:
                    continue
                if child.i not in self.inside or child.dep_ == "poss":
                    continue
                for other in self.denotes(child, conj=False):
                    if not isinstance(other, int) or other == index:
                        continue
                    o_cls = self.mentions[other].cls
                    if o_cls == "Country" and coarse == "Organisation":
                        found.append((index, "country", other, "country_modifier", 0.7, None))
                    elif o_cls == "Country" and coarse == "Person" and noun is not anchor \
                            and noun.lemma_.lower() in self.person_nouns | self.state_roles \
                            and noun.lemma_.lower() not in self.SUBJECT_EXPERTS:
                        # "Mary Jones is a U.S. senator" (a "China analyst" studies China)
                        found.append((index, "country", other, "country_modifier", 0.7, None))
                    elif COARSE_OF[o_cls] == "Organisation" and coarse == "Chip" and noun is anchor:
                        found.append((other, "develops", index, "maker_modifier", 0.7, None))
                    elif COARSE_OF[o_cls] == "Organisation" and coarse == "Person" and noun is not anchor \
                            and noun.lemma_.lower() in self.role_nouns | self.founder_nouns:
                        if noun.lemma_.lower() in self.founder_nouns:
                            found.append((other, "foundedBy", index, "founder_compound", 0.75, None))
                        else:
                            found.append((index, "affiliatedWith", other, "role_compound", 0.75, None))

    #: People named after what they study or cover, not where they are from: "a China analyst".
    SUBJECT_EXPERTS = {"analyst", "expert", "specialist", "scholar", "watcher", "correspondent", "hawk", "envoy",
                       "researcher", "historian", "observer", "reporter", "editor", "desk"}

    def role_relations(self, index: int, m: Mention, sent: Span, found: list) -> None:
        """A person's roles: appositions, copulas, prepositions and titles."""
        anchor = self.anchors[index]
        # Roles in apposition or after a copula: "Rebecca Arcesati, an analyst at MERICS".
        for noun in self.group(index)[1:]:
            self.noun_role(index, noun, found)
        self.role_before_name(index, m, sent, found)
        # "Professor Jeffrey Ding from George Washington University", "X (D-IL) of the Committee".
        heads = [anchor] + [c for c in anchor.conjuncts]
        for head in heads:
            for org in self._prep_objects(head, {"from", "at", "of", "with"}):
                if COARSE_OF[self.mentions[org].cls] == "Organisation":
                    found.append((index, "affiliatedWith", org, "person_prep_org", 0.75, None))
        self.title_relations(index, m, sent, found)

    def noun_role(self, index: int, noun: Token, found: list, rule: str = "appositive_role") -> None:
        """What a role noun said of person ``index`` gives: "an analyst at MERICS", "the Premier of
        China", "Australia's Minister for Trade", "one of the founders of Zhipu"."""
        lemma = noun.lemma_.lower()
        if lemma not in self.role_nouns | self.founder_nouns | self.state_roles:
            return
        owners = [o for c in noun.children if c.dep_ in {"poss", "compound"}
                  for o in self.denotes(c, conj=False) if isinstance(o, int)]
        for org in self._prep_objects(noun, {"at", "of", "for", "with", "from", "in"}) + owners:
            if self.mentions[org].cls == "Country" and lemma in self.state_roles:
                found.append((index, "country", org, "state_role", 0.75, None))
            if COARSE_OF[self.mentions[org].cls] != "Organisation":
                continue
            if lemma in self.founder_nouns:
                found.append((org, "foundedBy", index, "appositive_founder", 0.8, None))
            else:
                found.append((index, "affiliatedWith", org, rule, 0.8 if rule == "appositive_role" else 0.7, None))

    def pronoun_roles(self, token: Token, found: list) -> None:
        """"Currently he is the chairman of Power Corporation": a role said of "he" or "she" after
        a copula is the role of the person the pronoun stands for."""
        if token.lower_ not in {"he", "she"} or token.dep_ != "nsubj" or \
                token.head.lemma_ not in {"be", "become", "remain"}:
            return
        person = self.resolve_person(token)
        if person is None:
            return
        for attr in token.head.children:
            if attr.dep_ == "attr" and attr.i not in self.inside:
                for noun in [attr, *attr.conjuncts]:
                    self.noun_role(person, noun, found, "pronoun_role")

    def role_before_name(self, index: int, m: Mention, sent: Span, found: list) -> None:
        """"the first prime minister of independent Ghana, Kwame Nkrumah", "the chief executive of
        Nvidia, Jensen Huang": a role of a country or an organisation, a comma, the person who
        holds it (read off the words; the parse often takes the name for a second object of "of")."""
        doc = self.doc
        j = m.start - 1
        if j - 3 < sent.start or doc[j].text != "," or (j - 1) not in self.inside:
            return
        holder = self._smallest(j - 1)
        hm = self.mentions[holder]
        k = hm.start - 1
        while k > sent.start and doc[k].pos_ == "ADJ" and doc[k].is_lower:
            k -= 1  # "of independent Ghana"
        if doc[k].lower_ != "of" or k - 1 < sent.start:
            return
        noun = doc[k - 1]
        lemma = noun.lemma_.lower()
        two = f"{doc[k - 2].lower_} {lemma}" if k - 2 >= sent.start else ""
        if hm.cls == "Country" and (lemma in self.state_roles or two in self.state_roles):
            found.append((index, "country", holder, "state_role_before_name", 0.7, None))
        elif COARSE_OF[hm.cls] == "Organisation" and (lemma in self.role_nouns or two in self.role_nouns) \
                and noun.is_lower:
            found.append((index, "affiliatedWith", holder, "role_of_before_name", 0.7, None))

    def origin_relations(self, index: int, m: Mention, sent: Span, found: list) -> None:
        """"Ahmet Kaya was a folk singer from Malatya, Turkey": the country a person, described by
        a noun, is from."""
        for noun in self.group(index)[1:]:
            if noun.lemma_.lower() not in self.person_nouns:
                continue
            for chain in self._from_chains([noun], sent):
                country = next((p for p in chain[:2] if self.mentions[p].cls == "Country"), None)
                if country is not None:
                    found.append((index, "country", country, "person_from_country", 0.7, None))

    def origin_places(self, index: int, m: Mention, sent: Span, found: list) -> None:
        """"a Norwegian football club from Fyllingsdalen, Bergen", "a Canadian singer from
        Winnipeg, Manitoba": a thing of a country that comes from a place puts the place in that
        country, unless the place is known to lie in another ("an American actor from Paris")."""
        for noun in self.group(index)[1:]:
            heads = [noun] + [c for c in noun.conjuncts if c.pos_ == "NOUN"]
            country = next((self.nation_of(c) for h in heads for c in h.lefts if self.nation_of(c)
                            and c.dep_ in {"amod", "compound", "nmod"}), None)
            if country is None:
                continue
            for chain in self._from_chains(heads, sent):
                for place in chain:
                    pm = self.mentions[place]
                    if pm.cls == "Country":
                        break
                    if self.place_countries.get(pm.text, country) == country:
                        found.append((place, "locatedIn", "gaz:" + country, "demonym_origin_place", 0.6, None))

    def _from_chains(self, heads: list[Token], sent: Span) -> list[list[int]]:
        """The places after "from" on the nouns, each with the places that follow it after
        commas: "from Fyllingsdalen, Bergen, Hordaland", "from Malatya, Turkey"."""
        chains = []
        for place in (p for h in heads for p in self._prep_objects(h, {"from"})):
            chain = [place]
            while COARSE_OF[self.mentions[chain[-1]].cls] == "Place" and len(chain) < 5:
                nxt = self._after_comma(chain[-1], sent)
                if nxt is None or COARSE_OF[self.mentions[nxt].cls] != "Place":
                    break
                chain.append(nxt)
            if COARSE_OF[self.mentions[place].cls] == "Place":
                chains.append(chain)
        return chains

    def _after_comma(self, index: int, sent: Span) -> int | None:
        """The mention right after mention ``index`` and a comma: "Malatya, Turkey"."""
        end = self.mentions[index].end
        if end + 1 < sent.end and self.doc[end].text == "," and (end + 1) in self.inside:
            return self._smallest(end + 1)
        return None

    #: Words between "is a" and the nationality of a definition: "a retired Pakistani general".
    DEFINITION_MODIFIERS = {"former", "retired", "famous", "noted", "prominent", "leading", "major", "well-known",
                            "renowned", "late", "professional", "an", "a", "the"}

    def defined_nationality(self, index: int, m: Mention, sent: Span, found: list) -> None:
        """An encyclopedia's opening definition, read off the words when the parse of the
        bracket before it went wrong: "Hélé Béji (;born 1948) is a Tunisian writer", and a list
        entry: "Jung Won-yong (born 1992), South Korean swimmer"."""
        doc = self.doc
        i = after_bracket(doc, m.end, sent.end)
        bracketed = i > m.end
        if i < sent.end and doc[i].lower_ in {"is", "was"} and i + 1 < sent.end and doc[i + 1].lower_ in {"a", "an"}:
            i += 2
        elif bracketed and i < sent.end and doc[i].text == ",":
            i += 1  # a list of people: "Kang Won-yong (1917 – 2006), South Korean Presbyterian leader"
        else:
            return
        while i < sent.end and doc[i].lower_ in self.DEFINITION_MODIFIERS:
            i += 1
        # "Tunisian", "South Korean": one word or two
        country, width = nationality_at(doc, i, self.demonyms, sent.end - 1)
        if not width or doc[i + width].pos_ not in {"NOUN", "ADJ", "PROPN"}:
            return
        if i in self.inside and any(self.mentions[k].end > i + width for k in self.inside[i]):
            return  # "is a Tunisian Airlines pilot": the word opens a name
        found.append((index, "country", "gaz:" + country, "defined_nationality", 0.75, None))
        # "João Silva (born 1964 in Luanda) is an Angolan sport shooter": the places of the
        # bracket (birth, death) lie in the country when the table of known places agrees; people
        # are born abroad ("born in Mediaș, Transylvania) is a German skeleton racer").
        if bracketed and COARSE_OF[m.cls] == "Person":
            for k in range(m.end, after_bracket(doc, m.end, sent.end)):
                if k not in self.inside or (k > m.end and (k - 1) in self.inside and
                                            self._smallest(k - 1) == self._smallest(k)):
                    continue
                place = self._smallest(k)
                pm = self.mentions[place]
                if pm.start == k and COARSE_OF[pm.cls] == "Place" and pm.cls != "Country" \
                        and self.place_countries.get(pm.text) == country:
                    found.append((place, "locatedIn", "gaz:" + country, "bracket_place_nationality", 0.55, None))

    def descriptor_relations(self, index: int, m: Mention, found: list) -> None:
        """The words right before a name describe it, whatever the parse made of them: "Chinese AI
        startup DeepSeek", "US chipmaker Nvidia", "Dutch lithography giant ASML"."""
        i = m.start - 1
        nouns = self.org_nouns if COARSE_OF[m.cls] == "Organisation" else self.person_nouns
        if i < 0 or self.doc[i].lower_ not in nouns:
            return
        for j in range(i - 1, max(i - 6, self.doc[m.start].sent.start - 1), -1):
            token = self.doc[j]
            if j in self.inside:
                other = self._smallest(j)
                if self.mentions[other].cls == "Country":
                    found.append((index, "country", other, "descriptor_before_name", 0.75, None))
                break
            # "Australian recording artist and songwriter Kylie Minogue", "the Polish pianist,
            # composer and teacher Fryderyk Chopin"
            if token.text == "," and j > 0 and self.doc[j - 1].lower_ in nouns:
                continue
            if token.pos_ not in {"NOUN", "PROPN", "ADJ", "CCONJ"} or token.is_punct:
                break

    def name_relations(self, index: int, m: Mention, found: list) -> None:
        """What an organisation's own name says: "University of Alberta" and "Calgary City Council"
        are based there; "Royal Canadian Air Force" is Canadian."""
        words = m.text.split()
        doc_places = {self.mentions[i].text: i for i in range(len(self.mentions))
                      if COARSE_OF[self.mentions[i].cls] == "Place"}

        def place(name: str):
            if name in doc_places and doc_places[name] != index:
                return doc_places[name]
            gid = self.place_names.get(name)
            return "gaz:" + gid if gid else None

        for i, word in enumerate(words[:-1]):
            if word in {"of", "in"} and i > 0 and any(w in self.of_place_heads for w in words[:i]):
                rest = words[i + 1:]
                rest = rest[1:] if rest and rest[0] == "the" else rest
                # "University of Massachusetts Amherst": the longest place that opens the rest
                for k in range(len(rest), 0, -1):
                    target = place(" ".join(rest[:k]))
                    if isinstance(target, str) and " ".join(rest[:k]) not in self.country_names:
                        target = None  # "University of California": California only as the name's word
                    if target is not None:
                        found.append((index, "basedIn", target, "name_of_place", 0.7, None))
                        break
                break
        for k in (3, 2, 1):
            if " ".join(words[:k + 1]) in self.place_countries:
                break  # "Kansas City Chiefs" is not of Kansas
            if len(words) > k and any(w in self.place_org_heads for w in words[k:]):
                target = place(" ".join(words[:k]))
                # A place named only inside the name ("Idaho State University") is the name's word,
                # not a place the text speaks of; a country is always one.
                if isinstance(target, str) and " ".join(words[:k]) not in self.country_names:
                    target = None
                if target is not None:
                    is_country = isinstance(target, str) or self.mentions[target].cls == "Country"
                    prop = "country" if is_country else "basedIn"
                    found.append((index, prop, target, "name_country_prefix" if prop == "country" else "name_place_prefix", 0.65, None))
                    break
        if words[-1] not in self.BETWEEN_WORDS:
            pair = " ".join(words[:2])
            if pair in self.demonyms:  # "North Korean Central News Agency"
                found.append((index, "country", "gaz:" + self.demonyms[pair], "name_demonym", 0.7, None))
            else:
                for i, word in enumerate(words[:2]):
                    if word in self.demonyms and (i == 0 or not blended_words(words[0], word)):
                        found.append((index, "country", "gaz:" + self.demonyms[word], "name_demonym", 0.7, None))
                        break

    #: Places between countries, whatever adjective names them: "the English Channel", "the Persian Gulf".
    BETWEEN_WORDS = {"Sea", "Ocean", "Gulf", "Channel", "Strait", "Straits", "Bay", "River"}
    POLITY_WORDS = {"Republic", "Empire", "Kingdom", "Confederation", "Federation", "Union", "Commonwealth"}
    #: Parts of a country: "Southern Italy", "Eastern Germany" ("South Sudan" is a country of its own).
    PART_WORDS = {"Northern", "Southern", "Eastern", "Western", "Central", "Northeastern", "Northwestern",
                  "Southeastern", "Southwestern"}

    def place_name_relations(self, index: int, m: Mention, found: list) -> None:
        """What a place's own name says of the country it lies in: "the Ethiopian Amhara Region",
        "the Russian Far East", "Southern Italy"."""
        words = m.text.split()
        doc = self.doc
        # "British Columbia" is a known place of its own; "the Dutch Republic" a state, not a part of one.
        if words[-1] in self.BETWEEN_WORDS | self.POLITY_WORDS or m.gazetteer_id:
            return
        first = words[0] if len(words) > 1 else None
        before = doc[m.start - 1] if m.start > 0 else None
        if first in self.demonyms:
            found.append((index, "locatedIn", "gaz:" + self.demonyms[first], "place_name_demonym", 0.7, None))
        elif before is not None and self.nation_of(before) and before.dep_ in {"amod", "compound"} \
                and before.head.i in range(m.start, m.end):
            # "the Russian Far East": the nationality just outside the recogniser's span
            found.append((index, "locatedIn", "gaz:" + self.nation_of(before), "place_name_demonym", 0.7, None))
        elif first in self.PART_WORDS:
            gid = self.place_names.get(" ".join(words[1:]))
            if gid and " ".join(words[1:]) in self.country_names:
                found.append((index, "locatedIn", "gaz:" + gid, "place_name_part", 0.75, None))

    TRADE_NOUNS = {"export", "sale", "shipment", "access", "supply", "transfer", "import", "purchase"}

    def _trade_objects(self, heads: list[Token], preps: set[str]) -> list[int]:
        """"restrictions on AI chip exports to China": through the trade noun to where it goes."""
        out = []
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in preps:
                    continue
                for noun in prep.children:
                    if noun.dep_ == "pobj" and noun.i not in self.inside and noun.lemma_.lower() in self.TRADE_NOUNS:
                        out.extend(self._prep_objects(noun, {"to", "of", "for", "by"}))
                        out.extend(o for c in noun.children if c.dep_ == "poss"
                                   for o in self.denotes(c, conj=False) if isinstance(o, int))
        return out

    def _prep_objects(self, head: Token, preps: set[str]) -> list[int]:
        out = []
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        out.extend(o for o in self.denotes(pobj) if isinstance(o, int))
        return out

    def _mention_at(self, span: tuple[int, int]) -> int | None:
        for index, m in enumerate(self.mentions):
            if (m.start, m.end) == tuple(span):
                return index
        return None

    def title_relations(self, index: int, m: Mention, sent: Span, found: list) -> None:
        """Titles before a name: "Secretary of Commerce Wilbur Ross", "Founder Liang Wenfeng"."""
        i = m.start - 1
        orgs, saw_title, steps = [], bool(m.role), 0
        while i >= sent.start and steps < 12:
            token = self.doc[i]
            if token.i in self.inside:
                other = self._smallest(token.i)
                om = self.mentions[other]
                if COARSE_OF[om.cls] != "Organisation":
                    break
                orgs.append(other)
                i = om.start - 1
            elif token.text in self.titles or token.lower_ in {"of", "for", "and"} or \
                    (token.is_title and token.pos_ in {"PROPN", "NOUN"}):
                saw_title = saw_title or token.text in self.titles
                i -= 1
            else:
                break
            steps += 1
        if saw_title:
            for org in orgs:
                found.append((index, "affiliatedWith", org, "title_of_org", 0.8, None))
        role = (m.role or "").lower()
        if not orgs and any(word in role for word in ("founder", "co-founder")):
            org = self.salient_organisation(m.start)
            if org is not None:
                found.append((org, "foundedBy", index, "founder_title", 0.6, None))

    def salient_organisation(self, before: int) -> int | None:
        counts: dict[str, list[int]] = {}
        for index, mention in enumerate(self.mentions):
            if mention.start >= before:
                break
            if mention.cls in {"Company", "Organisation"}:
                key = mention.gazetteer_id or mention.text
                counts.setdefault(key, []).append(index)
        if not counts:
            return None
        best = max(counts.values(), key=len)
        return best[-1]

    # other shapes ---------------------------------------------------------------------
    def based_relations(self, token: Token, found: list) -> None:
        """"Hangzhou-based DeepSeek": a place joined by a hyphen to "based"; and a sentence that
        opens "Based in Hangzhou, Zhejiang, DeepSeek ..."."""
        if token.lower_ not in self.based_words:
            return
        if token.i == token.sent.start:
            self.opening_based(token, found)
            return
        if token.i < 2 or self.doc[token.i - 1].text != "-":
            return
        place_tok = self.doc[token.i - 2]
        if place_tok.i not in self.inside:
            return
        place = self._smallest(place_tok.i)
        if COARSE_OF[self.mentions[place].cls] != "Place":
            return
        target = token.head if token.head.i != token.i else None
        if target is None:
            return
        for org in self.denotes(target):
            if isinstance(org, int) and COARSE_OF[self.mentions[org].cls] == "Organisation":
                found.append((org, "basedIn", place, "hyphen_based", 0.85, None))

    def opening_based(self, token: Token, found: list) -> None:
        places, org = [], None
        for i in range(token.i + 1, token.sent.end):
            if i not in self.inside:
                continue
            index = self._smallest(i)
            coarse = COARSE_OF[self.mentions[index].cls]
            if coarse == "Place" and org is None:
                if index not in places:
                    places.append(index)
            elif coarse == "Organisation":
                org = index
                break
        if org is not None and places:
            found.append((org, "basedIn", places[0], "opening_based", 0.8, None))

    def competition_relations(self, token: Token, found: list) -> None:
        if token.lower_ not in self.competition:
            return
        objects = self._prep_objects(token, {"to", "with", "of", "against"})
        if not objects:
            return
        subjects = []
        head = token
        for _ in range(4):
            if head.dep_ in {"amod", "acomp", "attr", "appos", "dobj", "npadvmod", "oprd"} and head.head.i != head.i:
                head = head.head
                subjects = [s for c in head.children if c.dep_ in SUBJECT_DEPS for s in self.denotes(c)]
                subjects += [s for s in self.denotes(head, conj=False) if isinstance(s, int)]
                if subjects:
                    break
            else:
                break
        modality = self.modality(head) if head.pos_ in {"VERB", "AUX"} else None
        for s in subjects:
            for o in objects:
                if not isinstance(s, int):
                    continue
                sc, oc = COARSE_OF[self.mentions[s].cls], COARSE_OF[self.mentions[o].cls]
                if sc == oc and sc in {"Organisation", "AIModel"}:
                    found.append((s, "competesWith", o, "competition_word", 0.65, modality))

    def adjacent_issuer_relations(self, sent: Span, found: list) -> None:
        """Headlines parse badly, but "Commerce Implements New Export Controls" and "BIS Unveils
        Chip Rules" still read: an issuer, a verb of issuing, a policy, side by side."""
        issue_lemmas = self.issue_lemmas
        for index in self.in_sentence.get(sent.start, ()):
            m = self.mentions[index]
            if COARSE_OF[m.cls] not in {"Organisation", "Place"}:
                continue
            j = m.end
            if j >= sent.end:
                continue
            verb = self.doc[j]
            lemma = verb.lemma_.lower() if verb.lemma_.lower() in issue_lemmas else verb.lower_.rstrip("s")
            if lemma not in issue_lemmas:
                continue
            k = j + 1
            while k < sent.end and k not in self.inside and (
                    self.doc[k].pos_ in {"ADJ", "DET"} or self.doc[k].lower_ in {"new", "tougher", "more"}):
                k += 1
            if k in self.inside:
                policy = max(self.inside[k], key=lambda p: self.mentions[p].end - self.mentions[p].start)
                if self.mentions[policy].cls == "Policy":
                    found.append((policy, "issuedBy", index, "issuer_verb_policy", 0.7, self.modality(verb)))

    def _is_pair_list(self, i: int, sent: Span) -> bool:
        """After "and": another "City, Region" pair, so the list is of pairs ("Los Angeles,
        California and Detroit, Michigan")."""
        after = self._after_comma(self._smallest(i), sent)
        return after is not None and COARSE_OF[self.mentions[after].cls] == "Place"

    def _place_list_goes_on(self, place: int, sent: Span, by_start: dict[int, int], before: int = 0) -> bool:
        """The place after "X," is one item of a list: "X, Y and Z", "Xiamen, Suzhou, Wuxi,
        Fuzhou and Wuhan", "Nagoya, Shizuoka, and other cities". ``before`` counts the places
        listed before X ("Shizuoka, Aichi, Gifu and Mie" from Aichi)."""
        doc = self.doc
        first, j, items = self.mentions[place], self.mentions[place].end, 2 + before
        while True:
            k = j
            while k < sent.end and doc[k].text == ",":
                k += 1
            if k >= sent.end:
                return False
            if doc[k].lower_ in {"and", "or"}:
                if k + 1 < sent.end and doc[k + 1].lower_ in {"other", "others", "many", "several"}:
                    return True
                if (k + 1) not in self.inside or COARSE_OF[self.mentions[self._smallest(k + 1)].cls] != "Place":
                    # "Aichi, Gifu, and Mie", "Shizuoka, Aichi, Gifu and Mie": a comma before "and",
                    # or three places before it, close a list with a name the recogniser missed or
                    # took for a person's (not a company's: "Hangzhou, China, and Nvidia").
                    named = k + 1 < sent.end and doc[k + 1].is_title and (
                        (k + 1) not in self.inside or COARSE_OF[self.mentions[self._smallest(k + 1)].cls] == "Person")
                    return named and (k > j or items >= 3)
                return items >= 3 or (first.cls != "Country" and not self._is_pair_list(k + 1, sent))
            if k > j and k in by_start:
                items += 1
                j = self.mentions[by_start[k]].end
                continue
            return False

    #: Verbs that say where a place is: "located near", "lies near".
    LOCATING_VERBS = {"locate", "situate", "lie", "sit", "stand", "be"}

    def near_place(self, near: int, m: Mention, region: int, found: list) -> None:
        """"The dam is located near Dublin, Ohio", "Meramec State Park, located near Sullivan,
        Missouri": a place near a town lies in the region that holds the town."""
        if m.start == 0 or self.doc[m.start - 1].lower_ != "near":
            return
        head = self.doc[m.start - 1].head
        if head.i in self.inside:
            places = [self._smallest(head.i)]
        elif head.lemma_ in self.LOCATING_VERBS:
            places = [o for subject in self.subjects(head) for o in self.denotes(subject) if isinstance(o, int)]
        else:
            return
        for place in places:
            pm = self.mentions[place]
            if COARSE_OF[pm.cls] == "Place" and pm.cls != "Country" and place not in {near, region}:
                found.append((place, "locatedIn", region, "near_place_region", 0.6, None))

    def _determined(self, i: int) -> bool:
        """The word at ``i`` has "the" before it, perhaps across "far": "the far north"."""
        k = i - 1
        while k >= 0 and self.doc[k].lower_ in {"far", "extreme", "very"}:
            k -= 1
        return k >= 0 and self.doc[k].lower_ == "the"

    def _places_before(self, m: Mention, sent: Span, by_end: dict[int, int]) -> int:
        """How many places run before ``m``, each followed by a comma: 1 for "Shizuoka, Aichi"."""
        count, start = 0, m.start
        while start - 1 > sent.start and self.doc[start - 1].text == "," and (start - 1) in by_end:
            start = self.mentions[by_end[start - 1]].start
            count += 1
        return count

    #: Words that say the next place holds the one before: "a village in", "within".
    CHAIN_LINKS = {"in", "within", "inside"}

    def _listed_before(self, place: int, sent: Span) -> bool:
        """"in Beijing, in Shanghai and in Shenzhen" lists places; it does not nest them."""
        doc = self.doc
        k = self.mentions[place].end
        while k < sent.end and doc[k].text == ",":
            k += 1
        return k < sent.end and doc[k].lower_ in {"and", "or"} and any(
            x in self.inside and COARSE_OF[self.mentions[self._smallest(x)].cls] == "Place"
            for x in range(k + 1, min(k + 3, sent.end)))

    def locative_chain(self, sent: Span, places: list, found: list) -> None:
        """How encyclopedias place a place: "Zabiele is a village in the district of Gmina Wielbark,
        within Szczytno County, in northern Poland"; "Leonessa is a town in the northeastern part
        of the Province of Rieti in the Lazio region of central Italy". Each place on the chain is
        in the next one; the words between may only be links ("in", "within", a place noun and
        "of"), articles, adjectives and place nouns. "the U.S. state of Oregon" puts Oregon in the
        United States."""
        doc = self.doc
        for index, m in places:
            if m.cls == "Country":
                continue
            start, described = m.end, False
            noun = defined_as(doc, m.end, sent.end)
            if noun is not None and noun.lemma_.lower() in self.place_nouns:
                start, described = noun.i + 1, True
            target, linked, j = None, False, start
            listed = plural = False
            while j < sent.end and j - start <= 16:
                t = doc[j]
                if j in self.inside:
                    other = self._smallest(j)
                    om = self.mentions[other]
                    if COARSE_OF[om.cls] != "Place":
                        break
                    # "the Coconino, Kaibab and Prescott national forests in Arizona": the places
                    # listed before a plural place noun share what follows it.
                    if not linked and not described and om.cls != "Country" and \
                            all(doc[k].text in {",", "and", "or"} for k in range(start, j)) and j > start:
                        listed, start, j = True, om.end, om.end
                        continue
                    # "the U.S. state of Oregon": a country naming the kind of the place that follows.
                    if om.cls == "Country" and om.end + 1 < sent.end and \
                            doc[om.end].lemma_.lower() in self.kind_nouns and doc[om.end + 1].lower_ == "of":
                        j = om.end
                        continue
                    target = other
                    break
                lower = t.lower_
                if lower in self.CHAIN_LINKS:
                    linked = True
                elif lower == "of" and j > start and doc[j - 1].lemma_.lower() in self.chain_nouns:
                    # "in the north of Italy" is inside it; ", north of Rügen" is outside
                    if doc[j - 1].lower_ in DIRECTIONS and not self._determined(j - 1):
                        break
                    linked = True
                elif lower in {"the", "a", "an", ",", "far"} or lower in _REGION_WORDS or t.pos_ == "ADJ":
                    pass
                elif lower in {"and", "or"} and not linked and (j + 1) in self.inside:
                    pass  # a list of places goes on
                elif t.lemma_.lower() in self.chain_nouns:
                    plural = plural or t.tag_ in {"NNS", "NNPS"}
                elif described and not linked and t.pos_ in {"NOUN", "CCONJ"}:
                    pass  # "a town and comune in"
                else:
                    break
                j += 1
            if target is None or not linked or target == index or (listed and not plural):
                continue
            if self._listed_before(target, sent):
                continue
            found.append((index, "locatedIn", target, "locative_chain", 0.7, None))
        for index, m in places:
            if m.cls != "Country" or m.end + 2 >= sent.end:
                continue
            noun, of = doc[m.end], doc[m.end + 1]
            if noun.lemma_.lower() in self.kind_nouns and of.lower_ == "of" and (m.end + 2) in self.inside:
                other = self._smallest(m.end + 2)
                if COARSE_OF[self.mentions[other].cls] == "Place" and self.mentions[other].cls != "Country":
                    found.append((other, "locatedIn", index, "country_place_noun_of", 0.75, None))

    #: Words that open a list: "such as", "include", "including", a colon.
    LIST_OPENERS = {"as", "include", "includes", "included", "including", ":"}

    #: Words that give a place's other name in brackets: "Kristiania (now Oslo), Norway".
    RENAMED = {"now", "today", "formerly", "later", "then", "or"}

    def _past_bracket(self, m: Mention, sent: Span) -> int:
        """Where the words after place ``m`` go on once a short bracket is passed: "Kristiania (now
        Oslo), Norway" goes on at the comma, for Kristiania and for the Oslo inside the bracket."""
        doc = self.doc
        end = m.end
        if end < sent.end and doc[end].text == ")" and m.start >= 2 and doc[m.start - 2].text == "(" \
                and doc[m.start - 1].lower_ in self.RENAMED:
            return end + 1
        if end < sent.end and doc[end].text == "(":
            for k in range(end + 1, min(end + 8, sent.end)):
                if doc[k].text == ")":
                    return k + 1
                if doc[k].text == "(":
                    break
        return end

    def located_relations(self, sent: Span, found: list) -> None:
        """"Hangzhou, Zhejiang" and "Shanghai, China": a place, a comma, the larger place."""
        doc = self.doc
        places = [(i, self.mentions[i]) for i in self.in_sentence.get(sent.start, ())
                  if COARSE_OF[self.mentions[i].cls] == "Place"]
        by_start = {m.start: i for i, m in places}
        by_end = {m.end: i for i, m in places}
        for index, m in places:
            if m.cls == "Country":
                continue
            comma = self._past_bracket(m, sent)
            if comma >= sent.end or doc[comma].text != ",":
                continue
            # "Barcelona, northeastern Spain"
            j = comma + 1
            while j < sent.end and j - comma <= 4 and (doc[j].lower_ in _REGION_WORDS or doc[j].lower_ in {"the", "-"}):
                j += 1
            other = by_start.get(j)
            if other is None:
                continue
            om = self.mentions[other]
            # A list of places ("Beijing, Shanghai and Shenzhen") says nothing about containment,
            # nor does one that the words before it open ("towns such as Addis Zemen, Debre Tabor and").
            if self._place_list_goes_on(other, sent, by_start, self._places_before(m, sent, by_end)):
                continue
            opener = doc[m.start - 1].lower_ if m.start > sent.start else ""
            if opener == "as" and not (m.start - 2 >= sent.start and doc[m.start - 2].lower_ == "such"):
                opener = ""  # "known as X, Y" names, "such as X, Y" lists
            if opener in self.LIST_OPENERS and \
                    om.end < sent.end and doc[om.end].lower_ in {",", "and", "or"}:
                continue
            before = doc[max(sent.start, m.start - 2): m.start]
            if any(t.lower_ in {"and", "or"} for t in before) or \
                    (m.start >= 2 and doc[m.start - 1].text == "," and (m.start - 2) in self.inside
                     and any(COARSE_OF[self.mentions[k].cls] == "Place" and self.mentions[k].cls == "Country"
                             for k in self.inside[m.start - 2]) and om.cls == "Country"):
                continue
            found.append((index, "locatedIn", other, "place_comma_place", 0.8, None))
            self.near_place(index, m, other, found)
        self.locative_chain(sent, places, found)
        # "Mitsubishi Electric (Japan)": a place in brackets right after an organisation's name.
        for index in self.in_sentence.get(sent.start, ()):
            m = self.mentions[index]
            if COARSE_OF[m.cls] not in {"Organisation", "Place"}:
                continue
            if m.end + 2 < sent.end and doc[m.end].text == "(" and (m.end + 1) in self.inside:
                other = self._smallest(m.end + 1)
                om = self.mentions[other]
                if COARSE_OF[om.cls] == "Place" and om.end < len(doc) and doc[om.end].text == ")":
                    if COARSE_OF[m.cls] == "Organisation":
                        found.append((index, "basedIn", other, "bracketed_place", 0.7, None))
                    elif m.cls != "Country":
                        found.append((index, "locatedIn", other, "place_bracketed_place", 0.7, None))
        # "Haines High School, Alaska": an organisation, a comma, the place it is in.
        for index in self.in_sentence.get(sent.start, ()):
            m = self.mentions[index]
            if COARSE_OF[m.cls] != "Organisation" or m.end + 1 >= sent.end or doc[m.end].text != ",":
                continue
            if (m.end + 1) not in self.inside or (m.start >= 1 and doc[m.start - 1].text == ","):
                continue
            other = self._smallest(m.end + 1)
            om = self.mentions[other]
            if COARSE_OF[om.cls] != "Place" or om.start != m.end + 1 or self._listed_before(other, sent):
                continue
            # "Nvidia, China and others" is a list; the place must close the phrase.
            if om.end < sent.end and doc[om.end].text not in {",", ".", ")", ";", "(", ":", "in"}:
                continue
            found.append((index, "basedIn", other, "org_comma_place", 0.65, None))
        # "the Zhangjiang Hi-Tech Park in Shanghai", "McGill University in Montreal": a name, "in",
        # a place, side by side, whatever the parser attached "in" to.
        for index in self.in_sentence.get(sent.start, ()):
            m = self.mentions[index]
            if m.end + 1 >= sent.end:
                continue
            j = m.end + 1 if doc[m.end].text == "," else m.end
            if j >= sent.end or doc[j].lower_ != "in":
                continue
            j += 1
            # "in northern Poland", "in the southeastern United States"
            while j < sent.end and j not in self.inside and (doc[j].lower_ == "the" or doc[j].pos_ == "ADJ"):
                j += 1
            if j not in self.inside:
                continue
            nxt = doc[j]
            other = self._smallest(nxt.i) if nxt.i in self.inside else None
            if other is None or COARSE_OF[self.mentions[other].cls] != "Place":
                continue
            if doc[m.end].text == "," and self._listed_before(other, sent):
                continue
            coarse = COARSE_OF[m.cls]
            if coarse == "Place" and m.cls != "Country":
                found.append((index, "locatedIn", other, "place_name_in_place", 0.7, None))
            elif coarse == "Organisation":
                found.append((index, "basedIn", other, "name_in_place", 0.65, None))

