"""Shared test settings."""

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The tests answer from content/ as it is in the repository, never from a developer's content store
# (.run/content.sqlite, where the console keeps approved edits): a store no test made does not exist.
# Set before any test imports `actions`, which loads the content being served. Tests of the store give
# their servers and LiveContent a store of their own.
os.environ["MISS_CONTENT_STORE"] = str(Path(tempfile.gettempdir()) / f"miss-no-content-store-{os.getpid()}.sqlite")
# Likewise the live handoffs (addons/handoff/store.py): never a developer's .run/handoff.sqlite. Tests of
# handoff give their stores and servers a file of their own.
os.environ["MISS_HANDOFF_STORE"] = str(Path(tempfile.gettempdir()) / f"miss-no-handoff-store-{os.getpid()}.sqlite")

# A real PostgreSQL, started once per session when a test asks for it (skipped where it is not installed):
# the content store's and the handoff store's tests share the server, each test in a database of its own.
from tests.content_pg import content_postgres, new_location, pg_store_url  # noqa: E402, F401
