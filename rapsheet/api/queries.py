"""The API's shapes over `Store` methods: row totals for paginated lists, and judgements (same / not
same / undo) with the errors the API answers.

Takes a `Store`; gives plain dicts in the shapes of `rapsheet.api.schemas`. No SQL here: the
store runs every query.
"""
from __future__ import annotations

from rapsheet.errors import NotFound, RapsheetError, UsageError
from rapsheet.store import Judgement, Store


def count_rows(store: Store, table: str) -> int:
    return int(store.counts().get(table, 0))


# -- judgements --------------------------------------------------------------------------------

def _judgement_json(judgement: Judgement, canonical: str | None) -> dict:
    data = judgement.to_json()
    return {"id": data["id"], "left": data["left"], "right": data["right"], "verdict": data["verdict"],
            "who": data.get("author") or "", "created": data["created"], "undone": data["undone"],
            "reason": data.get("reason"), "canonical_id": canonical}


def _canonical(store: Store, entity: str) -> str | None:
    found = store.entity(entity)
    return found["canonical_id"] if found else None


def judge(store: Store, left: str, right: str, verdict: str, who: str = "api",
          reason: str | None = None) -> dict:
    """Record that `left` and `right` are the same entity (merging their clusters) or not (keeping
    them apart, splitting a cluster that held both); facts are never rewritten."""
    if verdict not in ("same", "not_same"):
        raise RapsheetError(f"verdict: must be 'same' or 'not_same', not {verdict!r}", 422)
    if left == right:
        raise RapsheetError("right: must differ from left", 422)
    try:
        judgement = store.judge(left, right, verdict == "same", who or "api", reason)
    except NotFound as exc:
        side = "left" if repr(left) in exc.detail else "right"
        raise NotFound(f"{side}: {exc.detail}") from None
    return _judgement_json(judgement, _canonical(store, left))


def undo_judgement(store: Store, judgement_id: int) -> dict:
    """Take back one judgement; the clusters it touched are recomputed without it."""
    try:
        judgement = store.undo_judgement(judgement_id)
    except UsageError as exc:
        raise RapsheetError(exc.detail, 409) from None
    return _judgement_json(judgement, _canonical(store, judgement.left))


def list_judgements(store: Store, entity: str | None = None, limit: int = 50,
                    offset: int = 0) -> tuple[int, list[dict]]:
    """(total, page) of judgements, newest first; with `entity`, those naming one of its cluster."""
    return (store.count_judgements(entity),
            [_judgement_json(j, None) for j in store.judgements(entity, limit=limit, offset=offset)])
