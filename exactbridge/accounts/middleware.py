"""A signed-in user's saved language wins over what the browser asks for."""

from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Activates ``User.language`` when it is set; an empty one leaves LocaleMiddleware's choice
    (language cookie, then Accept-Language) in place.

    It needs ``request.user``, so it sits right after AuthenticationMiddleware. LocaleMiddleware,
    earlier in the list, still labels the response with the language active when it leaves.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if language in self.supported and user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
