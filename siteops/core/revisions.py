"""Revisions with diff and restore: one implementation for every record whose text users edit
and publish (pages, policies, technical documents, test cases, points rules …).

A model opts in by inheriting :class:`Revisioned` and naming its tracked fields::

    class Policy(Revisioned, models.Model):
        revision_fields = ("title", "summary", "body")
        revision_publish_perm = "compliance.publish_policy"   # default: the change permission

        def revision_check(self, *, who, action):             # the model's own rules
            if self.is_archived:
                raise NotAllowed(_("An archived policy cannot be changed."))

and every write goes through the services here:

    rev = revision_save(actor=user, obj=policy, data={"body": text}, message="typo")
    revision_publish(actor=user, obj=policy, revision=rev)      # the row now holds rev's content
    revision_restore(actor=user, obj=policy, revision=first)   # a NEW revision with first's data
    diff(rev_a, rev_b)                                          # field by field
    live_at(policy, when)                                       # which revision was live then

How the content is kept (the idea of Wagtail's revisions and draft state, in our shape):

- every save is an inserted :class:`~siteops.core.models.Revision` row (number 1, 2, 3 … per
  record, with who saved it acting as which position); history is never rewritten;
- ``latest_revision`` points at the newest revision, ``live_revision`` at the published one;
  a published record with a newer draft has ``has_unpublished_changes`` ("published, newer draft");
- the record's own row holds the *live* content (what the site reads). While a record has never
  been published, a save also writes the row (nothing public to protect); once published, drafts
  live only in revisions until one is published;
- each publish (and unpublish) is a :class:`~siteops.core.models.Publication` row with its time,
  so "which revision was live at 10:00 on 3 March" is one query (:func:`live_at`).

Permissions: saving and restoring need the model's change permission, publishing its
``revision_publish_perm``; then the model's ``revision_check`` may refuse (a raised
``NotAllowed``/``DomainError`` changes nothing). A caller that has already authorised the write
(an approval that passed, a scheduled job) passes ``who=`` an :class:`~siteops.core.events.Acting`.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import json
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .events import Acting
from .models import Publication, Revision

__all__ = [
    "Revisioned",
    "Revision",
    "Publication",
    "revision_save",
    "revision_publish",
    "revision_publish_first_bulk",
    "revision_unpublish",
    "revision_restore",
    "diff",
    "live_at",
    "revisions_of",
    "revision_of",
    "revisioned_model",
    "revisioned_models",
    "FieldDiff",
]


class PublicationState(models.TextChoices):
    """What a reader of the site sees of a revisioned record, compared with its newest draft."""

    DRAFT = "draft", _("Draft, never published")
    LIVE = "live", _("Published")
    LIVE_DRAFT = "live_draft", _("Published, newer draft")

    @property
    def badge(self) -> str:
        return {"draft": "info", "live": "success", "live_draft": "warning"}[self.value]


class Revisioned(models.Model):
    """Abstract mixin: the record's saves are revisions; one of them may be live."""

    #: names of the fields whose values make up a revision (text, choices, numbers, foreign keys)
    revision_fields: tuple[str, ...] = ()
    #: permission to publish; ``None`` means the model's change permission
    revision_publish_perm: str | None = None

    latest_revision = models.ForeignKey(
        "core.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("latest revision"),
    )
    live_revision = models.ForeignKey(
        "core.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("live revision"),
    )

    class Meta:
        abstract = True

    # -- the model's own rules and reactions (override) --------------------------------------
    def revision_check(self, *, who: Acting, action: str) -> None:
        """Raise ``NotAllowed``/``DomainError`` when ``action`` ("save", "restore", "publish",
        "unpublish") is against this record's own rules. Default: everything allowed."""

    def on_revision_published(self, revision: Revision | None, who: Acting) -> None:
        """Called inside the publish (or unpublish, with ``None``) transaction, row already saved."""

    @classmethod
    def revision_queryset(cls, user):
        """The records whose history ``user`` may open (default: all of them)."""
        return cls._default_manager.all()

    # -- state -------------------------------------------------------------------------------
    @property
    def is_live(self) -> bool:
        return self.live_revision_id is not None

    @property
    def has_unpublished_changes(self) -> bool:
        """Published, and a newer revision than the live one exists."""
        return self.is_live and self.latest_revision_id != self.live_revision_id

    @property
    def publication_state(self) -> PublicationState:
        if not self.is_live:
            return PublicationState.DRAFT
        if self.has_unpublished_changes:
            return PublicationState.LIVE_DRAFT
        return PublicationState.LIVE

    def as_of(self, revision: Revision):
        """An unsaved copy of this record holding ``revision``'s content (for previews)."""
        draft = copy.copy(self)
        _apply(draft, revision.data)
        return draft

    @classmethod
    def change_perm(cls) -> str:
        return f"{cls._meta.app_label}.change_{cls._meta.model_name}"

    @classmethod
    def publish_perm(cls) -> str:
        return cls.revision_publish_perm or cls.change_perm()


# --- registry ------------------------------------------------------------------------------


def revisioned_models() -> list[type[Revisioned]]:
    """Every installed concrete model that keeps revisions."""
    return [m for m in apps.get_models() if issubclass(m, Revisioned) and not m._meta.abstract]


def revisioned_model(app_label: str, model_name: str) -> type[Revisioned] | None:
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, Revisioned) else None


def _tracked(model) -> list[models.Field]:
    names = model.revision_fields
    if not names:
        raise ImproperlyConfigured(f"{model.__name__}.revision_fields names no field")
    result = []
    for name in names:
        f = model._meta.get_field(name)
        if f.many_to_many or f.one_to_many or not f.concrete:
            raise ImproperlyConfigured(f"{model.__name__}.{name}: only plain fields are revisioned")
        result.append(f)
    return result


@checks.register()
def check_revisioned_models(app_configs=None, **kwargs) -> list[checks.Error]:
    """``manage.py check`` names a revisioned model whose ``revision_fields`` are wrong."""
    errors = []
    for model in revisioned_models():
        try:
            _tracked(model)
        except (ImproperlyConfigured, FieldDoesNotExist) as exc:
            errors.append(checks.Error(str(exc), obj=model, id="core.E101"))
    return errors


def _jsonable(value):
    # Round-trip through the encoder so that what we compare equals what the database returns.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _snapshot(obj) -> dict:
    return {f.name: _jsonable(getattr(obj, f.attname)) for f in _tracked(type(obj))}


def _python(f: models.Field, value):
    if value is None:
        return None
    if f.is_relation:
        return f.target_field.to_python(value)
    if isinstance(f, models.JSONField):
        return value
    return f.to_python(value)


def _apply(obj, data: dict) -> None:
    for f in _tracked(type(obj)):
        if f.name in data:
            setattr(obj, f.attname, _python(f, data[f.name]))


def _ct(obj) -> ContentType:
    return ContentType.objects.get_for_model(type(obj), for_concrete_model=False)


def _who(actor, perm: str, who: Acting | None) -> Acting:
    if who is not None:
        return who
    from siteops.core import hooks  # core imports no domain app: org answers

    return hooks.ask("core.acting_for", actor, perm)


def _lock(obj):
    """Re-read the record with its row locked: two saves of one record queue, never collide."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _row_fields(model, *names: str) -> list[str]:
    """``update_fields`` for a write of the tracked fields (plus "updated at" style fields)."""
    stamped = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    return [*names, *stamped]


def _validate(obj) -> None:
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages), code="invalid") from exc


# --- services ------------------------------------------------------------------------------


def _new_revision(locked, data: dict, who: Acting, message: str, restored_from=None) -> Revision:
    ct = _ct(locked)
    last = Revision.objects.filter(content_type=ct, object_id=locked.pk).aggregate(n=Max("number"))
    return Revision.objects.create(
        content_type=ct,
        object_id=locked.pk,
        number=(last["n"] or 0) + 1,
        data=data,
        message=message[:300],
        restored_from=restored_from,
        **who.event_fields(),
    )


def _save(obj, *, data, who, message, action, restored_from=None) -> Revision:
    if obj.pk is None:
        raise DomainError(gettext("Save the record before keeping revisions of it."))
    unknown = set(data or {}) - {f.name for f in _tracked(type(obj))}
    if unknown:
        raise DomainError(
            gettext("These fields are not kept in revisions: %(f)s")
            % {"f": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = _lock(obj)
        locked.revision_check(who=who, action=action)
        base = locked.as_of(locked.latest_revision) if locked.latest_revision_id else locked
        draft = copy.copy(base)
        if data:
            _apply(draft, data)
        _validate(draft)
        snapshot = _snapshot(draft)
        latest = locked.latest_revision
        if restored_from is None and latest is not None and latest.data == snapshot:
            return latest  # nothing changed: no empty revision
        rev = _new_revision(locked, snapshot, who, message, restored_from)
        locked.latest_revision = rev
        fields = ["latest_revision"]
        if not locked.is_live:  # never published: the row may follow the draft
            _apply(locked, snapshot)
            fields += [f.attname for f in _tracked(type(obj))]
        locked.save(update_fields=_row_fields(type(obj), *fields))
    _refresh(obj, locked)
    return rev


def _refresh(obj, locked) -> None:
    for f in obj._meta.concrete_fields:
        setattr(obj, f.attname, getattr(locked, f.attname))
    for name in ("latest_revision", "live_revision"):
        obj._state.fields_cache.pop(name, None)


def revision_save(
    *, actor=None, obj: Revisioned, data: dict | None = None, message: str = "", who=None
) -> Revision:
    """Keep a new revision of ``obj``: its latest content with ``data`` (field → value) applied.

    With no ``data`` the record's current row is kept (the first revision of a new record).
    An unchanged save returns the latest revision instead of adding an identical one.
    """
    who = _who(actor, type(obj).change_perm(), who)
    if data is None and obj.latest_revision_id is None:
        data = _snapshot(obj)
    return _save(obj, data=data or {}, who=who, message=message, action="save")


def revision_restore(
    *, actor=None, obj: Revisioned, revision: Revision, message: str = "", who=None
) -> Revision:
    """Make ``revision``'s content (any revision, the first too) the newest draft, as a NEW
    revision that names the one it came from. Publishing it is a separate step."""
    who = _who(actor, type(obj).change_perm(), who)
    _belongs(obj, revision)
    message = message or gettext("Restored revision #%(n)s") % {"n": revision.number}
    return _save(
        obj, data=revision.data, who=who, message=message, action="restore", restored_from=revision
    )


def revision_publish(
    *, actor=None, obj: Revisioned, revision: Revision | None = None, who=None
) -> Revision:
    """Put ``revision`` (default: the latest) on the record's row and record when it went live."""
    who = _who(actor, type(obj).publish_perm(), who)
    with transaction.atomic():
        locked = _lock(obj)
        revision = revision or locked.latest_revision
        if revision is None:
            raise DomainError(gettext("There is no revision to publish yet."))
        _belongs(obj, revision)
        locked.revision_check(who=who, action="publish")
        if locked.live_revision_id == revision.pk:
            raise DomainError(gettext("Revision #%(n)s is already live.") % {"n": revision.number})
        _apply(locked, revision.data)
        _validate(locked)
        locked.live_revision = revision
        tracked = [f.attname for f in _tracked(type(obj))]
        locked.save(update_fields=_row_fields(type(obj), "live_revision", *tracked))
        Publication.objects.create(
            content_type=_ct(locked), object_id=locked.pk, revision=revision, **who.event_fields()
        )
        locked.on_revision_published(revision, who)
    _refresh(obj, locked)
    return revision


def revision_unpublish(*, actor=None, obj: Revisioned, who=None) -> None:
    """Take the record offline: no revision is live from now on (its history stays)."""
    who = _who(actor, type(obj).publish_perm(), who)
    with transaction.atomic():
        locked = _lock(obj)
        if not locked.is_live:
            raise DomainError(gettext("This record is not published."))
        locked.revision_check(who=who, action="unpublish")
        locked.live_revision = None
        locked.save(update_fields=["live_revision"])
        Publication.objects.create(
            content_type=_ct(locked), object_id=locked.pk, revision=None, **who.event_fields()
        )
        locked.on_revision_published(None, who)
    _refresh(obj, locked)


def revision_publish_first_bulk(objs, *, who: Acting, message: str = "") -> list[Revision]:
    """The first revision of many NEW records of one model, published at once (an import of
    hundreds of records): a few bulk writes instead of a save and a publish per record. Each
    record must be saved and have no revision yet; its row already holds the content. The
    caller has authorised the write (``who``)."""
    objs = list(objs)
    if not objs:
        return []
    model = type(objs[0])
    for obj in objs:
        if obj.pk is None or obj.latest_revision_id is not None or type(obj) is not model:
            raise DomainError(gettext("Only new records of one kind are published in bulk."))
        obj.revision_check(who=who, action="publish")
    ct = _ct(objs[0])
    with transaction.atomic():
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=ct,
                    object_id=o.pk,
                    number=1,
                    data=_snapshot(o),
                    message=message[:300],
                    **who.event_fields(),
                )  # fmt: skip
                for o in objs
            ],
            batch_size=500,
        )
        Publication.objects.bulk_create(
            [
                Publication(content_type=ct, object_id=o.pk, revision=r, **who.event_fields())
                for o, r in zip(objs, revisions, strict=True)
            ],
            batch_size=500,
        )
        for o, r in zip(objs, revisions, strict=True):
            o.latest_revision = o.live_revision = r
        model._default_manager.bulk_update(
            objs, ["latest_revision", "live_revision"], batch_size=500
        )
        for o, r in zip(objs, revisions, strict=True):
            o.on_revision_published(r, who)
    return revisions


def _belongs(obj, revision: Revision) -> None:
    if revision.object_id != obj.pk or revision.content_type_id != _ct(obj).pk:
        raise DomainError(gettext("That revision belongs to another record."))


# --- reads ---------------------------------------------------------------------------------


def revisions_of(obj):
    """The record's revisions, newest first, with who saved them."""
    return (
        Revision.objects.filter(content_type=_ct(obj), object_id=obj.pk)
        .select_related("actor", "client", "restored_from")
        .order_by("-number")
    )


def revision_of(obj, number: int) -> Revision | None:
    return revisions_of(obj).filter(number=number).first()


def publications_of(obj):
    return (
        Publication.objects.filter(content_type=_ct(obj), object_id=obj.pk)
        .select_related("actor", "client", "revision")
        .order_by("-at", "-pk")
    )


def live_at(obj, when) -> Revision | None:
    """The revision that was live at ``when`` (``None``: not published then)."""
    pub = (
        Publication.objects.filter(content_type=_ct(obj), object_id=obj.pk, at__lte=when)
        .select_related("revision")
        .order_by("-at", "-pk")
        .first()
    )
    return pub.revision if pub else None


# --- diff ----------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9_]+|\s|.", re.S)  # words, each space, each other (CJK) char
_MAX_TOKENS = 20000


@dataclass
class FieldDiff:
    """One tracked field compared between two revisions."""

    name: str
    label: str
    long: bool  # long text: shown as a text diff; otherwise old → new
    old: str
    new: str
    changed: bool
    chunks: list[tuple[str, str]] = field(default_factory=list)  # (equal|insert|delete, text)


def _display(f: models.Field, value) -> str:
    if value is None or value == "":
        return "—"
    if f.is_relation:
        target = f.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else f"#{value}"
    if f.flatchoices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(f, models.JSONField):
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    python = _python(f, value)
    if isinstance(python, datetime.datetime) and timezone.is_aware(python):
        python = timezone.localtime(python)
    return str(formats.localize(python))


#: above this many tokens, compare line by line first and by token only inside changed lines
#: (a token-level SequenceMatcher over a 50-block page's JSON takes seconds; this, milliseconds)
_LINES_FIRST = 1500


def _chunks(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) + len(b) > _MAX_TOKENS:  # very long texts: compare by line
        a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    elif len(a) + len(b) > _LINES_FIRST:
        return _chunks_by_line(old, new)
    return _match(a, b)


def _match(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", "".join(b[j1:j2])))
    return out


def _chunks_by_line(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(("equal", old_part))
        elif op == "replace" and (i2 - i1) + (j2 - j1) <= 40:
            # the changed lines, word by word (a few lines: the matcher stays quick)
            out.extend(_match(_TOKEN.findall(old_part), _TOKEN.findall(new_part)))
        else:
            if old_part:
                out.append(("delete", old_part))
            if new_part:
                out.append(("insert", new_part))
    return out


def diff(rev_a: Revision | None, rev_b: Revision) -> list[FieldDiff]:
    """Field by field from ``rev_a`` (``None``: nothing before) to ``rev_b``: a text diff for
    long text (text and JSON fields), old → new for the others."""
    if rev_a is not None and (
        rev_a.content_type_id != rev_b.content_type_id or rev_a.object_id != rev_b.object_id
    ):
        raise DomainError(gettext("Only revisions of the same record can be compared."))
    model = rev_b.content_type.model_class()
    before = rev_a.data if rev_a is not None else {}
    result = []
    for f in _tracked(model):
        old_v, new_v = before.get(f.name), rev_b.data.get(f.name)
        long = isinstance(f, (models.TextField, models.JSONField))
        old, new = _display(f, old_v), _display(f, new_v)
        if long:
            old = "" if old_v in (None, "") else old
            new = "" if new_v in (None, "") else new
        item = FieldDiff(f.name, str(f.verbose_name), long, old, new, old_v != new_v)
        if long and item.changed:
            item.chunks = _chunks(old, new)
        result.append(item)
    return result
