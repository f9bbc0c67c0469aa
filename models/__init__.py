"""Domain types shared by every layer: the organisation directory and its calendar.

Pure data and validation; no database, no HTTP.
"""

from models.calendar import WorkCalendar
from models.org import Department, Org, OrgError, Person, load_org, parse_org

__all__ = ["Department", "Org", "OrgError", "Person", "WorkCalendar", "load_org", "parse_org"]
