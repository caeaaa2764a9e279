"""Transaction monitoring as a service: intake, persisted rule state, scheduled pass.

Entry points: `intake.TransactionIntake`, `scheduled.run_scheduled`,
`parked.release_parked` / `parked.release_hook`, `rule_store.change_rule`.
"""
