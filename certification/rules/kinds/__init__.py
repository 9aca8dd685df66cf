"""One module per rule kind (or a small group of them); each registers its RuleKinds on
import, and the import order below is the registry's order (admin choices, messages).
To add a kind, add a module and import it here: see docs/architecture.md."""
# isort: skip_file

from . import identity, credentials, exams, clinical_skills, english

__all__ = ["clinical_skills", "credentials", "english", "exams", "identity"]
