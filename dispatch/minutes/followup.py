"""Hook for ``flows.confirm``: confirmed items are followed up (see dispatch.followups)."""

from dispatch.followups.adapters import track_action_items as track_items  # noqa: F401
