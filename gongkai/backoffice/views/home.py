from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongkai.catalog.selectors import disclosure_clock_counts
from gongkai.orgs.models import RoleAssignment


@login_required
def home(request):
    roles = RoleAssignment.objects.filter(user=request.user).select_related("agency", "section")
    return render(
        request,
        "backoffice/home.html",
        {"roles": roles, "disclosure_clocks": disclosure_clock_counts(request.user)},
    )
