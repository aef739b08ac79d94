"""Entry point for `python main.py` and for the frozen bundle."""
import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
