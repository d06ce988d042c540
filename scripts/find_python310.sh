#!/usr/bin/env bash
# Print the path of a working Python 3.10 (Rasa 3.6 installs on 3.8-3.10 only; on 3.11 pip silently
# falls back to Rasa 1.x). Exit 1 with instructions when there is none.
set -u
candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
if command -v pyenv >/dev/null 2>&1; then
  for p in "$(pyenv root)"/versions/3.10*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
fi
candidates+=(python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10 python3)
for c in "${candidates[@]}"; do
  if out=$("$c" -c 'import sys, venv; print(sys.executable if sys.version_info[:2] == (3, 10) else "")' 2>/dev/null) && [ -n "$out" ]; then
    echo "$out"; exit 0
  fi
done
cat >&2 <<'MSG'
ERROR: Python 3.10 not found. Rasa 3.6 needs Python 3.10 (it cannot be installed on 3.11+).
  Install it, then run `make setup` again, for example:
    pyenv install 3.10.13                        # with pyenv
    apt-get install python3.10 python3.10-venv   # on Debian/Ubuntu where packaged
  or point to one: PYTHON310=/path/to/python3.10 make setup
MSG
exit 1
