# One module per area; importing them registers their ModelAdmins.
from . import documents, records, rulesets  # noqa: F401
