"""Response headers every page carries (the Content-Security-Policy is django-csp's).

`NoStoreMiddleware`: no page or download made by the app may be kept by a browser's cache
or a proxy: they show passports, scores and visa status, and the back button of a shared
computer must not bring them back after signing out. Static files (whitenoise, which
answers before this middleware) stay cacheable.
"""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.pop("Expires", None)
        patch_cache_control(response, private=True, no_store=True, max_age=0)
        return response
