from django.urls import path

from exactbridge.online import views, webhooks

app_name = "online"

urlpatterns = [
    # Exact compares the redirect URI exactly, so there is one callback for all administrations;
    # the session's pending authorization says which one it is for.
    path("oauth/callback/", views.callback, name="callback"),
    path("webhooks/exact/", webhooks.exact_webhook, name="exact_webhook"),
    path("<slug:code>/", views.connection_page, name="connection"),
    path("<slug:code>/connect/", views.connect, name="connect"),
    path("<slug:code>/division/", views.division, name="division"),
    path("<slug:code>/disconnect/", views.disconnect, name="disconnect"),
]
