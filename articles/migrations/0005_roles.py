"""The three roles of a newsroom's staff, as groups of permissions.

Writer: writes articles and sends them for review; the admin lets writers
change only their own unpublished articles. Editor: everything on articles,
authors, sections, tags and lenses, and publishing. Moderator: comments.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITING = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_byline",
    "articles.change_byline",
    "articles.delete_byline",
    "articles.view_byline",
    "articles.add_analysisentry",
    "articles.change_analysisentry",
    "articles.delete_analysisentry",
    "articles.view_analysisentry",
    "articles.view_correction",
    "articles.view_section",
    "articles.view_lens",
    "articles.view_tag",
    "authors.view_author",
]
ROLES = {
    "Writer": WRITING,
    "Editor": [
        "articles.*",
        "authors.*",
    ],
    "Moderator": ["comments.*"],
}


def create_roles(apps, schema_editor):
    # Permissions are otherwise created only after every migration has run.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(Permission, codes))


def _permissions(Permission, codes):
    found = []
    for code in codes:
        app_label, codename = code.split(".")
        matching = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            matching = matching.filter(codename=codename)
        found += matching
    return found


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_workflow"),
        ("authors", "0001_initial"),
        ("comments", "0004_email_index_any_case"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
