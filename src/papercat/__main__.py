"""`python -m papercat`."""

from papercat.cli import main

if __name__ == "__main__":
    main()
