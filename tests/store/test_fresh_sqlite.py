"""Ingests started together on a SQLite file that does not exist yet: each opens it (creating
the schema, switching to WAL) without "database is locked" — the busy timeout is set before
anything else on every connection."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

OPEN = ("import sys; from rapsheet.store import open_store\n"
        "with open_store(sys.argv[1]) as store:\n"
        "    store.add_failure('probe-' + sys.argv[2], 'read', 'probe')\n"
        "    print(len(store.failures(limit=100)))\n")


def test_three_processes_opening_one_fresh_sqlite_file_all_succeed(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_ in range(2):
        url = f"sqlite:///{tmp_path / f'fresh-{round_}.db'}"
        runs = [subprocess.Popen([sys.executable, "-c", OPEN, url, str(i)], env=env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(3)]
        results = [(run.wait(timeout=120), *run.communicate()) for run in runs]
        for code, out, err in results:
            assert code == 0 and "locked" not in err, err[-500:]
        from rapsheet.store import open_store
        with open_store(url) as store:
            assert sorted(f["source"] for f in store.failures(limit=100)) == ["probe-0", "probe-1", "probe-2"]
