"""Shared vocabularies exist once (rapsheet/data/words.yaml, read through rapsheet.data.words):
no module of the package and no other data file spells out its own list of pronouns, number
words or speech verbs, and the one list is checked when it is read."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from rapsheet.data import DataError, words
from rapsheet.data.wordlists import SPEAKERS, THIRD, validate_words

PACKAGE = Path(__file__).resolve().parent.parent / "rapsheet"


def _literal_word_lists() -> list[tuple[str, int, set[str]]]:
    """(file, line, words) for every literal list, tuple, set or dict of strings in rapsheet/."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = node.keys if isinstance(node, ast.Dict) else \
                node.elts if isinstance(node, ast.List | ast.Tuple | ast.Set) else []
            strings = {i.value.lower() for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}
            if strings:
                found.append((str(path.relative_to(PACKAGE)), node.lineno, strings))
    for path in sorted((PACKAGE / "data").glob("*.yaml")):
        if path.name == "words.yaml":
            continue
        stack = [yaml.safe_load(path.read_text(encoding="utf-8"))]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack += list(value.values())
                value = list(value)
            if isinstance(value, list):
                stack += [v for v in value if isinstance(v, dict | list)]
                strings = {v.lower() for v in value if isinstance(v, str)}
                if strings:
                    found.append((f"data/{path.name}", 0, strings))
    return found


@pytest.mark.parametrize("vocabulary", ["pronouns", "numbers", "speech_verbs"])
def test_no_module_keeps_its_own_copy(vocabulary):
    w = words()
    shared = {"pronouns": w.pronouns.forms() | w.pronouns.relative, "numbers": set(w.numbers),
              "speech_verbs": set(w.speech_verbs)}[vocabulary]
    # a copy: three words of the vocabulary or more, making most of its list or most of the
    # vocabulary ("hundred", "dozen", "number", "group" ... is a list of quantity nouns, not the
    # number words again)
    copies = [(f, line, sorted(s & shared)) for f, line, s in _literal_word_lists()
              if len(s & shared) >= 3 and 2 * len(s & shared) >= min(len(s), len(shared))]
    assert not copies, f"{vocabulary} spelled out again (take them from rapsheet.data.words()): {copies}"


def test_pronoun_forms_by_case_and_person():
    p = words().pronouns
    assert p.forms("subject") == {"i", "we", "you", "he", "she", "it", "they"}
    assert p.forms("object", persons=THIRD) == {"him", "her", "it", "them"}
    assert p.forms("possessive", persons=SPEAKERS) == {"my", "our", "your"}
    assert words().numbers["twenty"] == 20 and words().numbers["hundred"] == 100


@pytest.mark.parametrize("broken, problem", [
    ({"pronouns": {"masculine": ["he"]}}, "pronouns"),
    ({**__import__("yaml").safe_load((PACKAGE / "data" / "words.yaml").read_text()), "numbers": {"one": "1"}},
     "numbers"),
])
def test_a_broken_word_list_is_a_data_error(broken, problem):
    with pytest.raises(DataError, match=f"words.yaml: {problem}"):
        validate_words(broken)
