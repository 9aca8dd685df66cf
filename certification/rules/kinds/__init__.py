"""One module per rule kind (or a small group of them); each registers its RuleKinds on
import. Every module in this folder is imported, so adding a kind is adding a module (see
docs/architecture.md). FIRST keeps the registry's order (admin choices, messages) for the
kinds that came first; any other module follows in name order."""

from importlib import import_module
from pkgutil import iter_modules

FIRST = ("identity", "credentials", "exams", "clinical_skills", "english")
__all__ = [*FIRST, *sorted({m.name for m in iter_modules(__path__)} - set(FIRST))]

for _name in __all__:
    import_module(f"{__name__}.{_name}")
