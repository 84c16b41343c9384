"""A real multi-node Ray cluster on this machine, for the tests and benchmarks of the Ray engine.

Each node is its own `ray start --block` process (the head: GCS and raylet; each other node: a
raylet of its own that joins the head by address), in a process group and a temp dir of its own,
with every port picked free, so it neither collides with nor joins any other Ray on the machine
(Ray's default `/tmp/ray` address file is never written). Every node runs with PYTHONPATH naming
this checkout, so its workers import this tree's `rapsheet`, not whatever is installed. The
cluster takes token authentication with a token of its own (RAY_AUTH_MODE=token, RAY_AUTH_TOKEN),
as a deployment should: a driver connects with `client_env`.

    with LocalRayCluster(nodes=2, cpus_per_node=1) as cluster:
        subprocess.run([..., "rapsheet", "ingest", "--engine", "ray", ...],
                       env=os.environ | cluster.client_env)

Stopping kills every process of each node's group (SIGKILL: Ray's own SIGTERM drain waits up to
30 s) and removes the temp dir.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READY = "Ray runtime started"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ray_cli() -> list[str]:
    script = Path(sys.executable).with_name("ray")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from ray.scripts.scripts import main; sys.exit(main())"]


class LocalRayCluster:
    def __init__(self, nodes: int = 2, cpus_per_node: int = 1, object_store_mb: int = 128,
                 env: dict | None = None):
        self.nodes, self.cpus_per_node, self.object_store_mb = nodes, cpus_per_node, object_store_mb
        self.token = secrets.token_hex(32)
        self.env = {**os.environ, **(env or {}),
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
                    "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": self.token}
        for name in ("RAY_ADDRESS", "RAY_AUTH_TOKEN_PATH"):
            self.env.pop(name, None)
        self.processes: list[subprocess.Popen] = []
        self.temp = ""
        self.port = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def client_env(self) -> dict:
        """What a driver's environment needs to join this cluster (and this checkout's code)."""
        return {"RAY_ADDRESS": self.address, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": self.token,
                "PYTHONPATH": self.env["PYTHONPATH"], "RAY_USAGE_STATS_ENABLED": "0"}

    def _node_args(self, logs: str) -> list[str]:
        # Unix socket paths must stay short: the temp dir is a short name under /tmp.
        return ["--temp-dir", self.temp, "--num-cpus", str(self.cpus_per_node),
                "--object-store-memory", str(self.object_store_mb * 2**20), "--disable-usage-stats",
                "--node-ip-address", "127.0.0.1",
                "--node-manager-port", str(free_port()), "--object-manager-port", str(free_port()),
                "--runtime-env-agent-port", str(free_port()),
                "--dashboard-agent-grpc-port", str(free_port()),
                "--dashboard-agent-listen-port", str(free_port()),
                "--metrics-export-port", str(free_port()),
                "--min-worker-port", "0", "--max-worker-port", "0", "--block"]

    def _start_node(self, args: list[str], name: str, timeout: float) -> None:
        log = Path(self.temp) / f"{name}.out"
        with open(log, "w") as out:
            process = subprocess.Popen(_ray_cli() + ["start", *args], stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, env=self.env, start_new_session=True)
        self.processes.append(process)
        deadline = time.monotonic() + timeout
        while READY not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Ray node {name} did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)

    def start(self, timeout: float = 120) -> LocalRayCluster:
        self.temp = tempfile.mkdtemp(prefix="rsray", dir="/tmp")
        self.port = free_port()
        try:
            self._start_node(["--head", "--port", str(self.port), "--include-dashboard", "false",
                              "--dashboard-port", str(free_port()), *self._node_args("head")],
                             "head", timeout)
            for number in range(1, self.nodes):
                self._start_node(["--address", self.address, *self._node_args(f"node{number}")],
                                 f"node{number}", timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def groups_alive(self) -> list[int]:
        """Pids of processes still in the nodes' sessions."""
        sessions = {p.pid for p in self.processes}
        alive = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) in sessions and fields[0] != "Z":   # stat field 6: the session
                alive.append(int(entry.name))
        return alive

    def stop(self) -> None:
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for process in self.processes:
            process.wait()
        deadline = time.monotonic() + 10
        while (left := self.groups_alive()) and time.monotonic() < deadline:
            for pid in left:   # a process that left its group but not its session
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.2)
        self.processes = []
        if self.temp:
            shutil.rmtree(self.temp, ignore_errors=True)

    def __enter__(self) -> LocalRayCluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
