"""The only way a document reaches outside itself: a fetcher with a short list.

It serves ``data:`` URIs and a few allowed local files and folders: from the school's
folder only the files its school file names and its own ``templates/`` (all of them
among the school's inputs, so a change to any is seen), then safeprint's styles
(icons, illustrations) and the font packages. Anything else, the network above all,
is refused and the refusal is logged so tests can watch every fetch.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

REFUSED_SUFFIXES = {".eps", ".ps", ".epsi", ".epsf", ".pdf", ".ai"}


class Refused(FatalURLFetchingError):
    """A document asked for something outside what it may read."""


class _Checked(URLFetcherResponse):
    """A school's file as checked (an image written afresh): WeasyPrint reads
    a local image again from its path when it writes the PDF, so this response
    names none, and the bytes checked are the bytes used."""

    @property
    def path(self) -> None:
        return None


class SafeFetcher(URLFetcher):
    """Serve ``data:`` and ``roots`` (files, and folders with what is in
    them); refuse everything else. A refusal names a file inside ``home``
    (the school's folder) from there."""

    def __init__(self, roots: tuple[Path, ...], home: Path | None = None) -> None:
        super().__init__(allowed_protocols={"data", "file"})
        self.roots = tuple(root.resolve() for root in roots)
        self.home = home.resolve() if home else None
        self.log: list[tuple[str, bool]] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            self.log.append((url[:40], True))
            return super().fetch(url, headers)
        path = self._allowed_path(url) if scheme == "file" else None
        self.log.append((url, path is not None))
        if path is None:
            raise Refused(self._refusal(url))
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if self.home is not None and path.is_relative_to(self.home):
            data, kind = self._school_file(path)
            return _Checked(path.as_uri(), data, {"Content-Type": kind or media_type})
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), {"Content-Type": media_type}
        )

    def _school_file(self, path: Path) -> tuple[bytes, str | None]:
        """A file of the school's folder, checked as it is opened: a plain
        file with one name, and any image in it under the image policy."""
        from generator.load.confine import file_problem
        from generator.render.images import ImageRefused, served

        assert self.home is not None
        name = path.relative_to(self.home).as_posix()
        problem = file_problem(path, self.home)
        if problem:
            raise Refused(f"refused to fetch {name}: it {problem}")
        try:
            return served(path)
        except ImageRefused as exc:
            raise Refused(f"refused to show {name}: it {exc}") from None
        except OSError as exc:
            raise Refused(f"cannot read {name}: {exc.strerror}") from None

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if path.suffix.lower() in REFUSED_SUFFIXES or not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def _refusal(self, url: str) -> str:
        rule = (
            "a document may use only the files its school file names (logo, "
            "photos) and those kept in the school's templates/ folder"
        )
        parts = urlsplit(url)
        asked = Path(unquote(parts.path))
        if parts.scheme.lower() != "file" or self.home is None:
            return f"refused to fetch {url}: {rule}"
        if not asked.is_relative_to(self.home):
            return f"refused to fetch {url}: {rule}"
        name = asked.relative_to(self.home).as_posix()
        if asked.resolve() != asked:  # a link, or a link on the way
            return (
                f"refused to fetch {name}: it is a link to {asked.resolve()}, "
                f"and {rule} — put the file itself there"
            )
        if not asked.is_file():
            return f"refused to fetch {name}: there is no such file — {rule}"
        if asked.suffix.lower() in REFUSED_SUFFIXES:
            return (
                f"refused to fetch {name}: PostScript, EPS and PDF images are "
                "not used — give a PNG, JPEG or SVG"
            )
        return (
            f"refused to fetch {name}: {rule} — move it into templates/ and "
            "refer to it from there"
        )
