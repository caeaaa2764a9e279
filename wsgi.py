"""gunicorn entry point: `gunicorn wsgi:app`."""

from kyc_service import create_app

app = create_app()
