"""The floor of the submission benchmark: the cheapest request that stores something.

Routed only by the bench's own entry point (bench/wsgi.py, bench/urls.py),
never by the project's. `make bench` serves it from the same gunicorn as the
patient forms, through the same middleware (CSRF included), and compares
their rates. The table is the bench database's own (bench/databases.py).
"""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@login_not_required
@require_POST
def floor(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor (payload) VALUES (%s)", [request.POST.get("payload", "")])
    return JsonResponse({"stored": True})
