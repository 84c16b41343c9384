"""Schemathesis over the OpenAPI schema: generated requests to every operation, valid and not,
must never get a server error (5xx); bounded to a few examples per operation."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402

from rapsheet.settings import Settings  # noqa: E402
from tests.api.conftest import KEY  # noqa: E402
from tests.conftest import SEED  # noqa: E402


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory, pipeline):
    from rapsheet.api import create_app
    db = tmp_path_factory.mktemp("fuzz") / "rapsheet.db"
    app = create_app(Settings(db=f"sqlite:///{db}", api_key=KEY, api_max_body_bytes=200_000,
                              api_timeout_seconds=20))
    with TestClient(app) as c:
        assert c.post("/articles", json={"text": SEED.read_text(encoding="utf-8"), "published": "2025-04-23"},
                      headers={"X-API-Key": KEY}).status_code == 201
    return app


def test_no_server_errors(fuzz_app):
    from hypothesis import given
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers={"X-API-Key": KEY}, checks=[not_a_server_error])
        check()
