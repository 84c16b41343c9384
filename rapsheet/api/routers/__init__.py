"""The API's routers, one per area; `ALL` is what `create_app` includes, in this order."""
from rapsheet.api.routers import (articles, browse, disputes, entities, events, export, failures, health,
                                  judgements, match, yente)

ALL = [health.router, articles.router, browse.router, entities.router, events.router, match.router,
       judgements.router, failures.router, yente.router, disputes.router, export.router]
