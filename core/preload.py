"""Read rows with their related records in one query, the records as plain data.

Why: the dashboard reads an applicant with seven kinds of related records. As seven ORM
queries, Django's work to build each query and each model instance cost more than
PostgreSQL's work to answer (`make bench`). Here PostgreSQL builds one JSON document of each
owner's records in the same query (`Subquery`, `JSONBAgg` and `Func`, public Django API,
compiled once per spec) and Python turns it into `Row`s: plain attribute bags the
engines read as they read facts.

    EXAMS = Related(ExamAttempt, "applicant", ("id", "exam", "test_date", "outcome"))
    applicant = load(Applicant.objects.visible_to(user), {"exams": EXAMS})[0]
    applicant.records.exams  # [Row(id=1, exam="STEP1", test_date=date(...), ...), ...]

The owner rows stay model instances (read by the caller's own, permission-filtered
queryset); their records hang on `.records`. Other databases (SQLite for `make run`) read
the same rows with one `.values()` query per relation and owner.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from types import SimpleNamespace

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connections, models
from django.db.models import F, Func, JSONField, OuterRef, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from . import prepared

Row = SimpleNamespace  # one record: its columns by attribute name, nested records likewise
_KEY = re.compile(r"[a-z_][a-z0-9_]*")
DOCUMENT = "preloaded_records"  # the annotation: never a field name


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
    sql, params = _compiled(queryset.model, tuple(spec.items()), queryset.db)
    # The SQL is the ORM's own compilation of our expressions (_compiled): no outside text.
    document = RawSQL(sql, params, output_field=TextField())  # noqa: S611
    return _attach(list(queryset.annotate(**{DOCUMENT: document})), spec)


def _attach(owners: list[models.Model], spec: Spec) -> list[models.Model]:
    """Each owner's records, from its JSON document, on `.records`."""
    for owner in owners:
        document = json.loads(getattr(owner, DOCUMENT))
        owner.records = Row(**{name: _rows(_reader(rel), document[name])
                               for name, rel in spec.items()})
    return owners


# The user attributes a permission helper may branch on: a stand-in copies them (load_own).
_USER_KIND = ("role", "is_staff", "is_superuser", "is_active")
_STAND_IN = -900_000_101  # an id no row has, swapped for the real one in the parameters


def load_own(user, queryset_of, spec: Spec) -> list[models.Model]:
    """load(queryset_of(user), spec), with the owners' SQL compiled once per permission
    helper, spec and kind of user (role, staff): building and compiling the owner's query
    cost the dashboard a millisecond a request, as much as evaluating both engines.
    `queryset_of` (e.g. own_applicant_queryset) still runs for the user on every call, so
    its refusals stand; the SQL is that of queryset_of(a stand-in of the same kind), whose id
    each call replaces by the user's. Staff (whose helpers read permissions) and other
    databases take load()."""
    queryset = queryset_of(user)
    if connections[queryset.db].vendor != "postgresql" or user.is_staff:
        return load(queryset, spec)
    kind = tuple(getattr(user, name, None) for name in _USER_KIND)
    sql, params = _compiled_own(queryset_of, tuple(spec.items()), queryset.db, user.__class__, kind)
    return _attach(_prepared_owners(queryset.model, queryset.db, sql, params, user.pk), spec)


def load_one(model: type[models.Model], pk: int, spec: Spec, db: str = "default"):
    """The row `pk` of `model` with its records on `.records` (as load), or None: for a row
    a permission helper has granted already (the advisor's file: the applicant of the
    consent sharing.selectors.access_case found), so that the query needs no permission of
    its own. One prepared query on PostgreSQL, its SQL compiled once per model and spec:
    load() through the advisor's caseload filter cost the file 2 ms a request."""
    if connections[db].vendor != "postgresql":
        found = load(model._default_manager.using(db).filter(pk=pk), spec)
    else:
        sql, params = _compiled_one(model, tuple(spec.items()), db)
        found = _attach(_prepared_owners(model, db, sql, params, pk), spec)
    return found[0] if found else None


@cache
def _compiled_one(model: type[models.Model], spec: tuple, db: str):
    return _owners_sql(model._default_manager.using(db).filter(pk=_STAND_IN), spec, db)


def _owners_sql(queryset: models.QuerySet, spec: tuple, db: str):
    """The SQL and parameters of `queryset` with each row's JSON document (_compiled)."""
    sql, params = _compiled(queryset.model, spec, db)
    document = RawSQL(sql, params, output_field=TextField())  # noqa: S611 (the ORM's SQL)
    return queryset.annotate(**{DOCUMENT: document}).query.get_compiler(using=db).as_sql()


@cache
def _columns(model: type[models.Model], db: str, columns: tuple[str, ...]):
    """For the owner rows of _prepared_owners: the attnames of the leading columns (the
    model's fields, as the ORM selects them), each field's converters from the database
    value (a JSONField's text to data, as the ORM converts it), and the annotations after."""
    connection = connections[db]
    by_column = {f.column: f for f in model._meta.concrete_fields}
    fields = []
    for column in columns:
        if column not in by_column:
            break
        fields.append(by_column[column])
    converters = []
    for i, field_ in enumerate(fields):
        functions = (connection.ops.get_db_converters(field_.get_col(model._meta.db_table))
                     + field_.get_db_converters(connection))
        if functions:
            converters.append((i, field_, tuple(functions)))
    extra = [(i, column) for i, column in enumerate(columns) if i >= len(fields)]
    return [f.attname for f in fields], tuple(converters), tuple(extra)


def _prepared_owners(model: type[models.Model], db: str, sql: str, params, key: int) -> list:
    """The owner rows of load_own's or load_one's SQL (a prepared statement: core.prepared),
    `key` bound where the SQL was compiled with _STAND_IN, as model instances built as the
    ORM builds them (Model.from_db, the fields' converters)."""
    connection = connections[db]
    bound = [key if value == _STAND_IN else value for value in params]
    columns, found = prepared.rows(db, sql, bound)
    fields, converters, extra = _columns(model, db, tuple(columns))
    owners = []
    for row in found:
        values = [row[i] for i in range(len(fields))]
        for i, field_, functions in converters:
            for function in functions:
                values[i] = function(values[i], field_, connection)
        owner = model.from_db(db, fields, values)
        for i, column in extra:
            setattr(owner, column, row[i])
        owners.append(owner)
    return owners


@cache
def _compiled_own(queryset_of, spec: tuple, db: str, user_class, kind: tuple):
    stand_in = user_class(pk=_STAND_IN, **{name: value for name, value
                                            in zip(_USER_KIND, kind, strict=True)
                                            if value is not None})
    return _owners_sql(queryset_of(stand_in), spec, db)


class JSONAgg(JSONBAgg):
    """json_agg: the records of one relation as a JSON array (plain json, not jsonb)."""

    function = "JSON_AGG"


class JSONRecord(Func):
    """json_build_array: one record's values, in order (_record)."""

    function = "JSON_BUILD_ARRAY"
    output_field = JSONField()


class JSONDocument(Func):
    """json_build_object with the keys written into the SQL: plain json, which PostgreSQL
    builds about twice as fast as the jsonb of Django's JSONObject, with no parameter to
    bind per key (the document is only read back once, as text)."""

    function = "JSON_BUILD_OBJECT"
    output_field = JSONField()

    def __init__(self, **fields):
        bad = [key for key in fields if not _KEY.fullmatch(key)]
        if bad:
            raise ValueError(f"preload: keys must be plain names, not {bad!r}")
        self.keys = tuple(fields)
        super().__init__(*fields.values())

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, found = compiler.compile(expression)
            parts.append(f"'{key}', {sql}")
            params.extend(found)
        return f"{self.function}({', '.join(parts)})", params


@cache
def _compiled(model: type[models.Model], spec: tuple, db: str) -> tuple[str, tuple]:
    """The SQL of one JSON document per owner row, built once per spec with the ORM's
    expressions (JSONDocument, JSONAgg, Subquery) and compiled as the ORM compiles an
    annotation of `model`: each request then only attaches it (RawSQL), which costs the ORM
    far less than resolving the same expression tree again."""
    query = model._default_manager.using(db).all().query
    document = Cast(JSONDocument(**{name: _expression(rel) for name, rel in spec}), TextField())
    sql, params = query.get_compiler(using=db).compile(document.resolve_expression(query))
    return sql, tuple(params)


def _expression(rel: Related):
    related = rel.queryset(OuterRef(rel.owner_key))
    if not rel.many:  # one record or none: no order to pay for
        return Subquery(related.order_by().values(document=_record(rel))[:1])
    aggregated = (related.order_by().values(rel.link)
                  .annotate(documents=JSONAgg(_record(rel), order_by=rel.order()))
                  .values("documents"))
    return Subquery(aggregated)


def _record(rel: Related, path: str = "") -> "JSONRecord":
    """A record as a JSON array of its columns in `rel.fields` order, then its nested
    relations in `rel.nested` order (_reader): PostgreSQL builds an array about twice as fast
    as an object with the same values, and the text it sends is about a third of the size, with
    no key repeated per record. A nested forward relation comes through a join
    (`program__name`), which PostgreSQL answers faster than a subquery per record."""
    columns = [F(path + name) for name in rel.fields]
    for sub in rel.nested.values():
        if _joinable(sub):
            columns.append(_record(sub, f"{path}{sub.owner_key.removesuffix('_id')}__"))
        else:
            columns.append(_expression(sub))
    return JSONRecord(*columns)


def _joinable(rel: Related) -> bool:
    """A forward foreign key (its record or none) without relations of its own."""
    return not rel.many and rel.link == "pk" and not rel.nested


@dataclass(frozen=True)
class _Reader:
    """How to turn one relation's record arrays into Rows, worked out once per relation:
    the names in array order (_record), the (index, function) of the values to convert, and
    (index, reader, index of its key or None) of each nested relation; a joined one whose key
    is null had no record (the join gave nulls)."""

    many: bool
    names: tuple[str, ...]
    convert: tuple[tuple[int, object], ...]
    nested: tuple[tuple[int, "_Reader", int | None], ...]


@cache
def _reader(rel: Related) -> _Reader:
    names = (*rel.fields, *rel.nested)
    convert = tuple((names.index(name), function)
                    for name, function in _converters(rel.model, rel.fields))
    nested = tuple((names.index(name), _reader(sub),
                    names.index(sub.owner_key) if _joinable(sub) else None)
                   for name, sub in rel.nested.items())
    return _Reader(rel.many, names, convert, nested)


def _rows(reader: _Reader, value):
    """The Rows of one relation's JSON (a list of record arrays, or one array or None),
    converted in place: this loop runs for every record of every page, so it does little
    per record."""
    if value is None:
        return [] if reader.many else None
    records = value if reader.many else (value,)
    rows = []
    for record in records:
        for index, function in reader.convert:
            found = record[index]
            if found is not None:
                record[index] = function(found)
        for index, sub, key in reader.nested:
            if key is not None and record[key] is None:
                record[index] = None  # no related record: the join gave nulls
            else:
                record[index] = _rows(sub, record[index])
        row = Row()
        row.__dict__.update(zip(reader.names, record, strict=True))
        rows.append(row)
    return rows if reader.many else rows[0]


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
