"""Reading the YAML files of rapsheet/data: `load(name)` once per process, checked by the
validator registered for the file; every problem with a file is a `DataError`."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from rapsheet.errors import DataError

DATA_DIR = Path(__file__).resolve().parent

Validator = Callable[[Any, str], None]

#: `yaml.safe_load`'s loader, in C where PyYAML was built with libyaml (the same content, parsed
#: about 8x faster: every worker process reads the data files when it loads the pipeline).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Per-file validators (rapsheet/data/validation.py registers them): name -> validator.
VALIDATORS: dict[str, Validator] = {}


def parse(path: str | Path, validator: Validator | None = None) -> Any:
    """Read one YAML file and run `validator(content, filename)` over it; not cached."""
    path = Path(path)
    try:
        content = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except FileNotFoundError:
        raise DataError(f"data file {path.name} is missing from {path.parent}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise DataError(f"{path.name}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from exc
    if validator is not None:
        validator(content, path.name)
    return content


@functools.cache
def load(name: str) -> Any:
    """The parsed, validated content of `rapsheet/data/{name}.yaml`, read once per process."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise DataError(f"bad data file name {name!r}: use the stem, e.g. 'organizations'")
    return parse(DATA_DIR / f"{name}.yaml", VALIDATORS.get(name))

