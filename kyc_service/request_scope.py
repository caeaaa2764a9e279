"""Per-request plumbing: the runtime, a lazily opened session, and the one commit point.

A request's domain work happens in one session that commits after the view returned a
success, or rolls back on any error, so a change and its audit entries land together.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g
from sqlalchemy.orm import Session

from kyc_service.runtime import Runtime

log = logging.getLogger(__name__)
EXTENSION = "kyc"


def runtime() -> Runtime:
    rt: Runtime = current_app.extensions[EXTENSION]
    return rt


def db_session() -> Session:
    session: Session | None = g.get("db_session")
    if session is None:
        session = runtime().session_factory()
        g.db_session = session
    return session


def _commit_on_success(response: Response) -> Response:
    session: Session | None = g.get("db_session")
    if session is None:
        return response
    if response.status_code >= 400:
        session.rollback()
        return response
    session.commit()  # a failure here propagates to the error handler as a 500
    return response


def _close_session(_error: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back whatever was not committed


def init_app(app: Flask, rt: Runtime) -> None:
    app.extensions[EXTENSION] = rt
    app.after_request(_commit_on_success)
    app.teardown_request(_close_session)
