"""The clinic's staff console (issue 12), served at /console/ by scripts/web_server.py.

Where things are:
  config.py     settings from MISS_CONSOLE_* / MISS_AUDIT_* variables (docs/console.md)
  store.py      the console's own SQLite database: schema, connections
  auth.py       roles and permissions, accounts, argon2 password hashes, lockout, sessions
  audit.py      the append-only audit log, its CSV export and retention purge
  analytics.py  the dashboard's figures and the conversations, read from the scrubbed event stream
                (addons/event_broker.py)
  web.py        the aiohttp sub-application: login, CSRF, security headers, pages (Jinja2 templates/)
  __main__.py   `python -m console add-user NAME --role ROLE` and the other account commands
"""
