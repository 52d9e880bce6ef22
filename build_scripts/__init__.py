"""LINKS publishing system: one content model, a multilingual website and printable brochures."""

__version__ = "0.1.0"
