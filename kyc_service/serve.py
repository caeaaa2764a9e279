"""Serving with gunicorn from the `kyc serve` command (also `gunicorn wsgi:app`)."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from kyc_service.app import serving_app


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return serving_app()


def serve(bind: str, workers: int, threads: int) -> None:
    _Gunicorn({"bind": bind, "workers": workers, "threads": threads,
               "worker_class": "gthread", "accesslog": "-", "timeout": 60}).run()
