"""The sandbox of the PDF renderer: WeasyPrint may read only our own files.

WeasyPrint's default fetcher reads any local file and any web address. Ours
allows data: URIs and files inside the project (symlinks resolved), where the
merged print theme is written too, and stops the build on anything else.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class SandboxViolation(FatalURLFetchingError):
    """A document asked for a resource outside the sandbox; the render stops."""


class SandboxedFetcher(URLFetcher):
    """Fetches data: URIs and files inside the allowed folders of one project; refuses the rest."""

    def __init__(self, project_root: Path, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        root = Path(project_root).resolve()
        self.allowed = (root,)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the resource, or raise :class:`SandboxViolation`."""
        scheme = urlparse(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise SandboxViolation(f"the document refers to '{url}', outside the project; "
                                   "brochures may only use files of the project")
        path = Path(unquote(urlparse(url).path))
        real = path.resolve()  # follows symlinks and ../ alike
        if not any(real == folder or folder in real.parents for folder in self.allowed):
            raise SandboxViolation(f"the document refers to the file '{path}', outside the project")
        if not real.is_file():
            raise SandboxViolation(f"the document refers to the file '{path}', which does not exist")
        mime = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(real.as_uri(), body=real.read_bytes(), headers={"Content-Type": mime})
