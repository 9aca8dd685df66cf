# One module per area; importing them registers their ModelAdmins.
from . import canada, match, programs  # noqa: F401
