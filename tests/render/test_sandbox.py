"""A school's own templates run sandboxed: they read data, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.sandbox import SecurityError

from generator.render.sandbox import address
from generator.runner.build import build
from tests.conftest import POSTER, school_with_template


@pytest.mark.parametrize(
    ("expression", "refused"),
    [
        ("pack.base.joinpath('/etc/passwd').read_text()", "'joinpath' of 'PosixPath'"),
        ("pack.source.read_bytes()", "'read_bytes' of 'PosixPath'"),
        ("school.school.website.__class__", "'__class__' of 'NoneType'"),
        ("pack.loaded.problem((), 'x')", "'problem' of 'Loaded'"),
        ("school.model_dump()", "'model_dump' of 'SchoolFile'"),
        ("''.__class__.__mro__", "'__class__' of 'str'"),
    ],
)
def test_a_template_cannot_reach_past_the_data(
    tmp_path: Path, expression: str, refused: str
) -> None:
    source = school_with_template(tmp_path / "school", f"{{{{ {expression} }}}}")
    result = build([source], tmp_path / "out", POSTER)
    message = str(result.failures[source])
    assert "staff-poster.html.j2:1: template error:" in message
    assert f"access to attribute {refused} object is unsafe" in message


def test_a_template_cannot_write_a_file(tmp_path: Path) -> None:
    target = tmp_path / "written.txt"
    source = school_with_template(
        tmp_path / "school", f"{{{{ pack.base.joinpath('{target}').write_text('x') }}}}"
    )
    assert not build([source], tmp_path / "out", POSTER).ok
    assert not target.exists()


def test_runtime_errors_are_located(tmp_path: Path) -> None:
    source = school_with_template(tmp_path / "school", "line one\n{{ 1 / 0 }}\n")
    result = build([source], tmp_path / "out", POSTER)
    assert "staff-poster.html.j2:2: template error: division by zero" in str(
        result.failures[source]
    )


def test_a_linked_template_is_refused(tmp_path: Path) -> None:
    source = school_with_template(tmp_path / "school", "")
    link = source.parent / "templates" / "staff-poster.html.j2"
    link.unlink()
    link.symlink_to("/etc/hostname")
    result = build([source], tmp_path / "out", POSTER)
    assert "is a link to /etc/hostname, outside the school's folder" in str(
        result.failures[source]
    )


def test_helpers_and_data_still_work(tmp_path: Path) -> None:
    source = school_with_template(
        tmp_path / "school",
        '{% extends "builtin/staff-poster.html.j2" %}{% block subject %}'
        "{{ pack.role_title(school.team[0]) }} {{ school.team[0].name | upper }}"
        "{% endblock %}",
    )
    result = build([source], tmp_path / "out", POSTER)
    assert result.ok, str(result.failures)
    import pikepdf

    with pikepdf.open(tmp_path / "out" / result.entries[0].path) as doc:
        assert str(doc.docinfo["/Subject"]) == (
            "Designated Safeguarding Lead MS ADA LOVELACE"
        )


def test_an_address_keeps_its_hyphens_together_and_escapes_what_it_prints() -> None:
    printed = address("https://x.example/<b>-a/keeping-children-safe/" + "long-" * 13)
    assert printed == (
        "https://<wbr>x.example/<wbr>"
        '<span class="unbroken">&lt;b&gt;-a/</span><wbr>'
        '<span class="unbroken">keeping-children-safe/</span><wbr>' + "long-" * 13
        # Longer than a column may hold unbroken: its breaks are kept.
    )


def test_a_long_hyphenated_name_breaks_before_a_dot() -> None:
    name = "saint-bartholomews-church-of-england-primary-school"
    printed = address(f"https://www.{name}.sch.uk/safeguarding")
    assert printed == (
        f'https://<wbr>www<wbr><span class="unbroken">.{name}</span><wbr>'
        ".sch<wbr>.uk/<wbr>safeguarding"
    )


@pytest.mark.parametrize(
    "expression",
    [
        "'x' * 3000000000",
        "3000000000 * ['x']",
        "'%2000000000s' % 'x'",
        "'%(a)2000000000s' % {'a': 'x'}",
        "'{:>2000000000}'.format('x')",
        "'x' | center(2000000000)",
        "'x' | indent(2000000000, true)",
        "'%2000000000s' | format('x')",
    ],
)
def test_text_a_page_could_not_hold_is_not_made(expression: str) -> None:
    from generator.render.sandbox import environment

    with pytest.raises(SecurityError):
        environment(None).from_string("{{ " + expression + " }}").render()


def test_ordinary_arithmetic_and_padding_still_work() -> None:
    from generator.render.sandbox import environment

    text = "{{ 7 % 2 }} {{ 'ab' * 2 }} {{ '%3s' % 'x' }} {{ '{:>3}'.format('y') }}"
    assert environment(None).from_string(text).render() == "1 abab   x   y"
