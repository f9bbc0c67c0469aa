"""Cross-department requests: intake, state machine, routing, triage, SLA clock."""
