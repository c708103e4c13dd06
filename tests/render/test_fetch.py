"""The fetcher: only data: URIs and files inside allowed folders, never the network."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.paths import example_schools_dir
from generator.render.fetch import Refused, SafeFetcher
from generator.runner.build import build
from generator.runner.document import Options
from tests.conftest import MINIMAL, school_with_template


def test_serves_files_inside_its_roots(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    fetcher = SafeFetcher((tmp_path,))
    response = fetcher.fetch((tmp_path / "logo.svg").as_uri())
    assert response.read().startswith(b"<svg")
    assert fetcher.log == [((tmp_path / "logo.svg").as_uri(), True)]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/style.css",
        "ftp://example.com/x",
        "file:///etc/hostname",
        "file://remote-host/share/logo.png",
    ],
)
def test_refuses_network_and_files_elsewhere(
    tmp_path: Path, url: str, no_network: list
) -> None:
    fetcher = SafeFetcher((tmp_path,))
    with pytest.raises((Refused, ValueError)):
        fetcher.fetch(url)
    assert no_network == []


def test_refuses_a_symlink_out_of_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "school"
    root.mkdir()
    (root / "escape.png").symlink_to("/etc/hostname")
    with pytest.raises(Refused):
        SafeFetcher((root,)).fetch((root / "escape.png").as_uri())


def test_refuses_postscript_even_inside(tmp_path: Path) -> None:
    (tmp_path / "logo.eps").write_text("%!PS-Adobe-3.0 EPSF-3.0")
    with pytest.raises(Refused):
        SafeFetcher((tmp_path,)).fetch((tmp_path / "logo.eps").as_uri())


def test_a_school_template_cannot_reach_outside(
    tmp_path: Path, no_network: list
) -> None:
    source = school_with_template(
        tmp_path / "school",
        '{% extends "builtin/staff-poster.html.j2" %}{% block body %}'
        '<img src="file:///etc/hostname" alt="x">'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<img src="http://example.com/x.png" alt="y">{{ super() }}{% endblock %}',
    )
    result = build([source], tmp_path / "out", Options(only=("staff-poster",)))
    assert "refused to fetch file:///etc/hostname" in str(result.failures[source])
    assert no_network == []
    assert not (tmp_path / "out" / "minimal").exists()


def test_a_school_template_can_extend_the_builtin(tmp_path: Path) -> None:
    source = school_with_template(
        tmp_path / "school",
        '{% extends "builtin/staff-poster.html.j2" %}'
        "{% block subject %}Our own subject line{% endblock %}",
    )
    result = build([source], tmp_path / "out", Options(only=("staff-poster",)))
    assert result.ok, str(result.failures)
    import pikepdf

    with pikepdf.open(tmp_path / "out" / result.entries[0].path) as doc:
        assert str(doc.docinfo["/Subject"]) == "Our own subject line"


def test_a_refused_attachment_fails_its_school_alone(tmp_path: Path) -> None:
    """Attachments are fetched as the PDF is written, after the layout: a
    refusal there is the school's error too, not a crash of the build."""
    source = school_with_template(
        tmp_path / "school",
        '{% extends "builtin/staff-poster.html.j2" %}{% block body %}'
        '<link rel="attachment" href="assets/notes.txt">{{ super() }}{% endblock %}',
    )
    (tmp_path / "school" / "assets").mkdir()
    (tmp_path / "school" / "assets" / "notes.txt").write_text("not an input")
    other = tmp_path / "other" / "school.yaml"
    other.parent.mkdir()
    other.write_text(source.read_text().replace("Minimal School", "Other School"))
    out = tmp_path / "out"
    result = build([source, other], out, Options(only=("staff-poster",)))
    message = str(result.failures[source])
    assert "staff-poster-a3.pdf: refused to fetch assets/notes.txt" in message
    assert "move it into templates/" in message
    assert [e.school for e in result.entries] == ["Other School"]
    assert (out / "manifest.json").is_file()


def test_a_templates_folder_linked_elsewhere_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("outside the school's folder")
    (elsewhere / "staff-poster.html.j2").write_text(
        '{% extends "builtin/staff-poster.html.j2" %}{% block body %}'
        '<link rel="attachment" href="templates/secret.txt">{{ super() }}'
        "{% endblock %}"
    )
    school = tmp_path / "school"
    school.mkdir()
    (school / "school.yaml").write_text(MINIMAL)
    (school / "templates").symlink_to(elsewhere)
    result = build(
        [school / "school.yaml"], tmp_path / "out", Options(only=("staff-poster",))
    )
    message = str(result.failures[school / "school.yaml"])
    assert f"templates/ is a link to {elsewhere}, outside the school's folder" in (
        message
    )


def test_safeprints_own_files_are_not_a_schools_to_use(tmp_path: Path) -> None:
    """Only safeprint's styles and fonts: not its other files (another
    school's photo among the examples, say), which are no school's inputs."""
    photo = example_schools_dir() / "oakfield-primary" / "assets" / "khan.jpg"
    source = school_with_template(
        tmp_path / "school",
        '{% extends "builtin/staff-poster.html.j2" %}{% block body %}'
        f'<img src="{photo.resolve().as_uri()}" alt="x">{{{{ super() }}}}'
        "{% endblock %}",
    )
    result = build([source], tmp_path / "out", Options(only=("staff-poster",)))
    assert f"refused to fetch {photo.resolve().as_uri()}" in str(
        result.failures[source]
    )
