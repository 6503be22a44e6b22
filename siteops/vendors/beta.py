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


@transaction.atomic
def feedback_triage(*, actor, feedback: BetaFeedback, status: str, note: str = "") -> BetaFeedback:
    """Accept (it becomes a defect or a need by the manager's hand) or decline, with a note."""
    acting_for(actor, TRIAGE_PERM)
    if status not in (FeedbackStatus.ACCEPTED, FeedbackStatus.DECLINED):
        raise DomainError(_("Unknown step."))
    n = BetaFeedback.objects.filter(pk=feedback.pk, status=FeedbackStatus.NEW).update(
        status=status, triage_note=clean_text(note, max_length=2000)
    )
    if n != 1:
        raise IllegalTransition(_("This feedback is already triaged."))
    feedback.refresh_from_db()
    return feedback
