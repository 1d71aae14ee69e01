"""`python -m mnistrepl`, and the `mnistrepl` command (pyproject's entry point: main)."""
try:
    from .cli import main
except KeyboardInterrupt:       # Ctrl-C while the interpreter loads: a quiet exit, no traceback
    raise SystemExit(130) from None

if __name__ == "__main__":
    raise SystemExit(main())
