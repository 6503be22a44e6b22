"""Above the remit: nobody appoints themselves, takes a stronger position, moves a position for
their own benefit, or edits an account above their rank; Customer Service's logged reset."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from siteops.core.errors import NotAllowed
from siteops.org import services
from siteops.org.models import AccountEvent, Department, Position, PositionAssignment

BACKEND = "siteops.org.backends.PositionBackend"


def _appoint(actor, user, code, **kw):
    return services.assignment_create(
        actor=actor, user=user, position=Position.objects.get(code=code), kind="acting",
        end=__import__("datetime").date(2099, 1, 1), reason="cover", **kw,
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("who,code", [("manager", "CE"), ("hr", "MGR"), ("hr", "CPY"),
                                      ("leader", "MGR")])  # fmt: skip
def test_nobody_appoints_themselves(staff, who, code):
    with pytest.raises(NotAllowed):
        _appoint(staff[who], staff[who], code)
    assert not PositionAssignment.objects.filter(user=staff[who], position__code=code).exists()


@pytest.mark.django_db
def test_hr_appoints_to_leadership_only_with_a_second_person(staff):
    hr, leader, manager, cpy = staff["hr"], staff["leader"], staff["manager"], staff["copy_editor"]
    with pytest.raises(NotAllowed):
        _appoint(hr, cpy, "LEAD")
    for wrong in (hr, cpy, manager):  # self, the beneficiary, someone without the remit
        with pytest.raises(NotAllowed):
            _appoint(hr, cpy, "LEAD", confirmed_by=wrong)
    a = _appoint(hr, cpy, "LEAD", confirmed_by=leader)
    assert str(leader) in a.reason  # the second person is on the record


@pytest.mark.django_db
def test_the_manager_still_staffs_the_department(staff):
    a = _appoint(staff["manager"], staff["copy_editor"], "PRC")
    assert a.created_by == staff["manager"]


@pytest.mark.django_db
def test_the_manager_cannot_move_leadership_into_the_department(staff):
    lead = Position.objects.get(code="LEAD")
    web = Department.objects.get(code="WEB")
    with pytest.raises(NotAllowed):
        services.position_update(actor=staff["manager"], position=lead, changes={"department": web})
    lead.refresh_from_db()
    assert lead.department.code == "LEAD"


@pytest.mark.django_db
def test_moving_a_position_needs_leadership_or_hr_with_a_second_person(staff):
    cpy = Position.objects.get(code="CPY")
    pln = Position.objects.get(code="PLN")
    with pytest.raises(NotAllowed):
        services.position_update(actor=staff["hr"], position=cpy, changes={"reports_to": pln})
    services.position_update(
        actor=staff["hr"], position=cpy, changes={"reports_to": pln}, confirmed_by=staff["leader"]
    )
    cpy.refresh_from_db()
    assert cpy.reports_to == pln
    services.position_update(
        actor=staff["leader"], position=cpy, changes={"reports_to": Position.objects.get(code="CE")}
    )
    cpy.refresh_from_db()
    assert cpy.reports_to.code == "CE"


@pytest.mark.django_db
def test_the_beneficiary_of_a_move_cannot_confirm_it(staff):
    """Moving the copy editor under the planning lead: the planning lead gains a subordinate."""
    cpy = Position.objects.get(code="CPY")
    pln = Position.objects.get(code="PLN")
    with pytest.raises(NotAllowed):
        services.position_update(
            actor=staff["hr"], position=cpy, changes={"reports_to": pln},
            confirmed_by=staff["planning_lead"],
        )  # fmt: skip


@pytest.mark.django_db
def test_editing_names_of_a_subordinate_position_stays_with_the_manager(staff):
    ce = Position.objects.get(code="CE")
    services.position_update(actor=staff["manager"], position=ce, changes={"name_en": "Editor"})
    ce.refresh_from_db()
    assert ce.name_en == "Editor"
    with pytest.raises(NotAllowed):  # one's own position: the superiors'
        services.position_update(
            actor=staff["manager"], position=Position.objects.get(code="MGR"),
            changes={"headcount": 3},
        )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    "actor,target,allowed",
    [("manager", "chief_editor", True), ("manager", "leader", False), ("manager", "hr", False),
     ("hr", "leader", False), ("hr", "manager", True), ("leader", "hr", True),
     ("chief_editor", "copy_editor", False), ("manager", "manager", True)],
)  # fmt: skip
def test_accounts_are_bounded_by_remit(staff, actor, target, allowed):
    assert services.may_change_account(staff[actor], staff[target]) is allowed


@pytest.mark.django_db
def test_administrators_and_customers_are_not_staff_business(staff, superuser, customer):
    for who in ("leader", "hr", "manager"):
        assert not services.may_change_account(staff[who], superuser)
        assert not services.may_change_account(staff[who], customer)
    assert services.may_change_account(superuser, customer)


@pytest.mark.django_db
def test_customer_service_resets_a_customers_password_with_a_reason(service, customer, manager):
    temporary = services.customer_password_reset(
        actor=service, customer=customer, reason="Phoned in, ticket 4711"
    )
    customer.refresh_from_db()
    assert customer.check_password(temporary)
    event = AccountEvent.objects.get(user=customer)
    assert event.actor == service and event.position_code == "CS-AGT"
    assert event.reason == "Phoned in, ticket 4711"
    with pytest.raises(ValidationError):
        services.customer_password_reset(actor=service, customer=customer, reason="x")
    with pytest.raises(NotAllowed):  # a staff account is not a customer's
        services.customer_password_reset(actor=service, customer=manager, reason="long enough")
    with pytest.raises(NotAllowed):  # the manager is not Customer Service
        services.customer_password_reset(actor=manager, customer=customer, reason="long enough")


@pytest.mark.django_db(transaction=True)
def test_the_customer_is_told_by_mail(django_capture_on_commit_callbacks, customer):
    from conftest import make_staff

    agent = make_staff("agent-mail", "CS-AGT")
    # The mail is sent after the commit, with send_mail (looked up at call time): capture the call
    # itself, so the test does not depend on which mail backend an earlier test left configured.
    from unittest import mock

    with (
        mock.patch("django.core.mail.send_mail") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.customer_password_reset(actor=agent, customer=customer, reason="Phoned in")
    assert send.call_count == 1
    assert send.call_args.args[3] == [customer.email]


@pytest.mark.django_db
@pytest.mark.parametrize("who,status", [(None, 302), ("manager", 403), ("hr", 403),
                                        ("service", 200)])  # fmt: skip
def test_customer_reset_page_permissions(client, staff, customer, who, status):
    url = reverse("admin:org_customer_reset")
    if who:
        client.force_login(staff[who], backend=BACKEND)
    assert client.get(url).status_code == status
    response = client.post(url, {"customer": "shopper", "reason": "Phoned in, ticket 1"})
    assert response.status_code == status
    customer.refresh_from_db()
    assert customer.check_password("pw-shopper-123") is (who != "service")
    if who == "service":
        assert 'id="temporary"' in response.content.decode()


@pytest.mark.django_db
def test_customer_reset_page_refuses_a_staff_account(client, staff):
    client.force_login(staff["service"], backend=BACKEND)
    response = client.post(
        reverse("admin:org_customer_reset"), {"customer": "manager", "reason": "Phoned in, 2"}
    )
    assert response.status_code == 200 and 'id="temporary"' not in response.content.decode()
    assert staff["manager"].check_password("") is False
