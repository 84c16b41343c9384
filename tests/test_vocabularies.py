"""Shared vocabularies exist once (rapsheet/data/words.yaml, read through rapsheet.data.words):
no module of the package and no other data file spells out its own list of pronouns, number
words, speech verbs or companies' legal forms (as a list or as a regex), and the one list is
checked when it is read."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from rapsheet.data import DataError, words
from rapsheet.data.wordlists import SPEAKERS, THIRD, validate_words

PACKAGE = Path(__file__).resolve().parent.parent / "rapsheet"


def _literal_word_lists() -> list[tuple[str, int, set[str]]]:
    """(file, line, words) for every literal list, tuple, set or dict of strings in rapsheet/, but
    the words a reader leaves out of a shared vocabulary (`without=(...)` names them, not copies them)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        left_out = {id(k.value) for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == "without"}
        for node in ast.walk(tree):
            if id(node) in left_out:
                continue
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


def _legal_forms_in(text: str) -> set[str]:
    """The legal forms (words.yaml rows) a string spells out, as written or as a regex ("L\\.?L\\.?C")."""
    written = {w.replace(".", "") for w in re.findall(r"[A-Za-z][A-Za-z.]*", text.replace("\\", "").replace("?", ""))}
    return {form for form, spellings in words().legal_forms.written.items()
            if any(s.replace(".", "") in written for s in spellings)}


def _legal_form_copies(path: str, source: str) -> list[tuple[str, int, list[str]]]:
    """Strings in `source` that spell out three legal forms or more: a second list of them."""
    return [(path, node.lineno, sorted(forms)) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and len(forms := _legal_forms_in(node.value)) >= 3]


def _mostly_legal_forms(strings: set[str]) -> bool:
    """A list of words three or more of which are legal forms, making at least half of it."""
    folded = {w.lower().replace(".", "") for w in strings}
    hit = folded & {s.lower().replace(".", "") for s in words().legal_forms.spellings()}
    return len(hit) >= 3 and 2 * len(hit) >= len(folded)


def test_no_module_keeps_its_own_legal_forms():
    """A regex or a list of legal forms ("Inc|LLC|Ltd") is derived from words().legal_forms, never
    spelled again; a list of words that is mostly legal forms counts as a copy too."""
    copies = [c for path in sorted(PACKAGE.rglob("*.py"))
              for c in _legal_form_copies(str(path.relative_to(PACKAGE)), path.read_text(encoding="utf-8"))]
    copies += [(f, line, sorted(s)) for f, line, s in _literal_word_lists() if _mostly_legal_forms(s)]
    assert not copies, f"legal forms spelled out again (derive them from words().legal_forms): {copies}"


@pytest.mark.parametrize("copy", [
    'FORMS = re.compile(r",?\\s+(?:L\\.?L\\.?C\\.?|Inc\\.?|Corp\\.?|Ltd)")',
    'FORMS = re.compile(r"\\b(?:S\\.?A\\.?|GmbH|PLC)\\b")',
])
def test_a_second_spelling_of_legal_forms_is_caught(copy):
    assert _legal_form_copies("copy.py", copy)
    assert _mostly_legal_forms({"llc", "inc", "corp", "ltd", "s.a", "na", "n", "a"})
    assert not _mostly_legal_forms({"bank", "group", "cartel", "gang", "foundation", "inc", "llc", "ltd"})


def test_legal_forms_derived():
    lf = words().legal_forms
    after = re.compile(lf.pattern(without=("co",)) + r"(?!\w)")
    assert after.fullmatch("L.L.C.") and after.fullmatch("Inc.") and after.fullmatch("N.A") \
        and not after.fullmatch("Co") and not after.fullmatch("PA")
    assert {"ltd", "s.a", "llc"} <= lf.token_words() and "pa" not in lf.token_words()
    assert {"l", "c", "llc", "na"} <= lf.name_words()
    with pytest.raises(DataError, match="no form"):
        lf.spellings(without=("xyz",))


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
