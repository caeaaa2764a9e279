"""The people we verify: encrypted personal data, blind indexes, role-based masking."""
