"""The REST API (FastAPI): `create_app()` builds it; `rapsheet serve` runs it with uvicorn.

    from rapsheet.api import create_app
    app = create_app()            # settings from RAPSHEET_* environment variables
"""
from rapsheet.api.app import create_app

__all__ = ["create_app"]
