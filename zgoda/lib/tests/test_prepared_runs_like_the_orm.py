"""lib.prepared runs a query the ORM compiled once with each run's values, and gives what the
ORM gives for the same query: the same instances (aware datetimes, UUID keys, decimals, JSON,
annotations from subqueries, select_related rows), values() dicts, no row when none matches;
the values go through their fields (a UUID as text, a date); a locking query refuses to run
outside a transaction as the ORM does; the SQL is composed once per database. A prepared
update changes the rows the ORM's update() would, as it would."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from django.db.models import DateTimeField, F, IntegerField, OuterRef, Subquery
from django.db.models.sql.compiler import SQLUpdateCompiler
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from conftest import PHONE, make_user
from zgoda.accounts.models import CodeChallenge, OneTimeCode
from zgoda.lib.prepared import Param, Prepared, PreparedUpdate
from zgoda.sms.models import Message

CHALLENGE_PK = CodeChallenge._meta.pk


def fields_of(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def _challenge(user, **extra):
    return CodeChallenge.objects.create(user=user, purpose="login", phone=PHONE, payload={"a": [1, "ż"]}, **extra)


def test_each_run_reads_its_own_row_as_the_orm_reads_it(db):
    user = make_user()
    first, second = _challenge(user), _challenge(user, ended_at=timezone.now())
    by_id = Prepared(lambda: CodeChallenge.objects.filter(pk=Param("pk", CHALLENGE_PK))[:1])
    for challenge in (first, second):
        read = by_id.first(pk=str(challenge.pk))  # the session keeps it as text
        assert fields_of(read) == fields_of(CodeChallenge.objects.get(pk=challenge.pk))
        assert not read._state.adding and read._state.db == "default"
    assert timezone.is_aware(by_id.first(pk=second.pk).ended_at)
    assert by_id.first(pk="00000000-0000-0000-0000-000000000000") is None


def test_annotations_from_subqueries_and_joins_read_as_the_orm_reads_them(db):
    user = make_user()
    challenge = _challenge(user)
    now = timezone.now()
    message = Message.objects.create(kind="otp", to=PHONE, text="x", segments=1, encoding="GSM-7", cost=Decimal("0.0700"))
    for minutes, with_message in ((30, False), (2, True)):
        OneTimeCode.objects.create(challenge=challenge, user=user, phone=PHONE, code_hmac="h", ordinal=minutes, day=now.date(),
                                   created_at=now - timedelta(minutes=minutes), expires_at=now,
                                   message=message if with_message else None)

    def build(user_id, since):
        return (CodeChallenge.objects.filter(user_id=user_id)
                .annotate(recent=Subquery(OneTimeCode.objects.filter(challenge=OuterRef("pk"), created_at__gt=since)
                                          .order_by("-created_at").values("ordinal")[:1]))
                .order_by("pk"))

    prepared = Prepared(lambda: build(Param("user_id", IntegerField()), Param("since", DateTimeField())))
    for since, expected in ((now - timedelta(minutes=5), 2), (now - timedelta(hours=1), 2), (now, None)):
        [read] = prepared.list(user_id=user.pk, since=since)
        [orm] = build(user.pk, since)
        assert read.recent == orm.recent == expected and fields_of(read) == fields_of(orm)

    newest = Prepared(lambda: OneTimeCode.objects.filter(challenge_id=Param("c", CHALLENGE_PK))
                      .annotate(status=F("message__status")).select_related("message").order_by("-created_at")[:1])
    read = newest.first(c=challenge.pk)
    assert read.ordinal == 2 and read.status == message.status and read.message.cost == Decimal("0.07")
    assert fields_of(read.message) == fields_of(Message.objects.get(pk=message.pk))


def test_a_values_query_gives_dicts(db):
    user = make_user()
    _challenge(user)
    purposes = Prepared(lambda: CodeChallenge.objects.filter(user_id=Param("u", IntegerField())).values("purpose", "phone"))
    assert purposes.list(u=user.pk) == [{"purpose": "login", "phone": PHONE}]
    assert purposes.list(u=user.pk + 1) == []


def test_a_missing_value_is_an_error_not_a_null(db):
    prepared = Prepared(lambda: CodeChallenge.objects.filter(user_id=Param("u", IntegerField())))
    with pytest.raises(TypeError, match="u"):
        prepared.list()


def test_a_locking_query_runs_only_in_a_transaction(transactional_db):
    challenge = _challenge(make_user())
    locked = Prepared(lambda: CodeChallenge.objects.filter(pk=Param("pk", CHALLENGE_PK)).select_for_update()[:1])
    with transaction.atomic():
        assert locked.first(pk=challenge.pk).pk == challenge.pk
    if transaction.get_connection().features.has_select_for_update:  # PostgreSQL; SQLite locks the database
        with pytest.raises(TransactionManagementError):
            locked.first(pk=challenge.pk)


def test_the_query_is_built_and_compiled_once(db):
    user = make_user()
    build = mock.Mock(side_effect=lambda: CodeChallenge.objects.filter(user_id=Param("u", IntegerField())))
    prepared = Prepared(build)
    for _ in range(3):
        prepared.list(u=user.pk)
    assert build.call_count == 1



def _ending():
    """Ends a user's open challenges: a PreparedUpdate of two fields, one of them a Param."""
    return PreparedUpdate(lambda: (
        CodeChallenge.objects.filter(user_id=Param("user_id", IntegerField()), ended_at__isnull=True),
        {"ended_at": Param("at", DateTimeField()), "end_reason": CodeChallenge.End.ABANDONED},
    ))


def test_a_prepared_update_changes_the_rows_the_orms_update_changes_as_it_does(db):
    anna, other = make_user(), make_user("other@example.com")
    mine = [_challenge(anna), _challenge(anna)]
    ended = _challenge(anna, ended_at=timezone.now() - timedelta(days=1), end_reason="passed")
    theirs = _challenge(other)
    at = timezone.now()
    ending = _ending()
    assert ending.run(user_id=anna.pk, at=at) == 2
    for challenge in mine:
        challenge.refresh_from_db()
        assert challenge.ended_at == at and challenge.end_reason == "abandoned"
    ended_before = CodeChallenge.objects.get(pk=ended.pk)
    assert ended_before.end_reason == "passed" and ended_before.ended_at < at
    assert CodeChallenge.objects.get(pk=theirs.pk).ended_at is None
    assert ending.run(user_id=anna.pk, at=at) == 0  # none left open
    with pytest.raises(TypeError):
        ending.run(user_id=anna.pk)


def test_a_prepared_update_is_composed_once(db):
    anna = make_user()
    ending = _ending()
    with mock.patch.object(SQLUpdateCompiler, "as_sql", autospec=True, side_effect=SQLUpdateCompiler.as_sql) as compiled:
        ending.run(user_id=anna.pk, at=timezone.now())
        ending.run(user_id=anna.pk, at=timezone.now())
    assert compiled.call_count == 1
