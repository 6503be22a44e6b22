"""Writes of the catalogue, split by topic; import them from here: ``services.product_publish``."""

from siteops.org.acting import Acting, acting_for, system_acting  # noqa: F401

from .intake import (  # noqa: F401
    FIELDS,
    clean_data,
    normalise_spec,
    purchasing_acting,
    readiness,
    submission_accept,
    submission_complete,
    submission_create,
    submission_resubmit,
    submission_return,
    submission_withdraw,
    submissions_import,
)
from .products import *  # noqa: F403
from .products import TRANSITIONS  # noqa: F401
from .syncs import *  # noqa: F403
