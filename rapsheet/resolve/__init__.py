"""Resolving who is who across articles: name normalisation and comparison (`names`)."""
from __future__ import annotations

from rapsheet.resolve.names import NameComparison, NameForm, compare_names, name_keys, normalise

__all__ = ["NameComparison", "NameForm", "compare_names", "name_keys", "normalise"]
