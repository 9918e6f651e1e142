"""Every table of the platform, imported in one place for Alembic and for the tests."""

from __future__ import annotations

from ic2permed.core.accounts import models as _accounts  # noqa: F401
from ic2permed.core.audit import models as _audit  # noqa: F401
from ic2permed.core.bundles import DataBundle as _DataBundle  # noqa: F401
from ic2permed.core.database import Base

metadata = Base.metadata
