"""The API's routers, one per area; `ALL` is what `create_app` includes, in this order."""
from rapsheet.api.routers import (articles, browse, disputes, entities, events, failures, health,
                                  judgements, match, yente)

ALL = [health.router, articles.router, browse.router, entities.router, events.router, match.router,
       judgements.router, failures.router, yente.router, disputes.router]

try:  # the export module is another part of the project; serve it once it is there
    from rapsheet.api.routers import export
except ImportError:  # pragma: no cover - depends on what is installed
    export = None
if export is not None and export.router is not None:
    ALL.append(export.router)
