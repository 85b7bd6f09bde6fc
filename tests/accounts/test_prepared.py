"""A queryset compiled once and run again with other values gives what the ORM gives, on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from cyberins.accounts.models import ApiToken, Organisation, User
from cyberins.accounts.prepared import Prepared
from cyberins.accounts.services import do_create_api_token
from cyberins.accounts.tokens import digest

TOKENS: Prepared[ApiToken] = Prepared(
    lambda value: ApiToken.objects.select_related("user__organisation").filter(digest=value), "\x00marker"
)


def test_rows_become_the_instances_the_orm_makes_with_their_related_objects(demo) -> None:
    secret = do_create_api_token(actor=demo["applicant"], name="one")[1]
    other = do_create_api_token(actor=demo["underwriter"], name="two")[1]

    [token] = TOKENS(digest(secret))
    [second] = TOKENS(digest(other))

    expected = ApiToken.objects.select_related("user__organisation").get(digest=digest(secret))
    assert token.pk == expected.pk
    assert token.created_at == expected.created_at
    assert token.created_at.tzinfo is not None
    assert token.user.username == "applicant"
    assert token.user.roles == expected.user.roles
    assert token.user.organisation.name == expected.user.organisation.name
    assert second.user.username == "underwriter"
    assert TOKENS(digest("not a token")) == []


def test_the_sql_is_built_once_and_each_call_sends_one_statement(demo) -> None:
    query: Prepared[User] = Prepared(lambda pk: User.objects.filter(pk=pk), -7_000_001)
    query(demo["applicant"].pk)

    with CaptureQueriesContext(connection) as captured:
        found = query(demo["underwriter"].pk)

    assert [user.username for user in found] == ["underwriter"]
    assert len(captured.captured_queries) == 1


def test_annotations_and_values_lists_come_back_converted(demo) -> None:
    counted: Prepared[Organisation] = Prepared(
        lambda pk: Organisation.objects.filter(pk=pk).annotate(staff=Count("users")), -7_000_001
    )
    [organisation] = counted(demo["applicant"].organisation_id)
    assert organisation.staff == User.objects.filter(organisation=organisation).count()

    secret = do_create_api_token(actor=demo["applicant"], name="one")[1]
    created: Prepared[tuple[int, object]] = Prepared(
        lambda value: ApiToken.objects.filter(digest=value).values_list("pk", "created_at"), "\x00marker"
    )
    token = ApiToken.objects.get(digest=digest(secret))
    [(pk, at)] = created(digest(secret))
    assert (pk, at) == (token.pk, token.created_at)
    assert at.tzinfo is not None


def test_a_marker_the_query_does_not_pass_through_unchanged_is_refused() -> None:
    # filter(pk=…) and filter(id=…) on the same marker: it is twice among the parameters
    twice: Prepared[User] = Prepared(lambda pk: User.objects.filter(pk=pk) | User.objects.filter(id=pk), -7)
    with pytest.raises(ValueError, match="2 times"):
        twice(1)
    # a Decimal marker compared with an integer column reaches the database converted
    converted: Prepared[User] = Prepared(lambda pk: User.objects.filter(pk=pk), Decimal("-7.5"))
    with pytest.raises((ValueError, TypeError)):
        converted(Decimal(1))
    with pytest.raises(TypeError, match="expected 1 values"):
        TOKENS()
