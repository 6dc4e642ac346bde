from django.shortcuts import render

from exactbridge.administrations.access import administrations_for_user


def home(request):
    """The start page: the administrations this user works in."""
    administrations = administrations_for_user(request.user).order_by("name")
    return render(request, "home.html", {"administrations": administrations})
