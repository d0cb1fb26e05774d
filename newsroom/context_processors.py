from django.conf import settings


def site(request):
    """The site's name, for the masthead, titles and OpenGraph tags."""
    return {"site_name": settings.NEWSROOM_SITE_NAME}
