"""Data-subject requests, restriction after erasure, retention and periodic destruction."""
