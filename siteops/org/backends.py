"""Authentication backend: permissions come from the positions a user holds or acts for now."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from .models import PositionAssignment


class PositionBackend(ModelBackend):
    """Group permissions = union of the groups of the user's positions in force today.

    Acting assignments start and end by date, so permissions follow without anyone editing
    groups. Direct user groups are ignored on purpose: positions are the only way in.

    The whole set is resolved once per request and cached per person, access version and day
    (``siteops.org.access``): a back-office page asks for dozens of permissions.
    """

    def get_user(self, user_id):
        """The request's user, read with the organisation version in the same query: the
        request's staffing snapshot then needs no query of its own to know whether it is
        current (``siteops.org.middleware``; one round trip less on every back-office page,
        issue #20)."""
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.db.models.expressions import RawSQL

        model = get_user_model()
        users = model._default_manager.all()
        if connection.vendor in ("sqlite", "postgresql"):  # the version's table (org 0006)
            users = users.annotate(
                siteops_org_version=RawSQL("SELECT version FROM org_version WHERE id = 1", ())
            )
        try:
            user = users.get(pk=user_id)
        except model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        # Loaded for this request: its access_version is current (see siteops.org.access).
        user._siteops_fresh = True
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        from .access import access_of

        return access_of(user_obj).perms

    def _get_group_permissions(self, user_obj):
        position_ids = PositionAssignment.objects.active().filter(user=user_obj).values("position")
        return Permission.objects.filter(group__position__in=position_ids)
