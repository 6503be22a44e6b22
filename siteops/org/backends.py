"""Authentication backend: permissions come from the positions a user holds or acts for now."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from .models import PositionAssignment


class PositionBackend(ModelBackend):
    """Group permissions = union of the groups of the user's positions in force today.

    Acting assignments start and end by date, so permissions follow without anyone editing
    groups. Direct user groups are ignored on purpose: positions are the only way in.
    """

    def _get_group_permissions(self, user_obj):
        position_ids = PositionAssignment.objects.active().filter(user=user_obj).values("position")
        return Permission.objects.filter(group__position__in=position_ids)
