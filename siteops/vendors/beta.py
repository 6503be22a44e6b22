"""The public beta: shop customers opt in and out from their account; a beta feature is shown to
the cohort only while it is on — :func:`is_enabled` is the server-side check every view that
shows a beta feature asks; feedback from the cohort waits for the manager's triage."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.inputs import clean_text
from siteops.org.acting import acting_for

from .choices import FeedbackStatus
from .models import BetaFeature, BetaFeedback, BetaParticipant

TRIAGE_PERM = "vendors.change_betafeedback"


def _customer(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(_("Log in to take part in the beta."))


def in_cohort(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return BetaParticipant.objects.filter(user=user, active=True).exists()


def is_enabled(user, code: str) -> bool:
    """Whether ``user`` sees the beta feature ``code`` now: it is on and they are in the beta."""
    return in_cohort(user) and BetaFeature.objects.filter(code=code, enabled=True).exists()


def features_for(user) -> list[BetaFeature]:
    if not in_cohort(user):
        return []
    return list(BetaFeature.objects.filter(enabled=True))


@transaction.atomic
def opt(*, user, join: bool) -> BetaParticipant:
    """Join or leave the beta (from the customer's own account); saying it twice changes nothing."""
    _customer(user)
    participant, created = BetaParticipant.objects.select_for_update().get_or_create(
        user=user, defaults={"active": join}
    )
    if not created and participant.active != join:
        participant.active = join
        participant.updated_at = timezone.now()
        participant.save(update_fields=["active", "updated_at"])
    return participant


@transaction.atomic
def feedback_send(*, user, text: str, feature_code: str = "", page: str = "") -> BetaFeedback:
    """Feedback from a beta customer: a new item in the manager's triage queue."""
    _customer(user)
    if not in_cohort(user):
        raise NotAllowed(_("Join the beta to send beta feedback."))
    text = clean_text(text, max_length=4000)
    if not text:
        raise DomainError(_("Write your feedback."))
    feature = None
    if feature_code:
        feature = BetaFeature.objects.filter(code=feature_code[:40], enabled=True).first()
    return BetaFeedback.objects.create(
        user=user, feature=feature, text=text, page=clean_text(page, max_length=200)[:200]
    )


#: What accepting a piece of feedback makes of it.
MAKES = ("need", "defect")


@transaction.atomic
def feedback_triage(*, actor, feedback: BetaFeedback, status: str, note: str = "",
                    make: str = "need", project=None, severity: str = "major") -> BetaFeedback:  # fmt: skip
    """Accept — it becomes a need (accepted at once: the manager has triaged it) or a defect on a
    vendor project, through those services, linked back to the feedback — or decline; either way
    the customer is told. Once: the row is locked and must still be new, so a double-submitted
    form makes nothing twice (the second call is refused and changes nothing)."""
    from django.urls import reverse

    from siteops.org.models import Department
    from siteops.work.choices import NotificationKind
    from siteops.work.notify import notify_people

    from . import services

    acting_for(actor, TRIAGE_PERM)
    if status not in (FeedbackStatus.ACCEPTED, FeedbackStatus.DECLINED):
        raise DomainError(_("Unknown step."))
    locked = BetaFeedback.objects.select_for_update().filter(pk=feedback.pk).first()
    if locked is None or locked.status != FeedbackStatus.NEW:
        raise IllegalTransition(_("This feedback is already triaged."))
    note = clean_text(note, max_length=2000)
    title = _("Beta feedback: %(text)s") % {"text": " ".join(locked.text.split())[:60]}
    made = {}
    if status == FeedbackStatus.ACCEPTED:
        if make == "need":
            need = services.need_submit(
                actor=actor, department=Department.objects.get(code=FEEDBACK_DEPARTMENT),
                title=title[:200], problem=locked.text,
                value=_("From the public beta (feedback #%(pk)s).") % {"pk": locked.pk},
            )  # fmt: skip
            made["need"] = services.need_accept(actor=actor, need=need, comment=note)
        elif make == "defect":
            if project is None:
                raise DomainError(_("Choose the project the defect belongs to."))
            made["defect"] = services.defect_report(
                actor=actor, project=project, title=title, steps=locked.text, severity=severity,
                environment=(_("Public beta, page %(page)s") % {"page": locked.page or "-"})[:200],
            )  # fmt: skip
        else:
            raise DomainError(_("Accept it as a need or as a defect."))
    n = BetaFeedback.objects.filter(pk=locked.pk, status=FeedbackStatus.NEW).update(
        status=status, triage_note=note, triaged_at=timezone.now(), **made
    )
    if n != 1:
        raise IllegalTransition(_("This feedback is already triaged."))
    feedback.refresh_from_db()
    if status == FeedbackStatus.ACCEPTED:
        message = _("Thank you: we took up your beta feedback and will work on it.")
    else:
        message = _("Thank you for your beta feedback; we will not act on it now.")
    if note:
        message += " " + note
    notify_people(
        [feedback.user], kind=NotificationKind.DONE, title=_("Your beta feedback"),
        message=message, link=reverse("beta:account"),
    )  # fmt: skip
    return feedback


#: Customers' needs are brought in by Customer Service, the department that speaks for them.
FEEDBACK_DEPARTMENT = "CS"
