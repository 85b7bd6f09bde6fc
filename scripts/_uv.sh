# Sourced by scripts/demo and scripts/test: make sure `uv` is on PATH (installed from PyPI if missing).
if ! command -v uv >/dev/null 2>&1; then
  python3 -m pip install --quiet uv 2>/dev/null || python3 -m pip install --quiet --user --break-system-packages uv
  export PATH="$HOME/.local/bin:$PATH"
fi
