"""What the shop records of its own use: the searches customers make (PRC-07's statistics)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDay(models.Model):
    """What customers searched the shop for on one day, and how often nothing was found."""

    day = models.DateField(_("day"))
    term = models.CharField(_("search term"), max_length=100)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    empty = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        verbose_name = _("searches per day")
        verbose_name_plural = _("searches per day")
        ordering = ["-day", "-searches", "term"]
        constraints = [
            models.UniqueConstraint(fields=["day", "term"], name="storefront_searchday_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.term}: {self.searches}"
