"""Design requests (ART-01/03/04/05, CPY-05): opened for a page that needs a designed page (or by
hand, with a brief), handed to the art editor as work; the art editor hands in numbered proof
rounds (a concept before the final); the requester approves or declines each round with
feedback; an approved final round is the request's stored asset and finishes the work."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition
from siteops.core.uploads import files_or_nothing
from siteops.org.acting import acting_for, audited

from .choices import DesignStatus, RoundDecision, RoundKind
from .models import DesignRequest, ProofRound

# action -> (from statuses, to status)
TRANSITIONS = {
    "proof": ((DesignStatus.OPEN, DesignStatus.PROOFING), DesignStatus.PROOFING),
    "decline": ((DesignStatus.PROOFING,), DesignStatus.OPEN),
    "approve_concept": ((DesignStatus.PROOFING,), DesignStatus.OPEN),
    "approve_final": ((DesignStatus.PROOFING,), DesignStatus.DONE),
    "cancel": ((DesignStatus.OPEN, DesignStatus.PROOFING), DesignStatus.CANCELLED),
}


def _move(req: DesignRequest, action: str, **fields) -> None:
    olds, new = TRANSITIONS[action]
    if DesignRequest.objects.filter(pk=req.pk, status__in=olds).update(status=new, **fields) != 1:
        raise IllegalTransition(_("This design request was changed meanwhile; reload the page."))
    req.status = new
    for k, v in fields.items():
        setattr(req, k, v)


def request_open(*, actor=None, who=None, page=None, title: str, purpose: str = "",
                 placements: str = "", copy: str = "", references: str = "",
                 deadline=None, ad_request=None, open_work: bool = True) -> DesignRequest:  # fmt: skip
    """Open a request and hand it to the art editor's position (work item, linked to it;
    ``open_work=False`` when the art editor already has one, as for a plan's ad request)."""
    from siteops.work.services import item_create

    who = who or acting_for(actor, "content.add_designrequest")
    if not title.strip():
        raise DomainError(_("Give the design request a title."))
    with transaction.atomic(), audited(who):
        req = DesignRequest.objects.create(
            page=page, title=title.strip()[:160], purpose=purpose, placements=placements,
            copy=copy, references=references, deadline=deadline,
            ad_request=ad_request, **who.record_fields("requested"),
        )  # fmt: skip
        if not open_work:
            return req
        item_create(
            actor=who.user if getattr(who.user, "pk", None) else None,
            position="ART",
            title=_("Design: %(title)s") % {"title": req.title},
            source="module",
            subject=req,
            description=purpose[:2000],
            due=deadline,
        )
    return req


def proof_submit(*, actor, req: DesignRequest, kind: str, image, note: str = "") -> ProofRound:
    """The art editor hands in the next proof round (the image is checked by its content)."""
    from siteops.merch.validators import validate_ad_image

    who = acting_for(actor, "content.add_proofround")
    if kind not in RoundKind.values:
        raise DomainError(_("Choose concept or final."))
    try:
        validate_ad_image(image)
    except Exception as exc:  # ValidationError: a translated message
        raise DomainError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
    with transaction.atomic(), audited(who):
        req = DesignRequest.objects.select_for_update().get(pk=req.pk)
        if req.rounds.filter(decision=RoundDecision.PENDING).exists():
            raise IllegalTransition(_("The previous round is still waiting for feedback."))
        if (
            kind == RoundKind.FINAL
            and not req.rounds.filter(
                kind=RoundKind.CONCEPT, decision=RoundDecision.APPROVED
            ).exists()
        ):
            raise DomainError(_("A concept round must be approved before the final."))
        number = req.rounds.count() + 1
        _move(req, "proof")
        rnd = ProofRound(request=req, number=number, kind=kind, note=note[:1000],
                         **who.event_fields())  # fmt: skip
        with files_or_nothing() as put:
            put(rnd.image, image.name or "proof.png", image)
            rnd.save()
    _tell_requester(req, _("Proof round #%(n)s of “%(title)s” is ready for feedback.")
                    % {"n": number, "title": req.title})  # fmt: skip
    return rnd


def round_decide(*, actor, rnd: ProofRound, approve: bool, feedback: str = "") -> ProofRound:
    """Approve or decline a round with consolidated feedback (declining needs it). An approved
    final is the request's asset and finishes the art editor's work item."""
    from siteops.work.services import item_close_for_subject

    who = acting_for(actor, "content.decide_proof")
    feedback = (feedback or "").strip()[:4000]
    if not approve and not feedback:
        raise DomainError(_("Say what to change: declining a proof needs feedback."))
    with transaction.atomic(), audited(who):
        req = DesignRequest.objects.select_for_update().get(pk=rnd.request_id)
        n = ProofRound.objects.filter(pk=rnd.pk, decision=RoundDecision.PENDING).update(
            decision=RoundDecision.APPROVED if approve else RoundDecision.DECLINED,
            feedback=feedback, decided_at=timezone.now(), **who.record_fields("decided"),
        )  # fmt: skip
        if n != 1:
            raise IllegalTransition(_("This round has already been decided."))
        rnd.refresh_from_db()
        if not approve:
            _move(req, "decline")
        elif rnd.kind == RoundKind.FINAL:
            _move(req, "approve_final", final_asset=rnd, done_at=timezone.now())
            item_close_for_subject(actor=actor, subject=req, message=_("Final design approved."))
            if req.ad_request_id:
                transaction.on_commit(lambda: _image_to_ad_request(req, rnd))
        else:
            _move(req, "approve_concept")
    _tell_art(req, rnd)
    return rnd


def _tell_requester(req, message):
    from django.urls import reverse

    from siteops.work.notify import notify_people

    if req.requested_by_id:
        notify_people([req.requested_by], kind="done", message=message, title=req.title,
                      link=reverse("admin:content_design_detail", args=[req.pk]))  # fmt: skip


def _tell_art(req, rnd):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from siteops.work.notify import notify_people

    author = get_user_model().objects.filter(pk=rnd.actor_id).first()
    if author is None:
        return
    message = (
        _("Round #%(n)s of “%(title)s” was approved.")
        if rnd.decision == RoundDecision.APPROVED
        else _("Round #%(n)s of “%(title)s” was declined: %(feedback)s")
    ) % {"n": rnd.number, "title": req.title, "feedback": rnd.feedback}
    notify_people([author], kind="returned" if rnd.decision == RoundDecision.DECLINED else "done",
                  message=message, title=req.title,
                  link=reverse("admin:content_design_detail", args=[req.pk]))  # fmt: skip


# --- PED-05 / ART-02: the shelf plans' ad image requests ----------------------------------------


def requests_from_ad_plans(limit: int = 500) -> int:
    """Every ad request of a shelf plan that was sent to the art editor and still has no image
    becomes a design request (brief, placement and size, copy, link, deadline = the plan's
    start), once. The merch work item for ART stays the art editor's to-do; the rounds, the
    feedback and the final asset happen on the design request. Returns how many were opened."""
    from siteops.merch.choices import AdRequestStatus
    from siteops.merch.models import AdRequest
    from siteops.org.acting import system_acting

    taken = DesignRequest.objects.filter(ad_request__isnull=False).values("ad_request_id")
    todo = (
        AdRequest.objects.filter(art_work_sent=True, status=AdRequestStatus.WAITING, image="")
        .exclude(pk__in=taken)
        .select_related("plan", "position")
        .order_by("pk")[:limit]
    )
    opened = 0
    for ar in todo:
        start, _end = ar.window
        placement = ar.position.name
        if getattr(ar.position, "size_hint", ""):
            placement = f"{placement} ({ar.position.size_hint})"
        try:
            request_open(
                who=system_acting(), title=_("Ad image for %(position)s (plan “%(plan)s”)")
                % {"position": ar.position.name, "plan": ar.plan.title},
                purpose=_("An ad of the shelf plan “%(plan)s”.") % {"plan": ar.plan.title},
                placements=placement, copy=ar.brief, references=ar.link,
                deadline=timezone.localdate(start) if start else None,
                ad_request=ar, open_work=False,
            )  # fmt: skip
            opened += 1
        except IntegrityError:  # another run opened it meanwhile
            continue
    return opened


def _image_to_ad_request(req: DesignRequest, rnd: ProofRound) -> None:
    """The approved final of a plan's ad image goes to the ad request as its image, marked ready
    (by the art editor who made it). If merchandising refuses (the plan has moved on), the
    asset stays on the design request and the refusal is logged."""
    import logging

    from django.core.files.base import ContentFile

    from siteops.merch.models import AdRequest
    from siteops.merch.services import ad_request_mark_ready, ad_request_upload_image

    author = rnd.actor
    ad_request = AdRequest.objects.filter(pk=req.ad_request_id).first()
    if author is None or ad_request is None:
        return
    try:
        with rnd.image.open("rb") as fh:
            data = fh.read()
        image = ContentFile(data, name=rnd.image.name.rsplit("/", 1)[-1])
        ad_request = ad_request_upload_image(actor=author, ad_request=ad_request, image=image)
        ad_request_mark_ready(actor=author, ad_request=ad_request)
    except Exception:  # noqa: BLE001 - merchandising's refusal must not undo the approval
        logging.getLogger(__name__).exception("final design %s not passed to ad request", req.pk)
