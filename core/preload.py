"""Load rows with their related rows in one round trip: PostgreSQL builds one JSON document
per row (to_json and json_agg) and Python turns it back into model instances, cached on
their owners exactly as select_related and prefetch_related cache them.

Why: the dashboard reads an applicant with seven kinds of related rows. As seven ORM
queries, Django's work to build and read each query cost more than PostgreSQL's work to
answer it (`make bench`, dashboard_to_bare_ratio); as one query the page runs at the speed
of a plain page. Other databases (SQLite for `make run`) get the same result from
select_related and prefetch_related.

A spec names relations, each with the spec of its own relations:
    {"school": {}, "documents": {"granting_school": {}}, "exams": {}}
Forward foreign keys, reverse one-to-ones and reverse foreign keys are supported.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import ForeignKey, ManyToOneRel, OneToOneRel

Spec = dict[str, "Spec"]
ROW = "."  # the key of a row's own columns in its JSON document (no relation is named ".")


def load(queryset: models.QuerySet, spec: Spec) -> list[models.Model]:
    """The rows of `queryset` with the relations of `spec` loaded, in the model's order.

    Only the rows `queryset` selects are read: it is the caller's permission-filtered
    queryset, used as a subquery of primary keys. A queryset that asks for more than a
    filter (locking, slicing, annotations, deferred fields, its own order) goes through the
    ORM, which honours all of it."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or not _only_filtered(queryset.query):
        return load_with_orm(queryset, spec)
    model = queryset.model
    ids = queryset.order_by().values("pk").query
    try:
        subquery, params = ids.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # e.g. .none(): nothing to read
        return []
    with connection.cursor() as cursor:
        cursor.execute(_sql(model, _frozen(spec)).format(subquery=subquery), params)
        documents = [row[0] for row in cursor.fetchall()]
    return [_build(model, json.loads(doc, parse_float=Decimal), spec, queryset.db)
            for doc in documents]


def _only_filtered(query) -> bool:
    return not (query.select_for_update or query.is_sliced or query.annotations
                or query.deferred_loading != (frozenset(), True) or query.order_by
                or query.distinct or query.combinator)


def load_with_orm(queryset: models.QuerySet, spec: Spec) -> list[models.Model]:
    """The same result from prefetch_related (one query per relation)."""
    return list(queryset.prefetch_related(*_lookups(spec)))


def _lookups(spec: Spec, prefix: str = "") -> list[str]:
    found = []
    for name, nested in spec.items():
        found.append(prefix + name)
        found += _lookups(nested, f"{prefix}{name}__")
    return found


# The query


def _frozen(spec: Spec) -> tuple:
    return tuple((name, _frozen(nested)) for name, nested in spec.items())


@dataclass(frozen=True)
class _Relation:
    name: str
    model: type[models.Model]
    many: bool
    forward: bool
    child_column: str  # the column of the related table in the join condition
    parent_column: str  # the column of the owner's table
    descriptor: object  # the field or reverse relation that caches the value


@lru_cache(maxsize=128)
def _relation(model, name: str) -> _Relation:
    field = model._meta.get_field(name)
    if isinstance(field, ForeignKey):  # ForeignKey and OneToOneField
        return _Relation(name, field.related_model, False, True,
                         field.target_field.column, field.column, field)
    if isinstance(field, ManyToOneRel):  # OneToOneRel is a ManyToOneRel
        many = not isinstance(field, OneToOneRel)
        return _Relation(name, field.related_model, many, False,
                         field.field.column, field.field.target_field.column, field)
    raise ValueError(f"{model.__name__}.{name}: only foreign keys and their reverses load")


@lru_cache(maxsize=32)
def _sql(model, spec: tuple) -> str:
    table = _quote(model._meta.db_table)
    pk = _quote(model._meta.pk.column)
    counter = iter(range(1, 1000))
    document = _document(model, "t0", spec, counter)
    # Names come from model metadata, quoted; the subquery and its parameters from the ORM.
    return (f"SELECT ({document})::text FROM {table} t0 "  # noqa: S608
            f"WHERE t0.{pk} IN ({{subquery}}) ORDER BY {_order(model, 't0')}")


def _document(model, alias: str, spec: tuple, counter) -> str:
    parts = [f"'{ROW}', to_json({alias})"]
    for name, nested in spec:
        relation = _relation(model, name)
        child = f"t{next(counter)}"
        inner = _document(relation.model, child, nested, counter)
        source = (f"FROM {_quote(relation.model._meta.db_table)} {child} WHERE "
                  f"{child}.{_quote(relation.child_column)} = "
                  f"{alias}.{_quote(relation.parent_column)}")
        value = (f"json_agg({inner} ORDER BY {_order(relation.model, child)})"
                 if relation.many else inner)
        parts.append(f"'{name}', (SELECT {value} {source})")
    return f"json_build_object({', '.join(parts)})"


def _order(model, alias: str) -> str:
    """The model's Meta.ordering as SQL, so PostgreSQL sorts (collation, NULLs) exactly as
    it does for the ORM; then the primary key, for a stable order."""
    terms = []
    for name in [*model._meta.ordering, "pk"]:
        if not isinstance(name, str) or "__" in name or name == "?":
            raise ValueError(f"{model.__name__}: Meta.ordering {name!r} is not supported")
        field_name = name.removeprefix("-")
        field = model._meta.pk if field_name == "pk" else model._meta.get_field(field_name)
        if field.is_relation:  # the ORM would follow the related model's own ordering
            raise ValueError(f"{model.__name__}: Meta.ordering by relation {name!r} "
                             "is not supported")
        terms.append(f"{alias}.{_quote(field.column)}{' DESC' if name[0] == '-' else ''}")
    return ", ".join(terms)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# Back to instances


def _build(model, document: dict, spec: Spec, db: str) -> models.Model:
    attnames, read, converters = _columns(model)
    values = list(read(document[ROW]))
    for i, convert in converters:
        if values[i] is not None:
            values[i] = convert(values[i])
    instance = model.from_db(db, attnames, values)
    for name, nested in spec.items():
        relation = _relation(model, name)
        value = document[name]
        if relation.many:
            children = [_build(relation.model, d, nested, db) for d in value or ()]
            back = relation.descriptor.field
            for child in children:
                back.set_cached_value(child, instance)
            manager = getattr(instance, relation.descriptor.accessor_name)
            queryset = manager.get_queryset()  # filtered to the owner, as prefetch caches it
            queryset._result_cache, queryset._prefetch_done = children, True
            instance.__dict__.setdefault("_prefetched_objects_cache", {})[
                relation.descriptor.cache_name] = queryset
            continue
        child = _build(relation.model, value, nested, db) if value is not None else None
        relation.descriptor.set_cached_value(instance, child)
        if child is not None and not relation.forward:
            relation.descriptor.field.set_cached_value(child, instance)
        elif child is not None and relation.descriptor.one_to_one:  # as select_related does
            relation.descriptor.remote_field.set_cached_value(child, instance)
    return instance


@lru_cache(maxsize=64)
def _columns(model) -> tuple[list[str], itemgetter, list[tuple[int, object]]]:
    """The attnames from_db takes, a function reading their values from a row's JSON object
    (all at once), and for the columns whose JSON value is not what the database driver
    would have returned (dates, decimals…), their position and the function that turns a
    non-null value into it."""
    fields = model._meta.concrete_fields
    converters = [(i, _converter(f)) for i, f in enumerate(fields)]
    return ([f.attname for f in fields], itemgetter(*(f.column for f in fields)),
            [(i, convert) for i, convert in converters if convert is not None])


def _converter(field):
    """None when the JSON value is already what the driver gives (text, integers, booleans);
    the conversion of a non-null value otherwise."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        if field.decoder is not None:
            raise ValueError(f"{field}: a JSON column with its own decoder is not supported")
        return _floats  # decoded already; json.loads gives floats where we gave Decimals
    if kind in {"DurationField", "UUIDField", "BinaryField"} or hasattr(field, "from_db_value"):
        raise ValueError(f"{field}: no JSON conversion for a {kind}")
    return {"DateTimeField": datetime.fromisoformat, "DateField": date.fromisoformat,
            "TimeField": time.fromisoformat, "DecimalField": Decimal,
            "FloatField": float}.get(kind)


def _floats(value):
    """A JSON column's value as the ORM's json.loads gives it: numbers with a fraction are
    floats (the document was read with parse_float=Decimal for the decimal columns)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [_floats(v) for v in value]
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    return value
