"""Stage 2: the content model. Loading every source into one typed project, URLs and cross-checks."""
