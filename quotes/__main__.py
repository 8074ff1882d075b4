"""``python -m quotes``: the command line (see ``quotes.cli``)."""

from quotes.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
