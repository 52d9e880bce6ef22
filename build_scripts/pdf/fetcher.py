"""The sandbox of the PDF renderer: WeasyPrint may read only our own files.

WeasyPrint's default fetcher reads any local file and any web address. Ours
allows data: URIs and the project's files under the same path policy as the
site (build_scripts.sources.sourcefile.project_path: symlinks resolved, inside
the project, no hidden folder), plus the build's merged print theme (whose
files passed that policy when it was written), and stops the render on
anything else, naming the address so that the build can point at the line
that asked for it.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from build_scripts.sources.sourcefile import project_path


class SandboxViolation(FatalURLFetchingError):
    """A document asked for a resource outside the sandbox; the render stops."""

    def __init__(self, message: str, url: str = ""):
        super().__init__(message)
        self.url = url


class SandboxedFetcher(URLFetcher):
    """Fetches data: URIs and the files of one project that the path policy allows; refuses the rest."""

    def __init__(self, project_root: Path, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.root = Path(project_root)
        # The merged print theme: written by the build, from the package and files that passed the policy.
        self.theme = Path(os.path.realpath(self.root / ".links-cache" / "theme" / "pdf"))

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the resource, or raise :class:`SandboxViolation`."""
        scheme = urlparse(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise SandboxViolation(f"the document refers to '{url}', outside the project; "
                                   "brochures may only use files of the project", url)
        path = Path(unquote(urlparse(url).path))
        real = project_path(self.root, path)  # follows symlinks and ../ alike
        if real is None:
            theme_file = Path(os.path.realpath(path))
            if self.theme == theme_file.parent or self.theme in theme_file.parents:
                real = theme_file
        if real is None:
            raise SandboxViolation(f"the document refers to the file '{path}', outside the project", url)
        if not real.is_file():
            raise SandboxViolation(f"the document refers to the file '{path}', which does not exist", url)
        mime = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(real.as_uri(), body=real.read_bytes(), headers={"Content-Type": mime})
