"""Test infrastructure shared by the suites (servers, factories)."""
