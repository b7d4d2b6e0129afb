"""The namespaces the graph is written in: the ontology's and the one its entities' IRIs are
minted under. Plain strings that import nothing, so that every layer can use them."""

ONTOLOGY_NS = "https://w3id.org/kg-aichips/ontology#"
ID_NS = "https://w3id.org/kg-aichips/id/"
