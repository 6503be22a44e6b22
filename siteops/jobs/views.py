"""``/healthz``: is the scheduler firing and are the workers alive? (docs/operations.md)

JSON, no login (a load balancer or monitor polls it); it says only which jobs are late and which
tasks are stuck, by name and time, never data or settings. 200 when all is well, 503 when not.
"""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@never_cache
@require_GET
def healthz(request):
    data = health.status()
    return JsonResponse(data, status=200 if data["status"] == "ok" else 503)
