"""Imports every table module so that Base.metadata (and Alembic) sees the whole schema."""

from dispatch.chat import models as chat_models  # noqa: F401
from dispatch.collab import models as collab_models  # noqa: F401
from dispatch.followups import models as followups_models  # noqa: F401
from dispatch.jobs import models as jobs_models  # noqa: F401
from dispatch.minutes import models as minutes_models  # noqa: F401
from dispatch.notifications import models as notifications_models  # noqa: F401
from dispatch.orgdir import models as orgdir_models  # noqa: F401
from dispatch.plans import models as plans_models  # noqa: F401
from dispatch.problems import models as problems_models  # noqa: F401
from dispatch.requests import models as requests_models  # noqa: F401
from dispatch.users import models as users_models  # noqa: F401
