#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter (Rasa 3.6 needs < 3.11), or fail.
# A pyenv shim named python3.10 may exist without 3.10 being selected, so every candidate is run.
set -u
candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10.*; do candidates+=("$dir/bin/python"); done
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10 "$(command -v python3.10 2>/dev/null)")
for candidate in "${candidates[@]}"; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
echo "Python 3.10 is required (Rasa 3.6 does not support 3.11): install it, e.g. 'pyenv install 3.10'" >&2
exit 1
