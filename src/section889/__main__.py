"""`python -m section889`: the same command as `section889`."""

from section889.cli.main import run

if __name__ == "__main__":
    run()
