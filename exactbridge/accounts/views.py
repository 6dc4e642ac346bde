"""A person's own preferences."""

from django.contrib.auth.decorators import login_not_required
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from exactbridge.accounts.services import set_language_preference


@login_not_required
@require_POST
def choose_language(request):
    """Switch the language, and keep the choice on the user when someone is signed in.

    Takes the same form as Django's ``set_language`` (``language``, ``next``) and answers the
    same way: the language cookie for the browser, and a redirect back.
    """
    if request.user.is_authenticated:
        set_language_preference(user=request.user, language=request.POST.get("language", ""))
    return set_language(request)
