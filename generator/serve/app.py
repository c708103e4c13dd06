"""``safeprint serve``: the schools of a folder as forms in a browser, each
checked as it is typed and drawn in a proof beside it.

Pages are rendered on the server; a little script (``static/serve.js``) asks
for checks and proofs as the person types. Every school is found by scanning
the folder: a school named in an address that the scan did not find is not
served, so no path from the browser reaches the disk unchecked.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, redirect, render_template, request

from generator.errors import Problem, SafeprintError
from generator.serve import answers, files, form, pages, roundtrip, uploads
from generator.serve.guard import COOKIE, Guard
from generator.serve.proof import Choice, Proofs

ROOT_ID = "~"
SKIPPED = ("output", "node_modules", "__pycache__")
RESCAN_S = 2.0


@dataclass
class Site:
    """What the server serves: a folder of schools."""

    root: Path
    proofs: Proofs = field(default_factory=Proofs)
    _scanned: tuple[float, dict[str, Path]] | None = None

    def schools(self) -> dict[str, Path]:
        """Each school file below the folder, by its folder's path (its id).
        Hidden folders, output folders and links to folders are not entered;
        a school file that links out of the folder is not one. Scanned again
        at most every two seconds."""
        now = time.monotonic()
        if self._scanned is None or now - self._scanned[0] > RESCAN_S:
            self._scanned = (now, self._scan())
        return self._scanned[1]

    def _scan(self) -> dict[str, Path]:
        root = self.root.resolve()
        found = {}
        for folder, folders, names in os.walk(root):
            folders[:] = sorted(
                f for f in folders if not f.startswith(".") and f not in SKIPPED
            )
            path = Path(folder) / "school.yaml"
            if "school.yaml" not in names or not path.is_file():
                continue
            if not path.resolve().is_relative_to(root):
                continue
            sid = Path(folder).relative_to(root).as_posix()
            found[ROOT_ID if sid == "." else sid] = path
        return found

    def forget(self) -> None:
        """Scan again at the next request (a school was added)."""
        self._scanned = None

    def school(self, sid: str) -> Path:
        path = self.schools().get(sid)
        if path is None:
            abort(404)
        return path


def create_app(root: Path, guard: Guard) -> Flask:
    """The web application for the schools in ``root``."""
    # Long on purpose: Flask's application factory, whose routes are short
    # closures over this app's site and guard; each route is read where it is
    # declared, as Flask's own documentation lays a factory out.
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = uploads.MAX_UPLOAD + 200_000
    site = Site(root)
    app.extensions["safeprint"] = site
    # The form's fields and descriptions, made before the first request: the
    # models are described (and rebuilt) once, not by two requests at once.
    form.schema()

    @app.before_request
    def check_request() -> Any:
        refused = guard.refuse(request)
        if refused:
            status, words = refused
            return _refusal(status, words)
        if guard.token and request.args.get("token"):
            # The token moves to a cookie, out of the address bar and history.
            answer = redirect(request.path)
            answer.set_cookie(COOKIE, guard.token, httponly=True, samesite="Strict")
            return answer
        return None

    @app.after_request
    def headers(answer: Response) -> Response:
        answer.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
            "script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        )
        answer.headers["X-Content-Type-Options"] = "nosniff"
        answer.headers["Referrer-Policy"] = "same-origin"
        answer.headers["Cache-Control"] = "no-store"
        return answer

    @app.errorhandler(413)
    def too_large(_: Any) -> Any:
        return _refusal(413, "That file is too large to send (5 MB at most).")

    @app.errorhandler(SafeprintError)
    def cannot_read(exc: SafeprintError) -> Any:
        # A school file this page cannot edit (YAML it cannot read, say).
        return _refusal(400, _problem_words(exc.problems, "Fix this first: "))

    @app.context_processor
    def page_values() -> dict[str, Any]:
        return {"csrf": guard.csrf}

    @app.get("/favicon.ico")
    def favicon() -> Any:
        return Response(status=204)

    @app.get("/")
    def index() -> str:
        rows = [pages.state(sid, path) for sid, path in site.schools().items()]
        return render_template("index.html", schools=rows, root=str(root))

    @app.post("/new")
    def new() -> Any:
        from generator.cli.scaffold import scaffold
        from generator.resolve.pack import slugify

        name = request.form.get("name", "").strip()[:100]
        slug = slugify(name) if name else ""
        if not slug:
            return _refusal(400, "Give the school's name to start it.")
        folder = root / slug
        if (folder / "school.yaml").exists():
            return _refusal(409, f"There is already a school in {slug}/.")
        scaffold(folder)
        site.forget()
        document = roundtrip.read(folder / "school.yaml")
        document.data["school"]["name"] = name
        roundtrip.save(document, document.digest)
        return redirect(f"/school/{slug}/", code=303)

    @app.get("/school/<path:sid>/")
    def school(sid: str) -> str:
        path = site.school(sid)
        document = roundtrip.read(path)
        labels, roles = pages.nation_words(document.data)
        return render_template(
            "school.html",
            sid=sid,
            path=path,
            digest=document.digest,
            fields=form.fields(document.data, labels, roles),
            products=pages.products(),
        )

    @app.post("/school/<path:sid>/check")
    def check(sid: str) -> Any:
        path = site.school(sid)
        text = _edited(path)
        return jsonify(pages.problems(path, text))

    @app.post("/school/<path:sid>/proof")
    def proof(sid: str) -> Any:
        path = site.school(sid)
        viewer = f"{sid}|{request.form.get('_viewer', '')[:40]}"
        seq = _int(request.form.get("_seq"))
        site.proofs.ask(viewer, seq)
        text = _edited(path)
        choice = Choice(
            request.form.get("_product", "staff-poster"),
            request.form.get("_size", ""),
            request.form.get("_band", ""),
            request.form.get("_languages", ""),
        )
        return jsonify(site.proofs.draw(path, text, choice, viewer, seq))

    @app.post("/school/<path:sid>/save")
    def save(sid: str) -> Any:
        path = site.school(sid)
        document = roundtrip.read(path)
        answers.apply(document.data, _form())
        keep_both = request.form.get("_keep_both") == "1"
        try:
            written = roundtrip.save(
                document, request.form.get("_digest", ""), keep_both=keep_both
            )
        except roundtrip.Conflict:
            if not _fetched():
                return _refusal(409, CHANGED_ON_DISK)
            return jsonify({"conflict": True}), 409
        if not _fetched():  # a page without its script: back to the form
            return redirect(f"/school/{sid}/", code=303)
        fresh = roundtrip.digest(path.read_bytes())
        return jsonify(
            {"saved": written.name, "digest": fresh, "moved": written != path}
        )

    @app.post("/school/<path:sid>/photo")
    def photo(sid: str) -> Any:
        path = site.school(sid)
        sent = request.files.get("file")
        if sent is None:
            return _refusal(400, "Choose a picture to send.")
        data = sent.stream.read(uploads.MAX_UPLOAD + 1)
        try:
            crop = uploads.Crop.parse(
                request.form.get("x"), request.form.get("y"), request.form.get("zoom")
            )
            stored = uploads.store(path.parent, data, sent.filename or "photo", crop)
        except SafeprintError as exc:
            return jsonify({"error": exc.problems[0].message}), 400
        return jsonify({"path": stored})

    @app.get("/school/<path:sid>/pdf/<filename>")
    def pdf(sid: str, filename: str) -> Any:
        from generator.layout.engine import warm_renderer

        path = site.school(sid)
        try:
            product = files.filenames(path).get(filename)
            if product is None:
                abort(404)
            with site.proofs.lock:
                _, built = files.make_files(path, warm_renderer(), product)
        except SafeprintError as exc:
            return _refusal(400, _problem_words(exc.problems))
        doc = next(b for b in built if b.variant.filename == filename)
        return _download(doc.pdf, filename, "application/pdf")

    @app.get("/school/<path:sid>/pack.zip")
    def pack(sid: str) -> Any:
        from generator.layout.engine import warm_renderer

        path = site.school(sid)
        try:
            with site.proofs.lock:
                made, built = files.make_files(path, warm_renderer())
        except SafeprintError as exc:
            return _refusal(400, _problem_words(exc.problems))
        data = files.pack_zip(made.slug, made.school.school.name, built)
        return _download(data, f"{made.slug}.zip", "application/zip")

    return app


CHANGED_ON_DISK = (
    "Not saved: the school file changed on disk after this page opened it. "
    "Go back, copy what you changed, and open the school again."
)


def _fetched() -> bool:
    """Asked by the page's script (which wants JSON), not by a plain form."""
    return request.headers.get("X-Requested-With") == "fetch"


def _refusal(status: int, words: str) -> Any:
    if _fetched():
        return jsonify({"error": words}), status
    return render_template("refused.html", words=words), status


def _download(data: bytes, name: str, kind: str) -> Response:
    answer = Response(data, mimetype=kind)
    answer.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return answer


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def _form() -> dict[str, list[str]]:
    return {key: request.form.getlist(key) for key in request.form}


def _edited(path: Path) -> str:
    """The school file as the page has it: the file on disk with the form's
    answers put in (as plain YAML: checks and proofs need its values, not its
    comments, and this is several times faster than a round trip)."""
    data = roundtrip.plain_copy(path)
    answers.apply(data, _form())
    return roundtrip.plain_dump(data)


def _problem_words(problems: list[Problem], lead: str = "Fix these first: ") -> str:
    return lead + "; ".join(str(p) for p in problems[:5])
