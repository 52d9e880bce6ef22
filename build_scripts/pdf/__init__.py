"""Stage 3: the PDFs. Documents, their HTML, the sandboxed fetcher and the WeasyPrint renderer."""
