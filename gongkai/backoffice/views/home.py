from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongkai.catalog.selectors import disclosure_clock_counts
from gongkai.orgs.selectors import role_assignment_list_for


@login_required
def home(request):
    roles = role_assignment_list_for(request.user)
    return render(
        request,
        "backoffice/home.html",
        {"roles": roles, "disclosure_clocks": disclosure_clock_counts(request.user)},
    )
