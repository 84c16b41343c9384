"""The load cache (rapsheet/cache.py): a value is built once for its inputs, read back the same,
built again when an input changes, and never stored where the setting turns the cache off."""
from __future__ import annotations

import pytest

from rapsheet.cache import cached_json


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("RAPSHEET_CACHE_DIR", str(folder))
    return folder


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_a_value_is_built_once_for_its_inputs_and_again_when_one_changes(cache_dir):
    value = {"pattern": [{"LOWER": "gang", "IS_LOWER": False}], "id": "x", "n": [1, 2]}
    build, calls = counting(value)
    assert cached_json("thing", ["a", b"b"], build) == value
    assert cached_json("thing", ["a", b"b"], build) == value
    assert len(calls) == 1
    assert cached_json("thing", ["a", b"c"], build) == value
    assert cached_json("thing", ["ab", b""], build) == value   # the same bytes, split elsewhere
    assert len(calls) == 3
    assert len(list(cache_dir.glob("thing-*.json"))) == 3


def test_off_builds_every_time_and_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPSHEET_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    build, calls = counting([1])
    cached_json("thing", ["a"], build)
    cached_json("thing", ["a"], build)
    assert len(calls) == 2 and not list(tmp_path.iterdir())


def test_a_folder_that_cannot_be_made_or_a_damaged_file_only_means_building(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("RAPSHEET_CACHE_DIR", str(blocker / "cache"))
    build, calls = counting([1])
    assert cached_json("thing", ["a"], build) == [1]
    monkeypatch.setenv("RAPSHEET_CACHE_DIR", str(tmp_path / "cache"))
    cached_json("thing", ["a"], build)
    (stored,) = (tmp_path / "cache").glob("thing-*.json")
    stored.write_text("[1, 2")
    assert cached_json("thing", ["a"], build) == [1]
    assert len(calls) == 3


def test_the_gazetteer_patterns_read_back_are_the_ones_built(cache_dir):
    from rapsheet.data import gazetteers

    for include_nominal, style in ((True, "phrase"), (False, "phrase"), (True, "token")):
        built = gazetteers._build_patterns(include_nominal, style)
        stored = gazetteers._patterns.__wrapped__(include_nominal, style)
        read = gazetteers._patterns.__wrapped__(include_nominal, style)
        assert list(stored) == list(read) == built
    assert len(list(cache_dir.glob("gazetteer-patterns-*.json"))) == 3


def test_the_combining_marks_read_back_are_the_ones_found(cache_dir, monkeypatch):
    from rapsheet.text import combining_marks

    stored = combining_marks.__wrapped__().pattern
    read = combining_marks.__wrapped__().pattern
    assert len(list(cache_dir.glob("combining-marks-*.json"))) == 1
    monkeypatch.setenv("RAPSHEET_CACHE_DIR", "off")
    assert stored == read == combining_marks.__wrapped__().pattern
    assert combining_marks.__wrapped__().sub("", "e\u0301\u0308x") == "ex"
