"""Staff accounts: users, roles, API tokens and passwords (no Flask here)."""
