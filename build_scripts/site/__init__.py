"""Stage 4: the website. The site plan, navigation, the one MkDocs glue module and publishing."""
