"""Follow-ups: tracked obligations with reminders and escalation on the work calendar.

``service.track / complete / reschedule / request_new_date / cancel`` manage them;
``scheduled.followup_sweep`` (run by ``dispatch worker``) fires reminders and escalations
through the notifications outbox; ``ics.feed`` builds a person's calendar.
"""
