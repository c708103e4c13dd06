"""safeprint serve: the form, its checks, saving, proofs and downloads, and
what keeps the server to the person who started it (Flask's test client)."""

from __future__ import annotations

import io
import shutil
import threading
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from generator.paths import example_schools_dir
from generator.serve import make_server
from generator.serve.app import create_app
from generator.serve.guard import COOKIE, Guard

OAKFIELD = "oakfield-primary"


class FormInputs(HTMLParser):
    """The values a browser would send for the school form."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self.depth = 0  # inside <template> (a new row's pattern): not sent
        self.select: str | None = None
        self.textarea: str | None = None
        self.csrf = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "template":
            self.depth += 1
        if tag == "meta" and a.get("name") == "csrf":
            self.csrf = a["content"]
        if self.depth or "name" not in a:
            if tag == "option" and self.select and "selected" in a:
                self.values.append((self.select, a["value"]))
            return
        if tag == "input":
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            if a.get("type") != "file":
                self.values.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "textarea":
            self.textarea = a["name"]
            self.values.append((a["name"], ""))

    def handle_data(self, data: str) -> None:
        if self.textarea and not self.depth:
            name, before = self.values[-1]
            self.values[-1] = (name, before + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.depth -= 1
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


@pytest.fixture
def schools(tmp_path: Path) -> Path:
    root = tmp_path / "schools"
    for name in (OAKFIELD, "glenburn-primary"):
        shutil.copytree(example_schools_dir() / name, root / name)
    return root


@pytest.fixture
def guard() -> Guard:
    # The test client says "Host: localhost", as a browser on port 80 would.
    return Guard("127.0.0.1", 80)


@pytest.fixture
def client(schools: Path, guard: Guard) -> Any:
    return create_app(schools, guard).test_client()


def page_form(client: Any, sid: str = OAKFIELD) -> tuple[list[tuple[str, str]], str]:
    answer = client.get(f"/school/{sid}/")
    assert answer.status_code == 200
    parser = FormInputs()
    parser.feed(answer.get_data(as_text=True))
    return parser.values, parser.csrf


def changed(values: list[tuple[str, str]], **new: str) -> list[tuple[str, str]]:
    """The form with some fields (``team__0__phone`` for ``team[0].phone``) set."""
    names = {
        k.replace("__", ".").replace(".0.", "[0].").replace(".1.", "[1]."): v
        for k, v in new.items()
    }
    return [(n, names.get(n, v)) for n, v in values]


def post(
    client: Any, path: str, values: list[tuple[str, str]], csrf: str, **extra: Any
) -> Any:
    data: dict[str, Any] = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    return client.post(
        path,
        data=data,
        headers={"X-CSRF-Token": csrf, "X-Requested-With": "fetch"},
        **extra,
    )


# --- the form and the file ---------------------------------------------------------


def test_saving_the_form_untouched_leaves_the_file_byte_for_byte(
    client: Any, schools: Path
) -> None:
    path = schools / OAKFIELD / "school.yaml"
    before = path.read_bytes()
    values, csrf = page_form(client)
    answer = post(client, f"/school/{OAKFIELD}/save", values, csrf)
    assert answer.status_code == 200, answer.get_json()
    assert path.read_bytes() == before


def test_an_edit_changes_its_line_only_keeping_comments_and_quotes(
    client: Any, schools: Path
) -> None:
    path = schools / "glenburn-primary" / "school.yaml"
    before = path.read_text().splitlines()
    values, csrf = page_form(client, "glenburn-primary")
    values = changed(values, team__0__phone="0131 496 0999")
    answer = post(client, "/school/glenburn-primary/save", values, csrf)
    assert answer.status_code == 200
    after = path.read_text().splitlines()
    assert len(after) == len(before)
    differ = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert differ == [('    phone: "0131 496 0123"', '    phone: "0131 496 0999"')]


def test_rows_moved_in_the_form_move_in_the_file_with_their_comments(
    client: Any, schools: Path
) -> None:
    path = schools / OAKFIELD / "school.yaml"
    values, csrf = page_form(client)
    # The browser renumbers the rows: the second comes first, as it was moved.
    swap = {"team[0]": "team[1]", "team[1]": "team[0]"}
    moved = []
    for name, value in values:
        for old, new in swap.items():
            if name.startswith(old + "."):
                name = new + name[len(old) :]
                break
        moved.append((name, value))
    post(client, f"/school/{OAKFIELD}/save", moved, csrf)
    text = path.read_text()
    assert text.index("Mr Tom Reed") < text.index("Ms Aisha Khan")
    assert text.count("#") == (
        example_schools_dir() / OAKFIELD / "school.yaml"
    ).read_text().count("#")


def test_labels_are_the_nations_words(client: Any) -> None:
    scotland = client.get("/school/glenburn-primary/").get_data(as_text=True)
    england = client.get(f"/school/{OAKFIELD}/").get_data(as_text=True)
    assert ">Child Protection Coordinator</option>" in scotland
    assert "Designated Safeguarding Lead</option>" not in scotland
    assert ">Designated Safeguarding Lead</option>" in england
    assert "Social work services" in scotland


def test_each_field_carries_its_description_from_the_model(client: Any) -> None:
    from generator.validate.models import SchoolFile

    page = client.get(f"/school/{OAKFIELD}/").get_data(as_text=True)
    field = SchoolFile.model_json_schema()["properties"]["worry_box"]
    # With its example: "Where pupils can post a worry, e.g. Outside the library."
    assert f"{field['description'].rstrip('.')}, e.g. {field['examples'][0]}" in page


# --- live checks -----------------------------------------------------------------


def test_a_wrong_phone_number_is_flagged_at_its_field_in_checks_words(
    client: Any,
) -> None:
    values, csrf = page_form(client)
    answer = post(
        client,
        f"/school/{OAKFIELD}/check",
        changed(values, team__0__phone="12345"),
        csrf,
    )
    problems = answer.get_json()["problems"]
    mine = [p for p in problems if p["field"] == "team[0].phone"]
    assert mine and not mine[0]["warning"]
    assert "phone" in mine[0]["message"] or "number" in mine[0]["message"]


def test_checks_of_the_untouched_form_are_those_of_safeprint_check(
    client: Any, schools: Path
) -> None:
    from generator.runner.school import prepare

    _, warnings = prepare(schools / OAKFIELD / "school.yaml")
    values, csrf = page_form(client)
    problems = post(client, f"/school/{OAKFIELD}/check", values, csrf).get_json()[
        "problems"
    ]
    assert [p["message"] for p in problems] == [w.message for w in warnings]


# --- saving when the file changed on disk -------------------------------------


def test_a_file_changed_on_disk_is_never_overwritten(
    client: Any, schools: Path
) -> None:
    path = schools / OAKFIELD / "school.yaml"
    values, csrf = page_form(client)
    path.write_text(path.read_text() + "# edited in a text editor\n")
    edited = path.read_bytes()
    mine = changed(values, worry_box__en="By the office")
    answer = post(client, f"/school/{OAKFIELD}/save", mine, csrf)
    assert answer.status_code == 409
    assert path.read_bytes() == edited
    both = post(client, f"/school/{OAKFIELD}/save", mine + [("_keep_both", "1")], csrf)
    assert both.get_json()["saved"] == "school-2.yaml"
    assert path.read_bytes() == edited
    assert "By the office" in (path.parent / "school-2.yaml").read_text()


def test_of_two_saves_from_one_page_at_once_one_wins(
    client: Any, schools: Path
) -> None:
    path = schools / OAKFIELD / "school.yaml"
    values, csrf = page_form(client)
    answers: list[int] = []

    def save(words: str) -> None:
        mine = changed(values, worry_box__en=words)
        answers.append(post(client, f"/school/{OAKFIELD}/save", mine, csrf).status_code)

    threads = [threading.Thread(target=save, args=(f"Place {n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 409, 409, 409]
    assert sum(f"Place {n}" in path.read_text() for n in range(4)) == 1


# --- new schools, photos -------------------------------------------------------


def test_a_new_school_is_the_scaffold_with_its_name(client: Any, schools: Path) -> None:
    values, csrf = page_form(client)
    answer = client.post("/new", data={"name": "Hill Top Primary", "csrf": csrf})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/school/hill-top-primary/")
    text = (schools / "hill-top-primary" / "school.yaml").read_text()
    assert 'name: "Hill Top Primary"     # the school' in text
    assert "# the school's full name" in text
    assert client.get("/school/hill-top-primary/").status_code == 200


def png_bytes(size: tuple[int, int] = (40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#3366aa").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client: Any, csrf: str, data: bytes, name: str) -> Any:
    return client.post(
        f"/school/{OAKFIELD}/photo",
        data={"file": (io.BytesIO(data), name)},
        headers={"X-CSRF-Token": csrf, "X-Requested-With": "fetch"},
    )


def test_a_photo_is_kept_in_assets_under_a_safe_name(
    client: Any, schools: Path
) -> None:
    _, csrf = page_form(client)
    answer = upload(client, csrf, png_bytes(), "../../Head Teacher.PNG")
    assert answer.status_code == 200
    assert answer.get_json()["path"] == "assets/head-teacher.png"
    assert (
        schools / OAKFIELD / "assets" / "head-teacher.png"
    ).read_bytes() == png_bytes()
    assert not list((schools / OAKFIELD / "assets").glob(".upload*"))


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"MZ\x90\x00 not a picture", "photo.jpg", "not a PNG, JPEG or SVG"),
        (png_bytes()[:60], "cut.png", "damaged"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "a.svg",
            "script",
        ),
    ],
)
def test_a_fake_or_damaged_upload_is_refused_and_not_kept(
    client: Any, schools: Path, data: bytes, name: str, words: str
) -> None:
    _, csrf = page_form(client)
    before = sorted((schools / OAKFIELD / "assets").iterdir())
    answer = upload(client, csrf, data, name)
    assert answer.status_code == 400
    assert words in answer.get_json()["error"]
    assert sorted((schools / OAKFIELD / "assets").iterdir()) == before


def test_an_oversized_upload_is_refused(client: Any) -> None:
    _, csrf = page_form(client)
    answer = upload(client, csrf, b"\x89PNG\r\n\x1a\n" + b"0" * 6_000_000, "big.png")
    assert answer.status_code == 413


# --- safe by default --------------------------------------------------------------


def test_another_host_name_is_turned_away(client: Any) -> None:
    answer = client.get("/", headers={"Host": "attacker.example:80"})
    assert answer.status_code == 421
    assert client.get("/", headers={"Host": "localhost"}).status_code == 200


def test_a_change_without_the_pages_token_is_refused(
    client: Any, schools: Path
) -> None:
    path = schools / OAKFIELD / "school.yaml"
    before = path.read_bytes()
    values, csrf = page_form(client)
    mine = [(n, v) for n, v in changed(values, worry_box__en="Moved") if n != "csrf"]
    assert post(client, f"/school/{OAKFIELD}/save", mine, "wrong").status_code == 403
    assert client.post(f"/school/{OAKFIELD}/save", data=dict(mine)).status_code == 403
    cross = post(
        client,
        f"/school/{OAKFIELD}/save",
        mine,
        csrf,
        environ_base={"HTTP_ORIGIN": "http://attacker.example"},
    )
    assert cross.status_code == 403
    assert client.post("/new", data={"name": "X"}).status_code == 403
    assert path.read_bytes() == before


def test_a_server_for_other_machines_wants_its_token(schools: Path) -> None:
    client = create_app(schools, Guard("0.0.0.0", 80, "s3cret")).test_client()
    assert client.get("/").status_code == 403
    assert client.get("/", headers={"Cookie": f"{COOKIE}=wrong"}).status_code == 403
    first = client.get("/?token=s3cret")
    assert first.status_code == 302 and first.headers["Location"] == "/"
    assert client.get("/").status_code == 200  # the cookie carries it now


def test_listening_beyond_this_machine_makes_a_token() -> None:
    server, guard = make_server(Path("."), "0.0.0.0", 0, None)
    try:
        assert guard.token and len(guard.token) >= 20
    finally:
        server.server_close()
    server, guard = make_server(Path("."), "127.0.0.1", 0, None)
    server.server_close()
    assert guard.token is None


@pytest.mark.parametrize(
    "path",
    [
        "/school/../../etc/",
        "/school/%2e%2e/%2e%2e/etc/",
        "/school/oakfield-primary/../glenburn-primary/../../x/",
        "/school/%2Fetc/",
        "/school/oakfield-primary/assets/",
        "/school/oakfield-primary/pdf/..%2F..%2Fschool.yaml",
        "/school/oakfield-primary/pdf/school.yaml",
        "/school/~/",
        "/static/..%2F..%2Fapp.py",
    ],
)
def test_no_path_from_the_browser_reaches_outside_the_schools(
    client: Any, path: str
) -> None:
    assert client.get(path).status_code in (404, 308)


def test_a_link_out_of_the_folder_is_not_a_school(
    client: Any, schools: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    shutil.copytree(example_schools_dir() / "glenburn-primary", outside)
    (schools / "linked").symlink_to(outside)
    assert client.get("/school/linked/").status_code == 404


# --- proofs and downloads ---------------------------------------------------------


def test_a_proof_is_the_edited_school_drawn(client: Any) -> None:
    values, csrf = page_form(client)
    extra = [("_product", "staff-poster"), ("_size", "a3")]
    answer = post(client, f"/school/{OAKFIELD}/proof", values + extra, csrf).get_json()
    assert answer["file"] == "staff-poster-a3.pdf"
    assert len(answer["pages"]) == 1 and answer["pages"][0].startswith("data:image/png")
    wrong = changed(values, team__0__phone="12345")
    refused = post(client, f"/school/{OAKFIELD}/proof", wrong + extra, csrf).get_json()
    assert "pages" not in refused
    assert any(p["field"] == "team[0].phone" for p in refused["problems"])


def test_a_crash_in_a_proof_is_a_message_and_the_server_goes_on(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.runner.document

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    values, csrf = page_form(client)
    monkeypatch.setattr(generator.runner.document, "make", broken)
    answer = post(client, f"/school/{OAKFIELD}/proof", values, csrf).get_json()
    assert answer["error"].startswith("The proof could not be drawn")
    monkeypatch.undo()
    again = post(client, f"/school/{OAKFIELD}/proof", values, csrf).get_json()
    assert again["pages"]


def test_an_overtaken_proof_is_not_drawn(client: Any, schools: Path) -> None:
    site = client.application.extensions["safeprint"]
    site.proofs.ask("viewer", 5)
    from generator.serve.proof import Choice

    answer = site.proofs.draw(
        schools / OAKFIELD / "school.yaml", "", Choice(), "viewer", 4
    )
    assert answer == {"superseded": True}


def test_the_pack_is_a_zip_with_every_pdf_and_how_to_print_them(client: Any) -> None:
    answer = client.get("/school/glenburn-primary/pack.zip")
    assert answer.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    names = archive.namelist()
    assert "glenburn-primary/staff-card-sheet-a4.pdf" in names
    assert all(archive.read(n).startswith(b"%PDF") for n in names if n.endswith(".pdf"))
    note = archive.read("glenburn-primary/PRINTING.txt").decode()
    assert "flip on the LONG edge" in note and "SHORT edge" in note


def test_the_school_list_shows_how_each_stands(client: Any, schools: Path) -> None:
    path = schools / "glenburn-primary" / "school.yaml"
    path.write_text(path.read_text().replace('phone: "0131 496 0123"', "phone: 12"))
    page = client.get("/").get_data(as_text=True)
    assert "Glenburn Primary School" not in page or "errors" in page
    assert "state-errors" in page
    assert "Oakfield Primary School" in page


def test_removing_the_last_row_keeps_the_comment_after_the_list(
    client: Any, schools: Path
) -> None:
    _, csrf = page_form(client)
    client.post("/new", data={"name": "Hill Top Primary", "csrf": csrf})
    path = schools / "hill-top-primary" / "school.yaml"
    values, csrf = page_form(client, "hill-top-primary")
    values = [(n, v) for n, v in values if not n.startswith("team[1]")]
    post(client, "/school/hill-top-primary/save", values, csrf)
    text = path.read_text()
    assert "deputy-dsl\n" not in text
    assert "\n\nlocal_contacts:" in text  # the blank line after the list
    assert "# photo: assets/lead.jpg" in text


def test_a_page_without_its_script_still_saves(client: Any, schools: Path) -> None:
    path = schools / OAKFIELD / "school.yaml"
    values, _ = page_form(client)
    data: dict[str, list[str]] = {}
    for name, value in changed(values, worry_box__en="By the office"):
        data.setdefault(name, []).append(value)
    answer = client.post(f"/school/{OAKFIELD}/save", data=data)
    assert answer.status_code == 303
    assert "en: By the office" in path.read_text()
    again = client.post(f"/school/{OAKFIELD}/save", data=data)  # an old digest
    assert again.status_code == 409
    assert "changed on disk" in again.get_data(as_text=True)


def test_the_brand_colours_contrast_is_shown(client: Any) -> None:
    values, csrf = page_form(client)
    found = post(client, f"/school/{OAKFIELD}/check", values, csrf).get_json()
    assert found["contrast"]["brand.primary"].startswith("Text on it in white: ")


def test_a_photo_is_cut_to_the_square_its_circle_shows(
    client: Any, schools: Path
) -> None:
    buffer = io.BytesIO()
    picture = Image.new("RGB", (400, 200), "white")
    picture.paste((200, 0, 0), (300, 50, 400, 150))  # the face, on the right
    picture.save(buffer, format="JPEG")
    _, csrf = page_form(client)
    answer = client.post(
        f"/school/{OAKFIELD}/photo",
        data={
            "file": (io.BytesIO(buffer.getvalue()), "face.jpg"),
            "x": "0.875",
            "y": "0.5",
            "zoom": "2",
        },
        headers={"X-CSRF-Token": csrf, "X-Requested-With": "fetch"},
    )
    assert answer.get_json()["path"] == "assets/face.jpg"
    with Image.open(schools / OAKFIELD / "assets" / "face.jpg") as kept:
        assert kept.size == (100, 100)
        red, green, _ = kept.convert("RGB").getpixel((50, 50))
        assert red > 150 and green < 80


def test_a_file_the_form_cannot_read_is_named_not_a_crash(
    client: Any, schools: Path
) -> None:
    path = schools / "glenburn-primary" / "school.yaml"
    path.write_text("school: [unclosed\n")
    listing = client.get("/").get_data(as_text=True)
    assert "state-errors" in listing
    answer = client.get("/school/glenburn-primary/")
    assert answer.status_code == 400
    assert "fix it in a text editor first" in answer.get_data(as_text=True)


def test_serve_says_where_it_listens_and_that_a_token_is_needed(
    schools: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    import generator.serve as serving
    from generator.cli.commands import cli

    real = serving.serve

    def start(*args: Any) -> Any:
        server, guard, thread = real(*args)
        server.shutdown()  # serve nothing: the command returns at once
        thread.join()
        return server, guard, thread

    monkeypatch.setattr(serving, "serve", start)
    result = CliRunner().invoke(
        cli, ["serve", str(schools), "--host", "0.0.0.0", "--port", "0", "--no-browser"]
    )
    assert result.exit_code == 0, result.output
    assert "?token=" in result.output
    assert "every visitor needs that address" in result.output
    local = CliRunner().invoke(
        cli, ["serve", str(schools), "--port", "0", "--no-browser"]
    )
    assert "http://127.0.0.1:" in local.output and "token" not in local.output
