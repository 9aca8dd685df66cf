"""Sharing a file with an advising organisation: invitations, consents, assignments, notes,
and the organisation's team (services, selectors, views)."""
