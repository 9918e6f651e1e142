"""Every table of the platform, imported in one place for Alembic and for the tests."""

from __future__ import annotations

from ic2permed.access import models as _access  # noqa: F401
from ic2permed.biobanks import models as _biobanks  # noqa: F401
from ic2permed.core.accounts import models as _accounts  # noqa: F401
from ic2permed.core.audit import models as _audit  # noqa: F401
from ic2permed.core.bundles import DataBundle as _DataBundle  # noqa: F401
from ic2permed.core.database import Base
from ic2permed.experts import models as _experts  # noqa: F401
from ic2permed.federation.hub import models as _federation_hub  # noqa: F401
from ic2permed.landscape import models as _landscape  # noqa: F401
from ic2permed.stakeholders import models as _stakeholders  # noqa: F401

metadata = Base.metadata
