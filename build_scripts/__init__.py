"""A static site generator for project publications: one content model, a multilingual website and printable PDFs."""

__version__ = "0.1.0"
