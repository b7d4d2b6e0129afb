"""The interactive view: a pyvis network in one self-contained HTML file.

pyvis assembles nodes, edges and options; the page itself is our own template, with
vis-network (shipped inside pyvis) inlined, so it opens from a file with no network. Every
string from an article reaches the page as JSON data and is shown with ``textContent``.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from importlib import resources

from kg.namespaces import ONTOLOGY_NS
from kg.store import UNION_GRAPH_IRI, Store

#: One colour and one shape per class.
CLASS_STYLE = {
    "Person": ("#e15759", "dot"),
    "Company": ("#4e79a7", "dot"),
    "GovernmentBody": ("#76b7b2", "diamond"),
    "ResearchOrganisation": ("#59a14f", "triangle"),
    "Organisation": ("#9c755f", "dot"),
    "Country": ("#f28e2b", "square"),
    "Place": ("#edc948", "square"),
    "Chip": ("#b07aa1", "hexagon"),
    "AIModel": ("#ff9da7", "star"),
    "Policy": ("#bab0ac", "triangleDown"),
}
#: Graphs up to this many entities are laid out by vis-network in the browser; larger ones in
#: Python before the page is written (``kg.export.layout``), and drawn with physics off.
BROWSER_LAYOUT_MAX = 300
RELATIONS = ("foundedBy", "affiliatedWith", "basedIn", "locatedIn", "country", "develops", "manufactures",
             "usesChip", "ownedBy", "issuedBy", "restricts", "targets", "competesWith")

_ENTITIES = f"""
PREFIX kg: <{ONTOLOGY_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?e ?cls ?label ?alt ?same WHERE {{
  GRAPH <{UNION_GRAPH_IRI}> {{ ?e a ?cls ; rdfs:label ?label . OPTIONAL {{ ?e skos:altLabel ?alt }}
                             OPTIONAL {{ ?e owl:sameAs ?same }} }}
  FILTER(STRSTARTS(STR(?cls), "{ONTOLOGY_NS}"))
}}
"""
_RELATIONS = f"""
PREFIX kg: <{ONTOLOGY_NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?s ?p ?o ?sentence ?doc ?title ?source ?conf WHERE {{
  GRAPH <{UNION_GRAPH_IRI}> {{
    ?s ?p ?o .
    ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:sentence ?sentence ;
        kg:confidence ?conf ; prov:wasDerivedFrom ?doc .
    ?doc kg:source ?source . OPTIONAL {{ ?doc dcterms:title ?title }}
  }}
}}
"""


@dataclass
class ViewGraph:
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict] = field(default_factory=dict)
    left_out: int = 0


def read_view_graph(store: Store) -> ViewGraph:
    view = ViewGraph()
    for row in store.query(_ENTITIES):
        iri = row["e"].value
        cls = row["cls"].value[len(ONTOLOGY_NS):]
        if cls not in CLASS_STYLE:
            continue
        node = view.nodes.setdefault(iri, {"id": iri, "cls": cls, "label": row["label"].value,
                                           "aliases": set(), "wikidata": None})
        if row["alt"] is not None:
            node["aliases"].add(row["alt"].value)
        if row["same"] is not None and "wikidata.org" in row["same"].value:
            node["wikidata"] = row["same"].value
    for row in store.query(_RELATIONS):
        prop = row["p"].value[len(ONTOLOGY_NS):] if row["p"].value.startswith(ONTOLOGY_NS) else None
        s, o = row["s"].value, row["o"].value
        if prop not in RELATIONS or s not in view.nodes or o not in view.nodes:
            continue
        edge = view.edges.setdefault((s, prop, o), {"from": s, "to": o, "label": prop, "evidence": []})
        title = row["title"].value if row["title"] is not None else None
        evidence = {"sentence": row["sentence"].value, "source": row["source"].value, "title": title,
                    "confidence": float(row["conf"].value)}
        if evidence not in edge["evidence"]:
            edge["evidence"].append(evidence)
    for node in view.nodes.values():
        node["aliases"] = sorted(node["aliases"] - {node["label"]})
    return view


def neighbourhood(view: ViewGraph, focus: str, hops: int) -> ViewGraph:
    """The entities within ``hops`` relations of the one named ``focus`` (any of its names)."""
    wanted = focus.casefold()
    starts = [iri for iri, n in view.nodes.items()
              if n["label"].casefold() == wanted or wanted in (a.casefold() for a in n["aliases"])]
    if not starts:
        raise LookupError(f"no entity named {focus!r} in the store")
    adjacent = defaultdict(set)
    for s, _, o in view.edges:
        adjacent[s].add(o)
        adjacent[o].add(s)
    seen = set(starts)
    queue = deque((iri, 0) for iri in starts)
    while queue:
        iri, depth = queue.popleft()
        if depth == hops:
            continue
        for other in adjacent[iri]:
            if other not in seen:
                seen.add(other)
                queue.append((other, depth + 1))
    return _subgraph(view, seen)


def limit_nodes(view: ViewGraph, max_nodes: int) -> ViewGraph:
    """Keep the ``max_nodes`` most connected entities; the page says how many were left out."""
    if len(view.nodes) <= max_nodes:
        return view
    degree = Counter()
    for s, _, o in view.edges:
        degree[s] += 1
        degree[o] += 1
    ranked = sorted(view.nodes, key=lambda iri: (-degree[iri], view.nodes[iri]["label"], iri))
    sub = _subgraph(view, set(ranked[:max_nodes]))
    sub.left_out = len(view.nodes) - max_nodes
    return sub


def _subgraph(view: ViewGraph, keep: set[str]) -> ViewGraph:
    return ViewGraph(
        nodes={iri: n for iri, n in view.nodes.items() if iri in keep},
        edges={k: e for k, e in view.edges.items() if k[0] in keep and k[2] in keep},
        left_out=view.left_out,
    )


def query_view(store: Store, view: ViewGraph, sparql: str) -> ViewGraph:
    """The part of the graph a query names: a CONSTRUCT's relations between entities, or the
    entities a SELECT's rows name (with the relations among them)."""
    import pyoxigraph as ox

    result = store.query(sparql)
    if isinstance(result, ox.QueryTriples):
        keep, edges = set(), {}
        for triple in result:
            s, p, o = triple.subject.value, triple.predicate.value, triple.object.value
            for iri in (s, o):
                if iri in view.nodes:
                    keep.add(iri)
            prop = p[len(ONTOLOGY_NS):] if p.startswith(ONTOLOGY_NS) else None
            key = (s, prop, o)
            if key in view.edges:
                edges[key] = view.edges[key]
        return ViewGraph(nodes={i: n for i, n in view.nodes.items() if i in keep}, edges=edges)
    if isinstance(result, ox.QuerySolutions):
        by_label = {n["label"]: iri for iri, n in view.nodes.items()}
        keep = set()
        for row in result:
            for term in row:
                if term is None:
                    continue
                if term.value in view.nodes:
                    keep.add(term.value)
                elif isinstance(term, ox.Literal) and term.value in by_label:
                    keep.add(by_label[term.value])  # rows of names, as the bundled queries give
        return _subgraph(view, keep)
    raise ValueError("an ASK query names no entities; use CONSTRUCT or SELECT")


def _safe_json(value) -> str:
    """JSON that cannot close a <script> element or open markup."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(view: ViewGraph, title: str = "kg: knowledge graph") -> str:
    from pyvis.network import Network

    degree = Counter()
    for s, _, o in view.edges:
        degree[s] += 1
        degree[o] += 1
    net = Network(directed=True, cdn_resources="in_line")
    large = len(view.nodes) > BROWSER_LAYOUT_MAX
    positions = _positions(view) if large else {}
    for iri, node in sorted(view.nodes.items()):
        colour, shape = CLASS_STYLE[node["cls"]]
        net.add_node(iri, label=node["label"], title=f"{node['label']} ({node['cls']})", color=colour,
                     shape=shape, size=10 + 4 * min(degree[iri], 15), **positions.get(iri, {}))
    for s, p, o in sorted(view.edges):
        net.add_edge(s, o, label=p, title=p, arrows="to")
    net.set_options(json.dumps(_options(len(view.nodes), large)))
    nodes, edges, _, _, _, options = net.get_network_data()
    details = {iri: {"cls": n["cls"], "label": n["label"], "aliases": n["aliases"], "wikidata": n["wikidata"]}
               for iri, n in view.nodes.items()}
    edge_list = []
    for edge in edges:
        key = (edge["from"], edge["label"], edge["to"])
        edge_list.append({"from": edge["from"], "to": edge["to"], "label": edge["label"], "title": edge["label"],
                          "arrows": "to", "evidence": view.edges[key]["evidence"]})
    vis_js = (resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")
    vis_css_path = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.css"
    vis_css = vis_css_path.read_text("utf-8") if vis_css_path.is_file() else ""
    template = (resources.files("kg.export") / "templates" / "view.html").read_text("utf-8")
    legend = [{"cls": cls, "colour": c, "shape": s} for cls, (c, s) in CLASS_STYLE.items()]
    data = {"nodes": nodes, "edges": edge_list, "details": details, "legend": legend,
            "relations": list(RELATIONS), "leftOut": view.left_out, "options": json.loads(options)}
    page = template.replace("/*VIS_JS*/", vis_js.replace("</script", "<\\/script"))
    page = page.replace("/*VIS_CSS*/", vis_css.replace("</style", "<\\/style"))
    page = page.replace("__TITLE__", _escape(title))
    return page.replace("/*GRAPH_DATA*/null", _safe_json(data))


def _options(count: int, large: bool) -> dict:
    """vis-network options. Small graphs get a careful layout in the browser (Kamada-Kawai start,
    ForceAtlas2 stabilisation), in batches of iterations short enough (about as long as 50 on 100
    entities) that a search or a click is answered while it runs. Large ones come laid out
    (``_positions``) and are drawn as they are, with physics off: still from the first frame."""
    if large:
        physics = {"enabled": False}
    else:
        batch = max(10, min(50, 5000 // max(count, 1)))
        physics = {"solver": "forceAtlas2Based",
                   "stabilization": {"enabled": True, "iterations": 400, "fit": True, "updateInterval": batch},
                   "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120}}
    return {
        "layout": {"improvedLayout": not large, "randomSeed": 7},
        "physics": physics,
        "edges": {"font": {"size": 10, "align": "middle"}, "smooth": False if large else {"type": "continuous"}},
        "nodes": {"font": {"size": 14}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large},
    }


def _positions(view: ViewGraph) -> dict[str, dict[str, int]]:
    from kg.export.layout import force_layout

    order = sorted(view.nodes)
    index = {iri: i for i, iri in enumerate(order)}
    xy = force_layout(len(order), [(index[s], index[o]) for s, _, o in view.edges])
    return {iri: {"x": int(round(x)), "y": int(round(y))} for iri, (x, y) in zip(order, xy)}  # whole pixels


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def write_view(store: Store, focus: str | None = None, hops: int = 1, max_nodes: int | None = None,
               query: str | None = None) -> str:
    view = read_view_graph(store)
    if query:
        view = query_view(store, view, query)
    if focus:
        view = neighbourhood(view, focus, hops)
    if max_nodes is not None:
        view = limit_nodes(view, max_nodes)
    return render_html(view)
