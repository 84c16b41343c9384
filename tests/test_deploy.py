"""The deployment of docs/DEPLOY-RAY.md stays true to the code: the Ray version its specs name is the
one the `distributed` extra pins, the RayJob asks for as many actors as its worker CPUs hold and
runs the ingest a user runs, and every node of the launcher file installs the package with Ray and
the model and joins with token authentication."""
from __future__ import annotations

import re
import shlex
import tomllib

import yaml

from tests.conftest import ROOT

DOCS = ROOT / "docs"


def ray_pin() -> str:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    (pin,) = [r for r in extras["distributed"] if r.startswith("ray")]
    return pin.split("==")[1]


def test_rayjob_runs_the_ingest_on_as_many_actors_as_worker_cpus():
    job = yaml.safe_load((DOCS / "deploy" / "rayjob.yaml").read_text())
    assert (job["apiVersion"], job["kind"]) == ("ray.io/v1", "RayJob")
    spec = job["spec"]
    cluster = spec["rayClusterSpec"]
    assert cluster["rayVersion"] == ray_pin()
    args = shlex.split(spec["entrypoint"])
    assert args[:2] == ["rapsheet", "ingest"] and args[args.index("--engine") + 1] == "ray"
    workers = int(args[args.index("--workers") + 1])
    groups = cluster["workerGroupSpecs"]
    assert workers == sum(g["replicas"] * int(g["rayStartParams"]["num-cpus"]) for g in groups)
    assert cluster["headGroupSpec"]["rayStartParams"]["num-cpus"] == "0"   # the head writes only
    (head,) = cluster["headGroupSpec"]["template"]["spec"]["containers"]
    assert "RAPSHEET_DB" in {e["name"] for e in head["env"]}
    # The inputs are mounted at the same path on the head and on every worker.
    inbox = args[2]
    for container in [head] + [c for g in groups for c in g["template"]["spec"]["containers"]]:
        assert inbox in {m["mountPath"] for m in container["volumeMounts"]}, container["name"]


def test_launcher_installs_package_and_model_and_joins_with_a_token():
    config = yaml.safe_load((DOCS / "deploy" / "ray-cluster.yaml").read_text())
    setup = " ".join(config["setup_commands"])
    assert "[distributed]" in setup
    model = re.search(r"-r ~/rapsheet/(\S+)", setup).group(1)
    assert (ROOT / model).is_file()
    for key in ("head_start_ray_commands", "worker_start_ray_commands"):
        start = [c for c in config[key] if " start " in c]
        assert start and all("RAY_AUTH_MODE=token" in c for c in start), key


def test_deploy_page_is_linked_and_names_files_that_exist():
    page = (DOCS / "DEPLOY-RAY.md").read_text()
    assert "docs/DEPLOY-RAY.md" in (ROOT / "README.md").read_text()
    for path in set(re.findall(r"`((?:docs|tests|benchmarks|rapsheet)/[\w./-]+\.(?:py|yaml|md))`", page)):
        assert (ROOT / path).is_file(), path
