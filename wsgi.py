"""gunicorn entry point: `gunicorn wsgi:app` (background workers start in each process)."""

from kyc_service.app import serving_app

app = serving_app()
