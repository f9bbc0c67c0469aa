"""Allocation proposals: the planner's backlog, solved plans, review, approval."""
