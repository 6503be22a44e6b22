"""Building blocks shared by every app's back-office registrations."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin


class CappedCountPaginator(Paginator):
    """Counts at most CAP rows (a bounded subquery), so a 1M-row table costs no full count."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.CAP + 1].count()


class HistoryAdmin(SimpleHistoryAdmin, ModelAdmin):
    """A themed admin with the field history of django-simple-history."""


class BigListAdmin(ModelAdmin):
    """For tables that grow without bound: no full count, bounded count of the filtered list."""

    show_full_result_count = False
    paginator = CappedCountPaginator
