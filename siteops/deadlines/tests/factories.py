import datetime

from siteops.deadlines import services
from siteops.org.models import Position, User


def kind(code="licence", lead_days="90,30,7,1"):
    return services.kind_ensure(code=code, name=f"{code} 有效期", lead_days=lead_days)


def subjects(n, prefix="thing"):
    """Stand-ins for objects with a due date (any model may register one): inactive users."""
    return [
        User.objects.create(username=f"{prefix}-{i}", is_active=False, display_name=f"{prefix} {i}")
        for i in range(n)
    ]


def deadlines(
    n,
    *,
    due,
    position="MGR",
    code="licence",
    lead_days="90,30,7,1",
    prefix=None,
    title="证照 {i} 到期",
):
    k = kind(code, lead_days)
    pos = Position.objects.get(code=position)
    return [
        services.deadline_register(
            subject=s, kind=k, due_date=due, position=pos, title=title.format(i=i)
        )
        for i, s in enumerate(subjects(n, prefix or f"{code}-{position}"))
    ]


def day(s: str) -> datetime.date:
    return datetime.date.fromisoformat(s)
