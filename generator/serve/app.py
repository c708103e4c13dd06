"""``safeprint serve``: the schools of a folder as forms in a browser, each
checked as it is typed and drawn in a proof beside it.

Pages are rendered on the server; a little script (``static/serve.js``) asks
for checks and proofs as the person types. Every school is found by scanning
the folder: a school named in an address that the scan did not find is not
served, so no path from the browser reaches the disk unchecked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, redirect, render_template, request

from generator.errors import Problem, SafeprintError
from generator.serve import files, form, roundtrip, uploads
from generator.serve.guard import COOKIE, Guard
from generator.serve.proof import Choice, Proofs, _plain

ROOT_ID = "~"
SKIPPED = ("output", "node_modules")


@dataclass
class Site:
    """What the server serves: a folder of schools."""

    root: Path
    proofs: Proofs = field(default_factory=Proofs)

    def schools(self) -> dict[str, Path]:
        """Each school file below the folder, by its folder's path (its id)."""
        root = self.root.resolve()
        found = {}
        for path in sorted(root.rglob("school.yaml")):
            parts = path.relative_to(root).parts
            if any(p.startswith(".") or p in SKIPPED for p in parts):
                continue
            if not path.resolve().is_relative_to(root) or not path.is_file():
                continue  # a link out of the folder
            folder = path.parent.relative_to(root).as_posix()
            found[ROOT_ID if folder == "." else folder] = path
        return found

    def school(self, sid: str) -> Path:
        path = self.schools().get(sid)
        if path is None:
            abort(404)
        return path


def create_app(root: Path, guard: Guard) -> Flask:
    """The web application for the schools in ``root``."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = uploads.MAX_UPLOAD + 200_000
    site = Site(root)
    app.extensions["safeprint"] = site

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
        rows = [_state(sid, path) for sid, path in site.schools().items()]
        return render_template("index.html", schools=rows, root=str(root))

    @app.post("/new")
    def new() -> Any:
        from generator.resolve import slugify
        from generator.scaffold import scaffold

        name = request.form.get("name", "").strip()[:100]
        slug = slugify(name) if name else ""
        if not slug:
            return _refusal(400, "Give the school's name to start it.")
        folder = root / slug
        if (folder / "school.yaml").exists():
            return _refusal(409, f"There is already a school in {slug}/.")
        scaffold(folder)
        document = roundtrip.read(folder / "school.yaml")
        document.data["school"]["name"] = name
        roundtrip.save(document, document.digest)
        return redirect(f"/school/{slug}/", code=303)

    @app.get("/school/<path:sid>/")
    def school(sid: str) -> str:
        path = site.school(sid)
        document = roundtrip.read(path)
        labels, roles = _nation_words(document.data)
        return render_template(
            "school.html",
            sid=sid,
            path=path,
            digest=document.digest,
            fields=form.fields(document.data, labels, roles),
            products=_products(),
        )

    @app.post("/school/<path:sid>/check")
    def check(sid: str) -> Any:
        path = site.school(sid)
        text = _edited(path)
        return jsonify(_problems(path, text))

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
        form.apply(document.data, _form())
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
        from generator.layout import warm_renderer

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
        from generator.layout import warm_renderer

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
    form.apply(data, _form())
    return roundtrip.plain_dump(data)


def _problems(path: Path, text: str) -> dict[str, Any]:
    """Everything ``safeprint check`` says of the edited school, for the page."""
    from generator.school import prepare

    try:
        _, warnings = prepare(path, text=text)
        problems: list[Problem] = warnings
    except SafeprintError as exc:
        problems = exc.problems
    return {"problems": [_plain(p) for p in problems], "contrast": _contrast(text)}


def _contrast(text: str) -> dict[str, str]:
    """For each brand colour: the text colour printed on it, and its contrast."""
    import yaml

    from generator.colours import PUPIL_RATIO, TEXT_RATIO, contrast, text_on

    try:
        brand = (yaml.safe_load(text) or {}).get("brand") or {}
    except (yaml.YAMLError, AttributeError):
        return {}
    shown = {}
    for key in ("primary", "accent"):
        colour = str(brand.get(key, ""))
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            continue
        ink = text_on(colour)
        ratio = contrast(ink, colour)
        verdict = (
            "enough for pupils' and staff's text"
            if ratio >= PUPIL_RATIO
            else "enough for staff's text"
            if ratio >= TEXT_RATIO
            else "too little: text on it is printed darker"
        )
        words = "white" if ink.lower() in ("#fff", "#ffffff") else ink
        shown[f"brand.{key}"] = f"Text on it in {words}: {ratio:.1f}:1, {verdict}"
    return shown


def _state(sid: str, path: Path) -> dict[str, Any]:
    """A school's line on the list: its name and how it stands."""
    from generator.school import prepare

    name, state, count = sid, "ready", 0
    try:
        pack, warnings = prepare(path)
        name = pack.school.school.name
        if any(w.field.startswith("review") for w in warnings):
            state, count = "review due", len(warnings)
        elif warnings:
            state, count = "warnings", len(warnings)
    except SafeprintError as exc:
        state, count = "errors", len(exc.problems)
    return {"id": sid, "name": name, "state": state, "count": count}


def _nation_words(data: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Labels in the school's nation's words: its role titles, its names for
    children's services and the officer for allegations."""
    from generator.resolve import load_nation

    try:
        nation = load_nation(str(data["school"]["nation"]))
    except (SafeprintError, KeyError, TypeError):
        return {}, {}
    roles = {role: r.title for role, r in nation.roles.items()}
    roles["other"] = "Someone else (give their title)"
    words = nation.contact_labels
    labels = {
        "local_contacts.children_services": words.get("children_services", ""),
        "local_contacts.children_services.out_of_hours": words.get("out_of_hours", ""),
        "local_contacts.lado": words.get("lado", ""),
        "team": f"Safeguarding team (the {roles['dsl']} first)",
    }
    return {k: v for k, v in labels.items() if v}, roles


def _products() -> list[tuple[str, str]]:
    from generator.products import PRODUCTS

    return [(p.id, p.title) for p in PRODUCTS.values()]


def _problem_words(problems: list[Problem], lead: str = "Fix these first: ") -> str:
    return lead + "; ".join(str(p) for p in problems[:5])
