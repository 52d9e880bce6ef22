"""Stage 1: reading sources. Files, YAML with positions, the field schema, the Markdown scanner, git history."""
