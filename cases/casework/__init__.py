"""Case management for compliance officers: cases gather a customer's alerts and move
through one explicit state machine (`workflow`), with assignment, queues, SLA clocks,
four-eyes approvals and STR drafts. No Flask here; the API and pages call these."""
