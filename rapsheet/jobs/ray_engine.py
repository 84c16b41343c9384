"""Engine "ray" (the `distributed` extra): the units of work of `rapsheet.jobs.units` spread over Ray
Data actors, each loading the pipeline once and running the same `ExtractWorker` as local workers;
the driver (this process) stores the results in input order, the one writer.

Takes paths and a Store, as `rapsheet.jobs.local.ingest_local`; gives the same `IngestSummary`.

    RAY_ADDRESS=head:6379 RAPSHEET_DB=postgresql://db/rapsheet rapsheet ingest --engine ray --workers 16 crawl/

(on a node of the cluster, or as the entrypoint of `ray job submit`, which sets RAY_ADDRESS;
docs/DEPLOY-RAY.md is the deployment, tests/volume/test_ray_cluster.py its multi-node test).

Why Ray: its Data library streams a dataset through a pool of stateful actors with backpressure
(an actor keeps its loaded spaCy pipeline across batches, which Spark's Python UDFs cannot without
per-executor tricks), it runs in one process on a laptop and in CI (`ray.init(num_cpus=2)`), and it
needs no JVM. Without RAY_ADDRESS (or a Ray already started by the caller) a local Ray with
`workers` CPUs is started and stopped again. On a cluster, the input paths must be readable at the
same place on every node (a shared filesystem), and the store a database every node reaches
(PostgreSQL): actors read it to skip what is stored, so a rerun after a crash goes on where the
last one stopped. Each worker in the summary names its Ray node (`node`).
"""
from __future__ import annotations

import datetime as dt
import os
import pickle
from collections import Counter
from collections.abc import Callable

from rapsheet.errors import UsageError
from rapsheet.jobs.units import chunked, split_units
from rapsheet.jobs.worker import ExtractWorker, peak_rss_kb
from rapsheet.jobs.writer import IngestSummary, WorkerStats, record_result
from rapsheet.settings import Settings, settings as current_settings
from rapsheet.store import Store


class RayExtractor:
    """A Ray Data actor: one `ExtractWorker`, a batch of pickled chunks in, pickled results out."""

    def __init__(self, options: dict):
        import ray

        self.worker = ExtractWorker(**options, preload=True)
        self.node = ray.get_runtime_context().get_node_id()

    def run(self, chunk: bytes) -> bytes:
        result = self.worker.run(pickle.loads(chunk))
        result.node = self.node   # which machine did the work, for the summary
        return pickle.dumps(result)

    def __call__(self, batch: dict) -> dict:
        # numpy imported here, where Ray has loaded it already: the writing process of every
        # ingest imports this module, and numpy cost it ~0.09 CPU s of its start.
        import numpy as np

        return {"result": np.array([self.run(chunk) for chunk in batch["chunk"]], dtype=object)}


def _ray():
    # Ray is an optional extra (and slow to import): imported only when the engine runs.
    try:
        import ray
        import ray.data
    except ImportError:
        raise UsageError("the ray engine needs Ray: pip install 'rapsheet[distributed]'") from None
    return ray


def ingest_ray(paths: list[str], store: Store, workers: int = 2, published: dt.date | None = None,
               clean: bool = True, since: dt.date | None = None,
               progress: Callable[[str], None] | None = None, settings: Settings | None = None,
               chunk_units: int = 1) -> IngestSummary:
    """Ingest `paths` with `workers` Ray actors; see the module docstring. A row of the dataset
    is `chunk_units` units: one by default, since an article's extraction (around a second)
    dwarfs Ray's cost per row, and small rows keep every actor busy to the end."""
    ray = _ray()
    settings = settings or current_settings()
    store_url = store.shareable_url()
    summary = IngestSummary()
    skipped: Counter = Counter()
    # The scan reads record headers only; the units are small (a path, a file offset), so even a
    # large crawl's list of them fits in the driver.
    rows = [{"chunk": pickle.dumps(chunk)}
            for chunk in chunked(split_units(paths, settings, skipped, published, clean), chunk_units)]
    summary.skipped.update(skipped)
    started_here = not ray.is_initialized()
    if started_here:
        # "local", not None: without RAY_ADDRESS, Ray would join whatever cluster `ray start` last
        # started on this machine (its address file), which is not what was asked.
        address = os.environ.get("RAY_ADDRESS") or "local"
        ray.init(address=address, num_cpus=workers if address == "local" else None,
                 include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True   # the writer stores in input order
        context.enable_progress_bars = False
        stats: dict[tuple[str, int], WorkerStats] = {}
        if rows:
            options = {"settings": settings, "store_url": store_url, "published": published,
                       "clean": clean, "since": since}
            dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
                RayExtractor, fn_constructor_kwargs={"options": options}, batch_size=1,
                compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1)
            for row in dataset.iter_rows():
                record_result(store, summary, pickle.loads(row["result"]), progress, stats)
        summary.workers = [s.to_json() for s in sorted(stats.values(), key=lambda s: (s.node or "", s.pid))]
        summary.peak_rss_mb = round(peak_rss_kb() / 1024, 1)
        return summary
    finally:
        if started_here:
            ray.shutdown()
