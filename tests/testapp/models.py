"""A policy document: edited and published text, the shape of pages, policies, test cases …"""

from decimal import Decimal

from django.db import models

from siteops.core.errors import NotAllowed
from siteops.core.revisions import Revisioned


class Policy(Revisioned, models.Model):
    """A policy whose text editors change in drafts and publish."""

    revision_fields = ("title", "summary", "body", "budget", "owner")
    revision_publish_perm = "testapp.publish_policy"

    title = models.CharField("title", max_length=120)
    summary = models.CharField("summary", max_length=200, blank=True)
    body = models.TextField("body", blank=True)
    budget = models.DecimalField("budget", max_digits=12, decimal_places=2, default=Decimal("0"))
    owner = models.ForeignKey(
        "org.Position", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_archived = models.BooleanField("archived", default=False)
    published_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        permissions = [("publish_policy", "Can publish policy")]

    def __str__(self) -> str:
        return self.title

    def revision_check(self, *, who, action):
        if self.is_archived:
            raise NotAllowed("An archived policy cannot be changed.")

    def on_revision_published(self, revision, who):
        if revision is not None:
            type(self).objects.filter(pk=self.pk).update(
                published_count=models.F("published_count") + 1
            )


def _publish_approved(approval, who):
    """The owning app's reaction to an approval: publish the approved revision."""
    from siteops.core.revisions import revision_publish

    policy = Policy.objects.get(pk=approval.object_id)
    revision_publish(obj=policy, revision=approval.revision, who=who)


OUTCOMES: list[tuple[str, int]] = []  # (outcome, approval pk) — what the owning app learnt


def register_approval_kind():
    from siteops.approvals.registry import register

    def approved(approval, who):
        OUTCOMES.append(("approved", approval.pk))
        if approval.revision_id:
            _publish_approved(approval, who)

    register(
        Policy,
        label="Policy",
        # CE approves every policy; a budget above 10 000 also needs the manager.
        default_steps=[("CE", None), ("MGR", Decimal("10000"))],
        value=lambda policy: policy.budget,
        on_approved=approved,
        on_rejected=lambda approval, who: OUTCOMES.append(("rejected", approval.pk)),
        on_cancelled=lambda approval, who: OUTCOMES.append(("cancelled", approval.pk)),
    )
