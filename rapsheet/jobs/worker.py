"""`ExtractWorker`: the code every engine runs to read and extract units of work, in this process
(one worker), in a process pool (`rapsheet.jobs.local`) or in Ray actors
(`rapsheet.jobs.ray_engine`).

Takes a chunk of `Unit`s; gives a `ChunkResult`: one outcome per article or failure, in order (a
`Document`, a `Failure`, or `Stored` for an article the store holds already), and its counts. An
article in another language, or one triage finds off-topic (the `triage` setting), is not put
through the pipeline: its document holds the article alone, marked `not_read`
(`rapsheet.unread`).
Workers check the store for an article's content hash before extracting it, so a rerun after a
crash skips what is already stored. A page whose text (and publication date) a worker has read
already in this run is not read again either: the worker gives it the Document it made for the
first one (`ExtractWorker._extract_batch`). A crawl meets one page under many addresses (an
office's index page on every listing, a wire story on every site), and the copies of a chunk in
flight are not in the store yet when the next chunk is read.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import resource
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rapsheet.ingest import Failure, read_path
from rapsheet.ingest.failure import one_line
from rapsheet.ingest.fetch import client as url_client
from rapsheet.ingest.urls import read_url_item
from rapsheet.ingest.warc import read_warc_record
from rapsheet.jobs.units import CHUNK_UNITS, Unit
from rapsheet.model import Article, Document
from rapsheet.settings import Settings, settings as current_settings
from rapsheet.store import Store, open_store
from rapsheet.unread import unread_document, why_not_read


@dataclass(slots=True, frozen=True)
class Stored:
    """An article already in the store: it was not extracted again."""
    source: str
    article_id: str


@dataclass(slots=True)
class ChunkResult:
    """What a worker gives back for one chunk: one outcome per item, in order, and its counts."""
    outcomes: list[Document | Failure | Stored]
    skipped: dict[str, int]
    pid: int
    peak_rss_kb: int
    seconds: float
    node: str | None = None   # the Ray node that ran it (`rapsheet.jobs.ray_engine`); None here
    copies: int = 0           # articles given the Document of the same text read before, not read again


def peak_rss_kb() -> int:
    """The peak resident memory of this process, in KiB."""
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if os.uname().sysname == "Darwin" else peak

#: Articles per `nlp.pipe` batch: the model costs the same per article from 4 to 64 a batch
#: (82-87 CPU ms a release), while a larger batch holds more in memory at once (a chunk of 24
#: read as one batch raised a worker's peak RSS from ~410 to ~570 MB).
NLP_BATCH = CHUNK_UNITS
#: Documents a worker keeps for copies of their pages (`ExtractWorker._extract_batch`): the most
#: recent ones. Copies in a crawl come close together (one site's listing, one feed); a copy that
#: comes later finds its page in the store.
COPIES_KEPT = 64


def _reading_key(article: Article) -> tuple[str, dt.date | None]:
    """What the reading of an article depends on: its text and its publication date (dates are
    resolved against it). Two articles with the same key get the same Document but for the
    article itself (source, address, title)."""
    return article.text, article.published


class ExtractWorker:
    """Reads and extracts units: the pipeline loaded once, the store consulted (read only) so that
    what is stored already is not extracted again. The same in every engine."""

    def __init__(self, settings: Settings | None = None, store_url: str | None = None,
                 published: dt.date | None = None, clean: bool = True,
                 since: dt.date | None = None, store: Store | None = None, preload: bool = False):
        self.settings = settings or current_settings()
        self.published, self.clean, self.since = published, clean, since
        self._nlp: Any = None
        if preload:
            _ = self.nlp
        self.store = store
        if store is None and store_url:
            self.store = open_store(store_url, migrate=False)
        self._client: Any = None
        self._read: OrderedDict[tuple[str, dt.date | None], Document] = OrderedDict()
        self._copies = 0

    @property
    def nlp(self) -> Any:
        # Loaded on first need: a rerun that finds everything stored never pays for it (spaCy is
        # heavy, and the writing process never needs it).
        if self._nlp is None:
            from rapsheet.nlp.pipeline import get_pipeline
            self._nlp = get_pipeline(self.settings.spacy_model)
        return self._nlp

    def _url_client(self) -> Any:
        if self._client is None:
            self._client = url_client(self.settings)
        return self._client

    def read_unit(self, unit: Unit, skipped: Counter) -> Iterator[Article | Failure]:
        options: dict[str, Any] = {"published": self.published, "clean": self.clean, "settings": self.settings}
        if unit.kind == "item":
            yield unit.target
        elif unit.kind == "path":
            try:
                yield from read_path(unit.target, skipped=skipped, **options)
            except Exception as exc:  # bad content never stops a batch
                yield Failure(unit.target, "read", one_line(f"unexpected {type(exc).__name__}: {exc}", 120))
        elif unit.kind == "warc":
            item = read_warc_record(unit.target, skipped=skipped, **options)
            if item is not None:
                yield item
        elif unit.kind == "url":
            url, source = unit.target
            item = read_url_item(url, source, client=self._url_client(), skipped=skipped, **options)
            if item is not None:
                yield item
        else:
            raise ValueError(f"unknown unit kind {unit.kind!r}")

    def extract(self, item: Article | Failure, skipped: Counter) -> Document | Failure | Stored | None:
        """The outcome of one item; None when it is skipped (published before `since`)."""
        from rapsheet.nlp.pipeline import extract_document  # spaCy: see `nlp`

        if isinstance(item, Failure):
            return item
        if self.since and item.published and item.published < self.since:
            skipped["published before --since"] += 1
            return None
        if self.store is not None and self.store.has(item.content_hash):
            return Stored(item.source, item.id)
        try:
            return extract_document(item, self.nlp)
        except Exception as exc:  # a bad article never stops the batch
            return Failure(item.source, "nlp", one_line(f"{type(exc).__name__}: {exc}"))

    def _extract_batch(self, articles: list[Article], skipped: Counter) -> list:
        """Documents for `articles`, in order. An article with the text and date of one read
        before in this process, or earlier in the list, is not read again: it gets that
        Document with itself as the article (the reading depends on nothing else)."""
        from rapsheet.nlp.pipeline import extract_documents  # spaCy: see `nlp`

        if not articles:
            return []
        firsts: dict[tuple[str, dt.date | None], int] = {}
        to_read: list[Article] = []
        plan: list[tuple[Article, Document | int]] = []  # a Document kept, or an index in to_read
        for article in articles:
            key = _reading_key(article)
            kept = self._read.get(key)
            if kept is not None:
                self._read.move_to_end(key)
                plan.append((article, kept))
            else:
                if key not in firsts:
                    firsts[key] = len(to_read)
                    to_read.append(article)
                plan.append((article, firsts[key]))
        read: list[Document | Failure | Stored | None] = []
        try:
            if to_read:
                read = list(extract_documents(to_read, self.nlp, batch_size=min(len(to_read), NLP_BATCH)))
        except Exception:  # one bad article: read them one by one, so only it fails
            read = [self.extract(a, skipped) for a in to_read]
        for article, document in zip(to_read, read):
            if isinstance(document, Document):
                self._read[_reading_key(article)] = document
        while len(self._read) > COPIES_KEPT:
            self._read.popitem(last=False)
        out: list = []
        for article, source in plan:
            first = read[source] if isinstance(source, int) else source
            if isinstance(source, int) and to_read[source] is article:
                out.append(first)
            elif isinstance(first, Document):
                self._copies += 1
                out.append(dataclasses.replace(first, article=article))
            else:  # the first copy failed: this one is read on its own
                out.append(self.extract(article, skipped))
        return out

    def run(self, units: list[Unit]) -> ChunkResult:
        started = time.perf_counter()
        skipped: Counter = Counter()
        outcomes: list = []
        pending: list[tuple[int, Article]] = []
        for unit in units:
            for item in self.read_unit(unit, skipped):
                if isinstance(item, Article) and not (self.since and item.published and item.published < self.since) \
                        and not (self.store is not None and self.store.has(item.content_hash)):
                    reason = why_not_read(item, self.settings.triage)
                    if reason is not None:
                        # Stored as read from its page, without the pipeline: another language,
                        # or off-topic by triage (readable later on demand).
                        outcomes.append(unread_document(item, reason))
                        continue
                    # Articles to read go through nlp.pipe together: batching is what makes the
                    # model's networks fast.
                    pending.append((len(outcomes), item))
                    outcomes.append(None)
                    continue
                outcome = self.extract(item, skipped)
                if outcome is not None:
                    outcomes.append(outcome)
        for (slot, _), document in zip(pending, self._extract_batch([a for _, a in pending], skipped)):
            outcomes[slot] = document
        outcomes = [o for o in outcomes if o is not None]
        copies, self._copies = self._copies, 0
        return ChunkResult(outcomes, dict(skipped), os.getpid(), peak_rss_kb(),
                           time.perf_counter() - started, copies=copies)
