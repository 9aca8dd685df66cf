"""ECFMG certification records: schools, the ECFMG file, documents, exams, OET, pathways,
and the requirement sets (rules as data) the engine in rules.py evaluates.

One module per area (schools, records, documents, rulesets), all re-exported here, so
importers (migrations included) name `certification.models` only."""

from .documents import CredentialDocument, DocumentEvent, private_upload_path
from .records import (
    ECFMG_ID,
    EcfmgRecord,
    ExamAttempt,
    OetSitting,
    OwnedQuerySet,
    PathwayApplication,
    normalise_ecfmg_id,
    validate_oet_step,
)
from .rulesets import Requirement, RequirementSet, RequirementSetQuerySet
from .schools import MedicalSchool, MedicalSchoolQuerySet

__all__ = [
    "ECFMG_ID", "CredentialDocument", "DocumentEvent", "EcfmgRecord", "ExamAttempt",
    "MedicalSchool", "MedicalSchoolQuerySet", "OetSitting", "OwnedQuerySet",
    "PathwayApplication", "Requirement", "RequirementSet", "RequirementSetQuerySet",
    "normalise_ecfmg_id", "private_upload_path", "validate_oet_step",
]
