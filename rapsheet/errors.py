"""Errors that reach a user: one line naming the problem, and an HTTP-like status."""
from __future__ import annotations


class RapsheetError(Exception):
    """A problem a user can act on; `detail` is one line, `status` a 4xx/5xx-like code."""

    status = 400

    def __init__(self, detail: str, status: int | None = None):
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status


class InputError(RapsheetError):
    """An input that cannot be read as an article (bad content; the batch goes on)."""

    status = 422

    def __init__(self, detail: str, stage: str = "read", status: int | None = None):
        super().__init__(detail, status)
        self.stage = stage


class UsageError(RapsheetError):
    """A missing path, a bad option: fail at once."""

    status = 400


class NotFound(RapsheetError):
    status = 404


class DataError(RapsheetError, ValueError):
    """A knowledge file (rapsheet/data/*.yaml) that does not hold what the code reads: missing,
    not YAML, or a row that breaks its file's rules. The one error every data loader raises."""

    status = 500
