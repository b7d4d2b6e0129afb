"""Exporters: RDF serialisations and the HTML view. Never imports extract/."""
