"""The YAML loader: positions, refusals and the values it keeps as text."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from generator.errors import Problem, SafeprintError
from generator.load.reader import MAX_BYTES, Loaded, load_file, load_text
from generator.paths import example_schools_dir

SOURCE = Path("school.yaml")


def load(text: str) -> Loaded:
    return load_text(text, SOURCE)


def only_problem(text: str) -> Problem:
    """The single problem ``text`` is refused with."""
    with pytest.raises(SafeprintError) as caught:
        load(text)
    assert len(caught.value.problems) == 1, str(caught.value)
    return caught.value.problems[0]


def only_file_problem(path: Path) -> Problem:
    with pytest.raises(SafeprintError) as caught:
        load_file(path)
    assert len(caught.value.problems) == 1, str(caught.value)
    return caught.value.problems[0]


# --- positions -------------------------------------------------------------------


def test_positions_of_keys_and_nested_list_items_are_one_based() -> None:
    loaded = load(
        "school:\n"
        "  name: Oakfield\n"
        "team:\n"
        "  - name: Ms Khan\n"
        "    phone: '01632 960123'\n"
        "  - {name: Mr Reed, role: deputy-dsl}\n"
    )
    assert loaded.data == {
        "school": {"name": "Oakfield"},
        "team": [
            {"name": "Ms Khan", "phone": "01632 960123"},
            {"name": "Mr Reed", "role": "deputy-dsl"},
        ],
    }
    assert loaded.positions[("school",)] == (1, 1)
    assert loaded.positions[("school", "name")] == (2, 3)
    assert loaded.positions[("team",)] == (3, 1)
    assert loaded.positions[("team", 0)] == (4, 5)
    assert loaded.positions[("team", 0, "name")] == (4, 5)
    assert loaded.positions[("team", 0, "phone")] == (5, 5)
    assert loaded.positions[("team", 1)] == (6, 5)
    assert loaded.positions[("team", 1, "role")] == (6, 21)


def test_where_falls_back_to_the_nearest_located_parent() -> None:
    loaded = load("team:\n  - name: Ms Khan\n")
    # `phone` is missing: a problem about it points at its list item.
    assert loaded.where(("team", 0, "phone")) == (2, 5)
    assert loaded.problem(("team", 0, "phone"), "is missing").field == "team[0].phone"


def test_scalar_list_items_have_positions() -> None:
    loaded = load("languages:\n  - en\n  - cy\n")
    assert loaded.positions[("languages", 0)] == (2, 5)
    assert loaded.positions[("languages", 1)] == (3, 5)


# --- refusals --------------------------------------------------------------------


def test_duplicate_key_is_an_error_naming_both_lines() -> None:
    problem = only_problem("school:\n  name: A\nteam: []\nschool:\n  name: B\n")
    assert (problem.line, problem.column) == (4, 1)
    assert problem.field == "school"
    assert "given twice (first on line 1)" in problem.message


def test_every_duplicate_key_is_reported_at_once() -> None:
    with pytest.raises(SafeprintError) as caught:
        load("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    found = {(p.field, p.line, p.column) for p in caught.value.problems}
    assert found == {("b.c", 4, 3), ("a", 5, 1)}


def test_tab_indentation_gets_a_message_about_tabs_on_its_line() -> None:
    problem = only_problem("school:\n  name: A\n\tnation: england\n")
    assert problem.line == 3
    assert "tabs" in problem.message
    assert "replace the tab with spaces" in problem.message


def test_syntax_error_has_line_and_column() -> None:
    problem = only_problem("school:\n  name: [Oakfield\n  phase: primary\n")
    assert problem.message.startswith("YAML syntax error:")
    assert (problem.line, problem.column) == (3, 8)
    assert str(problem).startswith("school.yaml:3:8: YAML syntax error")


def test_colon_in_text_suggests_quotes() -> None:
    problem = only_problem("where: Room: 2\n")
    assert (problem.line, problem.column) == (1, 12)
    assert 'put quotes around text that contains a colon, e.g. "Room: 2"' in (
        problem.message
    )


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n"])
def test_empty_file_is_an_error(text: str) -> None:
    problem = only_problem(text)
    assert problem.message.startswith("the file is empty")
    assert "safeprint new DIR" in problem.message
    assert problem.line is None


def test_merge_keys_are_refused() -> None:
    problem = only_problem(
        "base: &base {phone: '01632 960123'}\nlead:\n  <<: *base\n  name: Ms Khan\n"
    )
    assert "`<<` merge keys are not supported" in problem.message
    assert (problem.line, problem.column) == (3, 3)
    assert problem.field == "lead"


def test_non_text_key_is_refused() -> None:
    problem = only_problem("? [a, b]\n: value\n")
    assert problem.message == "a key must be plain text"
    assert (problem.line, problem.column) == (1, 3)


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    # CPU time, not wall time: a shared machine's load does not count, while a
    # loader that wrote the aliases out would spend minutes of its own.
    start = time.process_time()
    problem = only_problem("\n".join(lines) + "\n")
    assert time.process_time() - start < 2
    assert "repeats too much (too many aliases)" in problem.message


def test_aliases_of_long_text_are_bounded_as_written_out() -> None:
    # Few nodes, but 2,000 aliases of 900 kB would be 1.8 GB of text to check.
    text = "a: &a " + "x" * 900_000 + "\nb: [" + ", ".join(["*a"] * 2000) + "]\n"
    start = time.process_time()
    problem = only_problem(text)
    assert time.process_time() - start < 5
    assert "million characters" in problem.message


@pytest.mark.parametrize("escape", ["\\0", "\\e[31m", "\\x07", "\\u009b", "\\r"])
def test_control_characters_written_as_escapes_are_refused(escape: str) -> None:
    problem = only_problem(f'name: "Attack{escape} School"\n')
    assert "control character" in problem.message
    assert problem.line == 1


def test_tabs_and_line_breaks_are_text() -> None:
    loaded = load_text('a: "one\\ttwo\\nthree"\n', Path("school.yaml"))
    assert loaded.data == {"a": "one\ttwo\nthree"}


def test_deep_nesting_is_refused() -> None:
    problem = only_problem("a: " + "[" * 100 + "]" * 100 + "\n")
    assert "nests too deeply" in problem.message
    assert problem.line == 1


def test_forty_levels_of_nesting_are_allowed() -> None:
    # The limit is for attacks, not for a school file's ordinary depth.
    loaded = load("[" * 41 + "]" * 41 + "\n")
    assert isinstance(loaded.data, list)


def test_very_deep_nesting_is_refused_not_a_crash() -> None:
    problem = only_problem("[" * 500 + "]" * 500 + "\n")
    assert problem.file == SOURCE
    assert "nest" in problem.message


def test_oversize_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\na: 1\n")
    problem = only_file_problem(path)
    assert problem.message.startswith("the file is larger than 1000 kB")
    assert problem.file == path


def test_file_just_under_the_size_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES - 10) + b"\na: 1\n")
    assert path.stat().st_size <= MAX_BYTES
    assert load_file(path).data == {"a": 1}


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    problem = only_file_problem(tmp_path / "nope.yaml")
    assert problem.message.startswith("no such file")


def test_folder_instead_of_file_is_an_error(tmp_path: Path) -> None:
    problem = only_file_problem(tmp_path)
    assert problem.message.startswith("no such file")


# --- encodings and line ends -------------------------------------------------------


def test_non_utf8_bytes_are_an_error_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes(b"school:\n  name: Caf\xe9 School\n")  # Latin-1 é
    problem = only_file_problem(path)
    assert problem.message.startswith("this file is not UTF-8 text")
    assert (problem.line, problem.column) == (2, 12)


def test_non_utf8_position_is_right_after_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n\xff: 2\n")
    problem = only_file_problem(path)
    assert (problem.line, problem.column) == (2, 1)


def test_non_utf8_column_counts_characters(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes("a: é".encode() + b"\xff\n")
    problem = only_file_problem(path)
    assert (problem.line, problem.column) == (1, 5)


def test_bom_and_crlf_line_ends_load_fine(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_bytes(
        b"\xef\xbb\xbfschool:\r\n  name: Oakfield\r\nteam:\r\n  - name: Ms Khan\r\n"
    )
    loaded = load_file(path)
    assert loaded.data == {
        "school": {"name": "Oakfield"},
        "team": [{"name": "Ms Khan"}],
    }
    assert loaded.positions[("school",)] == (1, 1)
    assert loaded.positions[("school", "name")] == (2, 3)
    assert loaded.positions[("team", 0, "name")] == (4, 5)


def test_utf8_text_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_text("name: Ysgol Gymraeg Aberystwyth — Café\n", encoding="utf-8")
    assert load_file(path).data == {"name": "Ysgol Gymraeg Aberystwyth — Café"}


# --- values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("0123456", "0123456"),  # YAML 1.1 would read octal 42798
        ("01632960123", "01632960123"),
        ("+441632960123", "+441632960123"),
        ("12:30", "12:30"),  # YAML 1.1 would read sexagesimal 750
    ],
)
def test_numbers_that_look_like_phones_or_times_stay_text(
    written: str, kept: str
) -> None:
    assert load(f"value: {written}\n").data == {"value": kept}


def test_plain_values_keep_their_types() -> None:
    loaded = load("n: 42\nyes: true\nnothing:\nwhen: 2026-09-01\ntext: hello\n")
    assert loaded.data == {
        "n": 42,
        "yes": True,
        "nothing": None,
        "when": dt.date(2026, 9, 1),
        "text": "hello",
    }


def test_impossible_date_is_a_clean_error() -> None:
    problem = only_problem("reviewed_on: 2026-13-01\n")
    assert problem.line == 1


@pytest.mark.parametrize(
    "text",
    [
        "a: !foo bar\n",
        "a: !!python/object:os.system x\n",
        "a: !!int abc\n",
        "a: !!bool maybe\n",
        "a: !!timestamp nope\n",
        "a: !!seq x\n",
    ],
)
def test_bad_tags_are_a_clean_error(text: str) -> None:
    problem = only_problem(text)
    assert problem.line == 1


def test_control_character_is_a_clean_error() -> None:
    problem = only_problem("name: Oak\x00field\n")
    assert problem.line == 1


def test_only_shallow_school_files_reach_the_c_parser() -> None:
    from generator.load.reader import SHALLOW_BRACKETS, SHALLOW_COLUMNS, _shallow

    for example in example_schools_dir().glob("*/school.yaml"):
        assert _shallow(example.read_text(encoding="utf-8"))
    assert not _shallow("a: " + "[" * (SHALLOW_BRACKETS + 1))
    assert not _shallow("- " * (SHALLOW_COLUMNS // 2 + 1) + "x")
    assert not _shallow("name: Ysgol\x07\n")  # a control character


def test_both_parsers_give_the_same_data_and_positions() -> None:
    import yaml

    from generator.load.reader import _parse

    files = [*example_schools_dir().glob("*/school.yaml")]
    files += sorted((Path(__file__).parent.parent / "attacks").glob("*.yaml"))
    compared = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if len(text) > 10_000:
            continue  # the deep-nesting attack: libyaml would crash on it
        results = []
        for parser in (yaml.CSafeLoader, yaml.SafeLoader):
            try:
                loaded = _parse(text, path, parser)
                results.append((loaded.data, loaded.positions))
            except SafeprintError:
                results.append(None)
        assert results[0] == results[1] or results[1] is None, path.name
        compared += results[1] is not None
    assert compared >= 4
