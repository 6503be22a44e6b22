"""CI results as test executions: a JUnit XML file becomes one run of a plan, one execution per
``<testcase>``.

Parsing is bounded (size, number of cases, each value through ``core.inputs``) and done with
defusedxml (no entities, no external references) before anything is written. A file with any
bad row is refused as a whole with each row's errors — nothing is half-imported. A good file is
imported in one transaction: the plan's case with the same automated-test name (class + name)
is reused, a new one is created (confirmed, its first version); the run records the version each
execution ran, like every run.

Outcomes follow Kiwi TCMS's JUnit plugin: ``<failure>`` → failed, ``<error>`` → error,
``<skipped>`` → waived, none → passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, NotAllowed
from siteops.core.inputs import InputError, clean_text, parse_decimal
from siteops.core.revisions import revision_publish_first_bulk
from siteops.org.acting import acting_for, audited
from siteops.org.models import Position

from .choices import CaseStatus, ExecutionStatus
from .models import TestCase, TestExecution, TestPlan, TestRun

MAX_BYTES = 20 * 1024 * 1024
MAX_CASES = 20_000
OUTCOMES = {"failure": ExecutionStatus.FAILED, "error": ExecutionStatus.ERROR,
            "skipped": ExecutionStatus.WAIVED}  # fmt: skip


class JunitRejected(DomainError):
    """The file as a whole, or some of its rows, cannot be imported (nothing was)."""

    status_code = 400

    def __init__(self, message, rows: list[RowError] | None = None):
        super().__init__(message, code="invalid")
        self.rows = rows or []


@dataclass
class RowError:
    row: int
    name: str
    errors: list[str] = field(default_factory=list)


@dataclass
class Result:
    row: int
    key: str
    name: str
    classname: str
    status: str
    message: str
    seconds: object = None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse(data: bytes) -> list[Result]:
    """The results of a JUnit XML file; JunitRejected with the reason or each row's errors."""
    if len(data) > MAX_BYTES:
        raise JunitRejected(
            _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise JunitRejected(_("The file is not well-formed XML: %(e)s") % {"e": exc}) from exc
    if _local(root.tag) not in ("testsuites", "testsuite"):
        raise JunitRejected(_("This is not a JUnit XML file (no testsuites or testsuite)."))
    results, errors, seen = [], [], {}
    for row, el in enumerate((e for e in root.iter() if _local(e.tag) == "testcase"), start=1):
        if row > MAX_CASES:
            raise JunitRejected(_("At most %(n)s test cases per file.") % {"n": MAX_CASES})
        problems, name, classname = [], "", ""
        try:
            name = clean_text(el.get("name"), max_length=200)
        except InputError as exc:
            problems.append(_("name: %(e)s") % {"e": exc})
        try:
            classname = clean_text(el.get("classname"), max_length=200)
        except InputError as exc:
            problems.append(_("classname: %(e)s") % {"e": exc})
        if not name and not problems:
            problems.append(_("The test case has no name."))
        seconds = None
        if el.get("time") not in (None, ""):
            try:
                seconds = parse_decimal(el.get("time"), places=3, max_digits=12, lo=0)
            except InputError as exc:
                problems.append(_("time: %(e)s") % {"e": exc})
        key = f"{classname}.{name}" if classname else name
        if len(key) > 200:
            problems.append(_("The class and name together are longer than 200 characters."))
        elif key and key in seen:
            problems.append(_("The same test appears twice (rows %(a)s and %(b)s).")
                            % {"a": seen[key], "b": row})  # fmt: skip
        seen.setdefault(key, row)
        status, message = ExecutionStatus.PASSED, ""
        for child in el:
            outcome = OUTCOMES.get(_local(child.tag))
            if outcome:
                status = outcome
                text = " ".join(t for t in (child.get("message"), child.text) if t)
                try:
                    message = clean_text(text[:4000], max_length=4000)
                except InputError:
                    message = ""
                break
        if problems:
            errors.append(RowError(row=row, name=(key or name)[:200], errors=problems))
        else:
            results.append(Result(row, key, name, classname, status, message, seconds))
    if errors:
        raise JunitRejected(
            _("%(n)s test cases cannot be imported; nothing was imported.") % {"n": len(errors)},
            rows=errors,
        )
    if not results:
        raise JunitRejected(_("The file has no test cases."))
    return results


@transaction.atomic
def import_results(*, actor=None, client=None, plan: TestPlan, name: str, build: str = "",
                   data: bytes) -> tuple[TestRun, int]:  # fmt: skip
    """One run of ``plan`` with an execution per test case of the file; (run, cases created).

    The vendor's CI may import into its own projects' plans (``vendors.use_portal`` with its
    VendorAccount); our CI (a client with ``vendors.add_testrun``) into any plan.
    """
    from .portal import PORTAL_PERM, vendor_of
    from .services import log_event

    if client is not None and client.has_perm("vendors.add_testrun"):
        who = acting_for(actor, "vendors.add_testrun", client=client)
    else:
        who = acting_for(actor, PORTAL_PERM, client=client)
        vendor = vendor_of(user=actor, client=client)
        if vendor is None or plan.project.vendor_id != vendor.pk:
            raise NotAllowed(_("This plan belongs to another vendor."))
    try:
        name = clean_text(name, max_length=200)
        build = clean_text(build, max_length=60)
    except InputError as exc:
        raise JunitRejected(str(exc)) from exc
    if not name:
        raise DomainError(_("Name the run."), code="invalid")
    results = parse(data)
    position = Position.objects.get(code=who.position) if who.position else None
    if position is None:
        raise NotAllowed(_("Import as a position."))
    with audited(who):
        run = TestRun(plan=plan, name=name, build=build or plan.build)
        run.full_clean()
        run.save()
        existing = {
            c.automation_key: c
            for c in plan.cases.filter(automation_key__in=[r.key for r in results])
        }
        new_cases = TestCase.objects.bulk_create(
            [
                TestCase(
                    plan=plan,
                    title=r.name[:200],
                    status=CaseStatus.CONFIRMED,
                    steps=_("Automated test %(key)s") % {"key": r.key},
                    expected=_("The automated test passes."),
                    automation_key=r.key,
                )  # fmt: skip
                for r in results
                if r.key not in existing
            ],
            batch_size=500,
        )
        # Each new case's first version, published: an execution records the version it ran.
        revision_publish_first_bulk(new_cases, who=who, message=_("From CI results"))
        existing.update({c.automation_key: c for c in new_cases})
        created = len(new_cases)
        now = timezone.now()
        TestExecution.objects.bulk_create(
            [
                TestExecution(
                    run=run,
                    case=existing[r.key],
                    case_revision_id=existing[r.key].live_revision_id,
                    position=position,
                    status=r.status,
                    comment=r.message,
                    tested_at=now,
                    tested_by=who.user if who.user_id else None,
                )  # fmt: skip
                for r in results
            ],
            batch_size=500,
        )
        log_event(run, who, "imported", _("%(n)s results from CI") % {"n": len(results)})
    return run, created


__all__ = ["JunitRejected", "RowError", "parse", "import_results", "TestCase"]
