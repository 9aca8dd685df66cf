"""The advisor's caseload (list, CSV, saved filters) and the applicant's file for an
advisor: pages that compose every app, so they live in the road."""
