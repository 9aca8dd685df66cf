"""The applicant's dashboard: the whole road (certificate and Match) on one page.

Only this package and the advisors' caseload compose all three apps; applicants/models.py
imports neither certification nor residency.
"""
