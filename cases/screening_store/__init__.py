"""Screening as a service: imported list versions, stored hits, reviews, re-screening.

The pure matcher lives in `cases.screening`; this package persists what it needs and
produces: list versions (so the index is rebuilt after a restart without the file), hits
per customer, and false-positive decisions keyed by the hit's match key. It knows nothing
about customers' tables: callers hand it `ScreenedPerson` values (see `people.py`).
"""
