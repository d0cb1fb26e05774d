"""Pictures editors upload: checked, cleaned and made into renditions."""


def refresh_renditions(article):
    """Make the smaller copies of `article`'s picture (placeholder)."""
