"""Editors' tools on top of the build: scaffolding (`links new`) and the live preview."""
