# One module per area; importing them registers their ModelAdmins.
from . import match, programs  # noqa: F401
