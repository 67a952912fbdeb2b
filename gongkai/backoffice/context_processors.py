from .nav import menu_for


def backoffice(request):
    if not request.path.startswith("/office/") or not request.user.is_authenticated:
        return {}
    return {"office_menu": menu_for(request.user)}
