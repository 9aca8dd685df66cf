"""Read rows with their related records in one query, the records as plain data.

Why: the dashboard reads an applicant with seven kinds of related records. As seven ORM
queries, Django's work to build each query and each model instance cost more than
PostgreSQL's work to answer (`make bench`). Here PostgreSQL builds each owner's records as
JSON in the same query (`ArraySubquery` / `Subquery` of `JSONObject`, public Django API) and
Python turns them into `Row`s: plain attribute bags the engines read as they read facts.

    EXAMS = Related(ExamAttempt, "applicant", ("id", "exam", "test_date", "outcome"))
    applicant = load(Applicant.objects.visible_to(user), {"exams": EXAMS})[0]
    applicant.records.exams  # [Row(id=1, exam="STEP1", test_date=date(...), ...), ...]

The owner rows stay model instances (read by the caller's own, permission-filtered
queryset); their records hang on `.records`. Other databases (SQLite for `make run`) read
the same rows with one `.values()` query per relation and owner.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from types import SimpleNamespace

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import JSONObject

Row = SimpleNamespace  # one record: its columns by attribute name, nested records likewise
PREFIX = "preloaded_"  # annotation names: never a field name


@dataclass(frozen=True)
class Related:
    """The records of one relation, read as plain data.

    `link` is the related model's lookup that equals the owner's `owner_key` (a reverse
    foreign key: link="applicant", owner_key="pk"; a forward one: link="pk",
    owner_key="school_id"). `fields` are attribute names of the related model; `nested`
    relations are read for each related record (their owner_key is one of `fields`).
    Records come in the model's Meta.ordering unless `ordering` says otherwise.
    """

    model: type[models.Model]
    link: str
    fields: tuple[str, ...]
    many: bool = True
    owner_key: str = "pk"
    nested: Mapping[str, "Related"] = field(default_factory=dict)
    ordering: tuple[str, ...] | None = None

    def __hash__(self) -> int:
        return hash((self.model, self.link, self.fields, self.many, self.owner_key,
                     tuple(self.nested.items()), self.ordering))

    def order(self) -> tuple[str, ...]:
        ordering = self.ordering if self.ordering is not None else self.model._meta.ordering
        return (*ordering, "pk")

    def queryset(self, key) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.link: key}).order_by(*self.order())


Spec = Mapping[str, Related]


def load(queryset: models.QuerySet, spec: Spec) -> list[models.Model]:
    """The rows of `queryset`, each with `.records`: one attribute per relation of `spec`
    (a list of Rows, or a Row or None). One query on PostgreSQL."""
    if connections[queryset.db].vendor != "postgresql":
        return _load_each(queryset, spec)
    annotated = queryset.annotate(**{PREFIX + name: _expression(rel)
                                     for name, rel in spec.items()})
    owners = list(annotated)
    for owner in owners:
        owner.records = Row(**{name: _rows(rel, getattr(owner, PREFIX + name))
                               for name, rel in spec.items()})
    return owners


def _expression(rel: Related):
    documents = rel.queryset(OuterRef(rel.owner_key)).values(document=_object(rel))
    return ArraySubquery(documents) if rel.many else Subquery(documents[:1])


def _object(rel: Related) -> JSONObject:
    columns = {name: F(name) for name in rel.fields}
    columns.update({name: _expression(sub) for name, sub in rel.nested.items()})
    return JSONObject(**columns)


def _rows(rel: Related, value):
    if rel.many:
        return [_row(rel, document) for document in value or ()]
    return _row(rel, value) if value is not None else None


def _row(rel: Related, document: dict) -> Row:
    for name, convert in _converters(rel.model, rel.fields):
        if document[name] is not None:
            document[name] = convert(document[name])
    for name, sub in rel.nested.items():
        document[name] = _rows(sub, document[name])
    return Row(**document)


@cache
def _converters(model: type[models.Model], fields: tuple[str, ...]) -> tuple:
    """(name, function) for the fields whose JSON value is not the driver's value."""
    found = []
    for name in fields:
        field_ = model._meta.get_field(name)  # a name or an attname ("school_id")
        if field_.is_relation:
            field_ = field_.target_field
        convert = _CONVERT.get(field_.get_internal_type())
        if convert is not None:
            found.append((name, convert))
    return tuple(found)


_CONVERT = {"DateField": date.fromisoformat, "DateTimeField": datetime.fromisoformat,
            "TimeField": time.fromisoformat,
            "DecimalField": lambda v: v if isinstance(v, Decimal) else Decimal(str(v)),
            "FloatField": float}


# Other databases: the same Rows, one query per relation and owner


def _load_each(queryset: models.QuerySet, spec: Spec) -> list[models.Model]:
    owners = list(queryset)
    for owner in owners:
        owner.records = Row(**{name: _read(rel, getattr(owner, rel.owner_key))
                               for name, rel in spec.items()})
    return owners


def _read(rel: Related, key):
    if key is None:
        return [] if rel.many else None
    rows = []
    for values in rel.queryset(key).values(*rel.fields):
        for name, sub in rel.nested.items():
            values[name] = _read(sub, values[sub.owner_key])
        rows.append(Row(**values))
    if rel.many:
        return rows
    return rows[0] if rows else None
