"""Imports every table module so that Base.metadata (and Alembic) sees the whole schema."""

from dispatch.orgdir import models as orgdir_models  # noqa: F401
from dispatch.users import models as users_models  # noqa: F401
from dispatch.requests import models as requests_models  # noqa: F401
