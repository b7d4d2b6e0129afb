"""Within one document: mentions -> entities (aliases, acronyms, surnames, policies), and
mention-level relation candidates -> entity-level relations with evidence."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc

from kg.extract.keys import norm, slug
from kg.extract.mention import GUESSED, Mention
from kg.extract.resources import GazetteerEntry
from kg.ingest.document import REFERENCES, TITLE, Document
from kg.records import COARSE_OF, Candidate, DocumentFacts, Entity, Evidence, Relation

#: Domain and range of each property by coarse class (mirrors ontology/kg.ttl).
SIGNATURES = {
    "foundedBy": ({"Organisation"}, {"Person", "Organisation"}),
    "affiliatedWith": ({"Person"}, {"Organisation"}),
    "basedIn": ({"Organisation"}, {"Place"}),
    "locatedIn": ({"Place"}, {"Place"}),
    "country": ({"Organisation", "Person"}, {"Country"}),
    "develops": ({"Organisation"}, {"AIModel", "Chip"}),
    "manufactures": ({"Organisation"}, {"Chip"}),
    "usesChip": ({"Organisation", "AIModel"}, {"Chip"}),
    "ownedBy": ({"Organisation"}, {"Organisation"}),
    "issuedBy": ({"Policy"}, {"Organisation", "Place"}),
    "restricts": ({"Policy"}, {"Chip"}),
    "targets": ({"Policy"}, {"Place", "Organisation", "Person"}),
    "competesWith": ({"Organisation", "AIModel"}, {"Organisation", "AIModel"}),
}

_SPECIFIC_ORG = ("Company", "GovernmentBody", "ResearchOrganisation")


def in_signature(prop: str, s_cls: str, o_cls: str) -> bool:
    domain, range_ = SIGNATURES[prop]
    return (s_cls in domain or COARSE_OF[s_cls] in domain) and (o_cls in range_ or COARSE_OF[o_cls] in range_)


class Resolver:
    def __init__(self, gazetteer: dict[str, GazetteerEntry], lexicon: dict, demonyms: dict[str, str],
                 min_confidence: float = 0.0):
        self.gazetteer = gazetteer
        self.demonyms = demonyms
        #: "Europe, Russia and Japan" lists places; a continent lies in no country.
        self.world_regions = {e.id for e in gazetteer.values() if e.world_region}
        self.min_confidence = min_confidence
        self.kind_names = {"tariff": "tariffs", "tariffs": "tariffs"}
        #: "also known as", "née": words that give another name of the name before them, longest first.
        self.alias_cues = tuple(lexicon.get("alias_cues", ()))
        #: "son of", "the daughter of": a bare name after these is a relative, not a short form.
        self.kin_nouns = frozenset(lexicon.get("kin_nouns", ()))
        #: "LLC", "Inc.": a legal form at the end of a name leaves the organisation the same.
        self.legal_forms = frozenset(lexicon.get("legal_forms", ()))
        #: Gazetteer ids by coarse class and name: "Taiwan Semiconductor Manufacturing Company
        #: Limited" is the gazetteer's company, "Gina M. Raimondo" its "Gina Raimondo".
        self.known_names = {(e.coarse, norm(name)): e.id for e in gazetteer.values()
                            if e.coarse in {"Organisation", "Person"} for name in (e.name, *e.aliases)}

    def __call__(self, document: Document, doc: Doc) -> DocumentFacts:
        mentions: list[Mention] = doc._.kg_mentions or []
        noisy = [(s.start, s.end) for s in document.segments if s.kind in (TITLE, REFERENCES)]
        keep = self._keep_mentions(doc, mentions, noisy)
        cluster_of = self._cluster(doc, mentions, keep)
        entities, key_of_cluster = self._entities(doc, mentions, cluster_of)
        relations = self._relations(doc, mentions, cluster_of, key_of_cluster, entities)
        self._add_dates(doc, cluster_of, key_of_cluster, entities)
        unnamed = {key for cluster, key in key_of_cluster.items() if cluster.startswith("policy:|")}
        entities, relations = self._name_policies(unnamed, entities, relations)
        return DocumentFacts(
            doc_id=document.id, source=document.source, title=document.title, url=document.url,
            date=document.date, entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
            relations=tuple(relations), meta=document.meta,
        )

    # -- which mentions count ------------------------------------------------------------
    def _keep_mentions(self, doc: Doc, mentions: list[Mention], noisy: list[tuple[int, int]]) -> set[int]:
        """Headlines are title-cased and reference lists are citations: there only rule-found
        names count, or names the body also has."""
        def in_noisy(m: Mention) -> bool:
            return any(start <= doc[m.start].idx < end for start, end in noisy)

        body_texts = {norm(m.text) for m in mentions if not in_noisy(m)}
        keep = set()
        for index, m in enumerate(mentions):
            if m.source in GUESSED and in_noisy(m) and norm(m.text) not in body_texts:
                continue
            keep.add(index)
        return keep

    # -- clusters ---------------------------------------------------------------------------
    def _cluster(self, doc: Doc, mentions: list[Mention], keep: set[int]) -> dict[int, str]:
        cluster_of: dict[int, str] = {}
        # Acronyms defined once: "Bureau of Industry and Security (BIS)".
        acronyms: dict[str, str] = {}
        for index in sorted(keep):
            m = mentions[index]
            if m.gazetteer_id:
                cluster_of[index] = "gaz:" + m.gazetteer_id
            elif m.cls != "Policy" or m.source != "policy":
                # A name the gazetteer knows once its legal form or middle initials are gone.
                bare = without_middle_initials(m.text) if m.cls == "Person" else self._without_legal_form(m)
                known = self.known_names.get((COARSE_OF[m.cls], norm(bare))) if bare != m.text else None
                cluster_of[index] = "gaz:" + known if known else "text:" + norm(bare)
            if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
                short = doc[m.end + 1].text
                if short.isupper() and 2 <= len(short) <= 8 and index in cluster_of:
                    acronyms[norm(short)] = cluster_of[index]
        # Acronyms never defined: "FOB" in a text about "Fall Out Boy". The initials of exactly one
        # organisation's name in the document, and nothing the gazetteer knows.
        by_initials: dict[str, set[str]] = defaultdict(set)
        for index in cluster_of:
            m = mentions[index]
            if COARSE_OF[m.cls] == "Organisation" and not m.gazetteer_id:
                letters = _initials(m.text)
                if len(letters) >= 2:
                    by_initials[letters].add(cluster_of[index])
        for index in cluster_of:
            m = mentions[index]
            if m.gazetteer_id or not (m.text.isupper() and m.text.isalpha() and 2 <= len(m.text) <= 6) \
                    or COARSE_OF[m.cls] not in {"Organisation", "Place"} or norm(m.text) in acronyms:
                continue
            named = by_initials.get(m.text, set())
            if len(named) == 1:
                acronyms[norm(m.text)] = next(iter(named))
        for index in list(cluster_of):
            key = cluster_of[index]
            if key.startswith("text:") and key[5:] in acronyms:
                cluster_of[index] = acronyms[key[5:]]
        # Surnames and first names: "Moolenaar" after "John Moolenaar", "Jeff" after "Jeff Healey".
        # Where two people share the name, the one named most recently before wins.
        # Also the end of a longer name: "Petrovich Lyapunov" after "Zakhary Petrovich Lyapunov".
        by_part: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for index in sorted(cluster_of):
            m = mentions[index]
            parts = m.text.split()
            if m.cls == "Person" and len(parts) >= 2:
                for part in {parts[0], parts[-1], *(" ".join(parts[k:]) for k in range(1, len(parts) - 1))}:
                    by_part[norm(part)].append((m.start, cluster_of[index]))
        for index in list(cluster_of):
            m = mentions[index]
            words = len(m.text.split())
            if m.gazetteer_id or COARSE_OF[m.cls] not in {"Person", "Organisation", "Place"} or \
                    words > 1 and m.cls != "Person":
                continue
            named = by_part.get(norm(m.text))
            if not named:
                continue
            before = [c for start, c in named if start < m.start]
            if not before and COARSE_OF[m.cls] != "Person":
                continue  # "Bohumín ... Old Bohumín": a place named before a longer name is not its short form
            target = before[-1] if before else named[0][1]
            # "Vineeth is son of the actor Sreenivasan": a relative of the person the sentence
            # is about shares the surname; the bare name is the relative.
            kin = _kin_noun(doc, m, self.kin_nouns)
            if kin is not None and any(cluster_of.get(j) == target and doc[kin].sent.start <= o.start < kin
                                       and doc[o.start:o.end].root.dep_ != "pobj" for j, o in enumerate(mentions)):
                continue
            cluster_of[index] = target
        # Other names the text gives: "X, also known as Y", "X (formerly Y)", "X (or Y)".
        self._also_known_as(doc, mentions, cluster_of)
        # Names the rules found a sentence giving: "it changed its name to Hygon".
        for c in doc._.kg_relations or []:
            if c.predicate == "alias" and c.modality is None and c.subject in cluster_of and c.object in cluster_of \
                    and COARSE_OF[mentions[c.subject].cls] == COARSE_OF[mentions[c.object].cls]:
                _join(cluster_of, c.subject, c.object)
        # Unnamed policies: one per issuer, and a bare "export controls" joins the main one.
        policy_groups: dict[str, list[int]] = defaultdict(list)
        for index in sorted(keep):
            m = mentions[index]
            if m.source != "policy":
                continue
            issuer = None
            if m.issuer is not None:
                for j, other in enumerate(mentions):
                    if (other.start, other.end) == tuple(m.issuer):
                        issuer = cluster_of.get(j)
            kind = m.extra.get("kind") or self.kind_names.get(doc[m.end - 1].lower_, "export controls")
            policy_groups[f"{issuer or ''}|{kind}"].append(index)
        bare = {k: v for k, v in policy_groups.items() if k.startswith("|")}
        named = {k: v for k, v in policy_groups.items() if not k.startswith("|")}
        for key, indices in bare.items():
            kind = key[1:]
            same_kind = [k for k in named if k.endswith("|" + kind)]
            if same_kind:
                target = max(same_kind, key=lambda k: len(named[k]))
                named[target].extend(indices)
            else:
                named[key] = indices
        for key, indices in named.items():
            for index in indices:
                cluster_of[index] = "policy:" + key
        return cluster_of

    def _without_legal_form(self, m: Mention) -> str:
        """"OpenAI Global, LLC" and "OpenAI Global LLC" are "OpenAI Global"."""
        if COARSE_OF[m.cls] != "Organisation":
            return m.text
        words = m.text.replace(",", " ").split()
        while len(words) > 1 and words[-1] in self.legal_forms:
            words.pop()
        return " ".join(words)

    def _also_known_as(self, doc: Doc, mentions: list[Mention], cluster_of: dict[int, str]) -> None:
        by_start = {m.start: i for i, m in enumerate(mentions) if i in cluster_of}
        first_words = {cue.split()[0] for cue in self.alias_cues}
        def join(index: int, other: int) -> None:
            _join(cluster_of, index, other)

        for index in sorted(cluster_of):
            m = mentions[index]
            j = m.end
            short = by_start.get(j + 1) if j < len(doc) and doc[j].text == "(" else None
            if short is not None and self._bracketed_short_name(doc, m, mentions[short]):
                join(index, short)  # "Chengdu Haiguang Integrated Circuit Design Co., Ltd (Hygon)"
                continue
            if j < len(doc) and doc[j].text in {",", "("}:
                j += 1
            if j >= len(doc) or doc[j].lower_ not in first_words:
                continue
            for cue in self.alias_cues:
                words = cue.split()
                if [t.lower_ for t in doc[j:j + len(words)]] == words:
                    k = j + len(words)
                    k += 1 if k < len(doc) and doc[k].lower_ == "the" else 0
                    other = by_start.get(k)
                    if other is None or cue == "or" and doc[m.end].text != "(":
                        continue
                    while other is not None and (COARSE_OF[mentions[other].cls] == COARSE_OF[m.cls]
                                                 or mentions[other].source == "ner"):
                        join(index, other)
                        # "also known as Hygon and HiGon": each name of the list.
                        after = mentions[other].end
                        more = after < len(doc) and doc[after].lower_ in {"and", "or"} and (
                            doc[m.end].text == "(" or doc[after].lower_ == "or")
                        other = by_start.get(after + 1) if more else None
                    break

    def _bracketed_short_name(self, doc: Doc, m: Mention, short: Mention) -> bool:
        """"Haiguang Microelectronics Co. Ltd. (Hygon)": a company's full legal name and, in
        brackets right after it, the one-word name it goes by."""
        return (COARSE_OF[m.cls] == COARSE_OF[short.cls] == "Organisation" and short.end < len(doc)
                and doc[short.end].text == ")" and short.end - short.start == 1
                and self._without_legal_form(m) != m.text)

    # -- entities ----------------------------------------------------------------------------
    def _entities(self, doc: Doc, mentions: list[Mention], cluster_of: dict[int, str]):
        members: dict[str, list[int]] = defaultdict(list)
        for index, key in cluster_of.items():
            members[key].append(index)
        entities: dict[str, Entity] = {}
        key_of_cluster: dict[str, str] = {}
        for cluster, indices in members.items():
            ms = [mentions[i] for i in indices]
            entity = self._entity(cluster, ms, cluster_of)
            if entity is None:
                continue
            if entity.key in entities:
                entity = _merge(entities[entity.key], entity)
            entities[entity.key] = entity
            key_of_cluster[cluster] = entity.key
        return entities, key_of_cluster

    def _entity(self, cluster: str, ms: list[Mention], cluster_of) -> Entity | None:
        surfaces = []
        for m in ms:
            surfaces.append(m.text)
            surfaces.extend(m.surface)
        roles = tuple(sorted({m.role for m in ms if m.role}))
        if cluster.startswith("gaz:"):
            entry = self.gazetteer[cluster[4:]]
            return self._gazetteer_entity(entry, surfaces, roles)
        if cluster.startswith("policy:"):
            issuer_key, kind = cluster[7:].split("|", 1)
            issuer_name = None
            if issuer_key.startswith("gaz:"):
                issuer_name = self._issuer_name(self.gazetteer[issuer_key[4:]])
            elif issuer_key.startswith("text:"):
                issuer_name = next((m.text for m in ms), None) and issuer_key[5:].title()
            label = f"{issuer_name} {kind}" if issuer_name else kind
            return Entity(key=f"Policy/{slug(label)}", label=label, cls="Policy",
                          aliases=_aliases(label, surfaces))
        classes = Counter(m.cls for m in ms)
        # The fullest name is the most reliably typed mention ("Willi Schneider" over "Schneider").
        longest = max(len(m.text.split()) for m in ms)
        coarse_votes = Counter()
        # A mention the sentence describes ("Westmere is a hamlet") outweighs bare guesses.
        for m in ms:
            coarse_votes[COARSE_OF[m.cls]] += (10 if len(m.text.split()) == longest else 1) \
                + (25 if m.extra.get("described") else 0)
        coarse = coarse_votes.most_common(1)[0][0]
        fine = [c for c, _ in classes.most_common() if COARSE_OF[c] == coarse]
        cls = next((c for c in fine if c in _SPECIFIC_ORG), fine[0])
        label = max((m.text for m in ms if COARSE_OF[m.cls] == coarse), key=lambda t: (len(t.split()), len(t)))
        # A policy named only by its kind ("a final rule") is this document's own.
        scopes = {m.extra.get("scope") for m in ms}
        scope = f"_{scopes.pop()}" if len(scopes) == 1 and None not in scopes else ""
        # "Alan F. Estevez" and "Alan Estevez" are one person, in this document and the next.
        named = without_middle_initials(label) if coarse == "Person" else label
        return Entity(key=f"{coarse}/{slug(named)}{scope}", label=label, cls=cls,
                      aliases=_aliases(label, surfaces), roles=roles)

    def _add_dates(self, doc: Doc, cluster_of, key_of_cluster, entities: dict[str, Entity]) -> None:
        for index, kind, date in doc._.kg_policy_dates or []:
            key = key_of_cluster.get(cluster_of.get(index))
            if key in entities:
                e = entities[key]
                dates = tuple(sorted(set(e.dates) | {(kind, date)}))
                entities[key] = Entity(e.key, e.label, e.cls, e.aliases, e.wikidata, e.roles, dates)

    def _issuer_name(self, entry: GazetteerEntry) -> str:
        """Policies are named after the state that makes them, so that "BIS's export controls" and
        "US export controls" are one policy across documents."""
        if entry.country and entry.country in self.gazetteer:
            return self.gazetteer[entry.country].name
        return entry.name

    def _name_policies(self, unnamed: set[str], entities: dict[str, Entity], relations: list[Relation]):
        """A policy whose name gave no issuer is named by the facts read about it: its issuer
        ("its export controls" of BIS), else what it targets ("export controls on China")."""
        rename: dict[str, str] = {}
        for key in sorted(unnamed):
            entity = entities.get(key)
            if entity is None:
                continue
            issuers = [r.object for r in relations if r.subject == key and r.predicate == "issuedBy" and r.asserted]
            targets = [r.object for r in relations if r.subject == key and r.predicate == "targets" and r.asserted]
            label = None
            if issuers:
                issuer = entities[issuers[0]]
                entry = self.gazetteer.get(issuer.key.split("/", 1)[1])
                label = f"{self._issuer_name(entry) if entry else issuer.label} {entity.label}"
            elif targets:
                label = f"{entity.label} on {entities[targets[0]].label}"
            if label is None:
                continue
            new = Entity(key=f"Policy/{slug(label)}", label=label, cls="Policy",
                         aliases=_aliases(label, [entity.label, *entity.aliases]), dates=entity.dates)
            rename[key] = new.key
            entities.pop(key)
            entities[new.key] = _merge(entities[new.key], new) if new.key in entities else new
        if not rename:
            return entities, relations
        moved = []
        for r in relations:
            s_key, o_key = rename.get(r.subject, r.subject), rename.get(r.object, r.object)
            if s_key != o_key:
                moved.append(Relation(s_key, r.predicate, o_key, r.evidence))
        return entities, moved

    def _gazetteer_entity(self, entry: GazetteerEntry, surfaces, roles=()) -> Entity:
        return Entity(key=f"{entry.coarse}/{entry.id}", label=entry.name, cls=entry.cls,
                      aliases=_aliases(entry.name, surfaces), wikidata=entry.wikidata, roles=tuple(roles))

    # -- relations -----------------------------------------------------------------------------
    def _relations(self, doc: Doc, mentions, cluster_of, key_of_cluster, entities) -> list[Relation]:
        candidates: list[Candidate] = doc._.kg_relations or []
        text = doc.text  # spaCy joins the tokens anew on every access
        best: dict[tuple, Relation] = {}
        for c in candidates:
            if c.predicate not in SIGNATURES:
                continue  # "alias": a name, joined in _cluster, no fact
            ends = []
            for arg in (c.subject, c.object):
                if isinstance(arg, str) and arg.startswith("gaz:"):
                    entry = self.gazetteer.get(arg[4:])
                    if entry is None:
                        ends.append(None)
                        continue
                    surface = _demonym_surface(text, c, entry)
                    entity = self._gazetteer_entity(entry, [surface] if surface else [])
                    if entity.key in entities:
                        entities[entity.key] = _merge(entities[entity.key], entity)
                    else:
                        entities[entity.key] = entity
                    ends.append(entity.key)
                else:
                    cluster = cluster_of.get(arg)
                    ends.append(key_of_cluster.get(cluster) if cluster else None)
            s, o = ends
            if s is None or o is None or s == o:
                continue
            if not in_signature(c.predicate, entities[s].cls, entities[o].cls):
                continue
            if c.predicate == "locatedIn" and self._world_region(s) and not self._world_region(o):
                continue
            if c.confidence < self.min_confidence:
                continue
            raw = text[c.sent_start:c.sent_end]
            sentence = raw.strip()
            start = c.sent_start + (len(raw) - len(raw.lstrip()))
            evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence), rule=c.rule,
                                confidence=c.confidence, modality=c.modality)
            key = (s, c.predicate, o, start, c.modality)
            if key not in best or best[key].evidence.confidence < c.confidence:
                best[key] = Relation(s, c.predicate, o, evidence)
        relations = list(best.values()) + self._entailed(list(best.values()), entities)
        return sorted(relations, key=lambda r: (r.subject, r.predicate, r.object, r.evidence.start))

    def _world_region(self, key: str) -> bool:
        return key.partition("/")[2] in self.world_regions

    def _entailed(self, relations: list[Relation], entities: dict[str, Entity]) -> list[Relation]:
        """What follows from the document's own facts: locatedIn is transitive, an organisation
        based in a place is based in what contains it, and one based in a country belongs to it."""
        asserted = [r for r in relations if r.asserted]
        have = {(r.subject, r.predicate, r.object) for r in asserted}
        inside: dict[str, list[Relation]] = defaultdict(list)
        for r in asserted:
            if r.predicate == "locatedIn":
                inside[r.subject].append(r)
        out: list[Relation] = []

        def add(s, p, o, via: Relation, rule: str):
            if s == o or (s, p, o) in have:
                return
            if not in_signature(p, entities[s].cls, entities[o].cls):
                return
            have.add((s, p, o))
            ev = via.evidence
            out.append(Relation(s, p, o, Evidence(ev.sentence, ev.start, ev.end, rule,
                                                  round(ev.confidence * 0.8, 3))))

        def containers(place: str):
            seen, stack = set(), [place]
            while stack:
                for r in inside.get(stack.pop(), []):
                    if r.object not in seen:
                        seen.add(r.object)
                        stack.append(r.object)
                        yield r
        stated: dict[str, set[str]] = defaultdict(set)
        for r in asserted:
            if r.predicate == "country":
                stated[r.subject].add(r.object)
        for r in asserted:
            if r.predicate == "locatedIn":
                for up in containers(r.object):
                    add(r.subject, "locatedIn", up.object, up, "located_in_transitive")
            elif r.predicate == "basedIn":
                for up in containers(r.object):
                    # "headquartered in Nanjing, PRC": the country is the organisation's country
                    # (below), not a second base.
                    if entities[up.object].cls != "Country":
                        add(r.subject, "basedIn", up.object, up, "based_in_transitive")
                for target in [r.object] + [u.object for u in containers(r.object)]:
                    # "the Chinese Embassy in Washington": a country the text gives wins over the base's.
                    if entities[target].cls == "Country" and not (stated.get(r.subject, {target}) - {target}):
                        add(r.subject, "country", target, r, "country_of_base")
        return out


def _join(cluster_of: dict[int, str], index: int, other: int) -> None:
    """The mention ``other`` and its cluster join the cluster of ``index`` (a gazetteer entry's wins)."""
    old, new = cluster_of[other], cluster_of[index]
    if old.startswith("gaz:") and not new.startswith("gaz:"):
        old, new = new, old
    for k, c in list(cluster_of.items()):
        if c == old:
            cluster_of[k] = new


#: Small words a name's acronym leaves out: "Association of Southeast Asian Nations".
_ACRONYM_SKIPS = {"of", "the", "and", "for", "in", "on", "at", "de", "&"}


def _initials(name: str) -> str:
    """The initials of a name of several words: "Fall Out Boy" -> "FOB"; "" for one word."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _ACRONYM_SKIPS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words)


def _kin_noun(doc: Doc, m: Mention, kin_nouns: frozenset[str]) -> int | None:
    """The kinship noun whose "of" object the bare name is: "son of Sreenivasan", "the daughter
    of the actor Sreenivasan" (not "sister of Casanova's friend"). Relatives share surnames, so
    such a name is a relative, not a short form of the person named before."""
    if m.end < len(doc) and doc[m.end].text in {"'s", "’s", "'", "’"}:
        return None
    root = doc[m.start:m.end].root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in kin_nouns:
        return root.head.head.i
    # The words say it when the parse does not: "son of the actor and screenwriter Sreenivasan".
    start = doc[m.start].sent.start
    for j in range(m.start - 1, max(start, m.start - 8), -1):
        if doc[j].lower_ == "of":
            return j - 1 if doc[j - 1].lemma_.lower() in kin_nouns or doc[j - 1].lower_ in kin_nouns else None
        if not (doc[j].is_lower or doc[j].text == ","):
            return None
    return None


def without_middle_initials(name: str) -> str:
    """"Gina M. Raimondo" -> "Gina Raimondo": initials between the first and the last name go."""
    words = name.split()
    if len(words) < 3:
        return name
    middle = [w for w in words[1:-1] if not re.fullmatch(r"[A-Z]\.?", w)]
    return " ".join([words[0], *middle, words[-1]])


def _aliases(label: str, surfaces) -> tuple[str, ...]:
    seen = {label}
    out = []
    for text in surfaces:
        text = " ".join(text.split())
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return tuple(sorted(out))


def _merge(a: Entity, b: Entity) -> Entity:
    aliases = _aliases(a.label, list(a.aliases) + [b.label] + list(b.aliases))
    return Entity(key=a.key, label=a.label, cls=a.cls, aliases=aliases, wikidata=a.wikidata or b.wikidata,
                  roles=tuple(sorted(set(a.roles) | set(b.roles))), dates=a.dates or b.dates)


def _demonym_surface(text: str, c: Candidate, entry: GazetteerEntry) -> str | None:
    sentence = text[c.sent_start:c.sent_end]
    for word in entry.demonyms:
        if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", sentence):
            return word
    return None
