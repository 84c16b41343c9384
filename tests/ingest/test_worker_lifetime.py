"""`rapsheet ingest --workers 2` ended from outside (TERM, or kill -9 that it cannot see coming)
leaves no worker process behind: each one holds a whole pipeline, and an orphan would wait on
its queue forever."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STORY = (ROOT / "tests" / "fixtures" / "articles" / "daz-fentanyl-trafficker-sentenced.txt").read_text()


def children_of(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_killing_a_two_worker_ingest_leaves_no_worker_behind(tmp_path, how):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(400):   # distinct texts, far more than the workers read before the kill
        (inputs / f"story-{i:03d}.txt").write_text(f"Story {i}.\n\n{STORY}\nReported by desk {i}.\n")
    db = tmp_path / "store.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAPSHEET_DB": f"sqlite:///{db}"}
    workers: list[int] = []
    parent = subprocess.Popen([sys.executable, "-m", "rapsheet", "ingest", str(inputs),
                               "--workers", "2", "--published", "2025-03-04"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Running in earnest: both workers started and the first articles stored.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and parent.poll() is None:
            if stored_articles(db) > 0 and len(children_of(parent.pid)) >= 2:
                break
            time.sleep(0.2)
        assert parent.poll() is None, "the ingest ended before it could be killed"
        workers = children_of(parent.pid)
        assert len(workers) >= 2, workers
        os.kill(parent.pid, how)
        parent.wait(timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.2)
        survivors = [pid for pid in workers if alive(pid)]
        assert not survivors, f"workers {survivors} outlived their parent ({how.name})"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for pid in workers + children_of(parent.pid):   # never leave one running
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
