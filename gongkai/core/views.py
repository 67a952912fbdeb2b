"""Error views that Django does not let templates alone replace."""

from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """The CSRF refusal in Chinese (Django's own page is English and technical)."""
    return render(request, "403_csrf.html", status=403)
