"""The demo newsroom that `manage.py load_demo` loads: a fictional river city,
its reporters and a few weeks of their stories."""
