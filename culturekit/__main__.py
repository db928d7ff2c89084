"""``python -m culturekit``: the culturekit command."""

from culturekit.cli import main

if __name__ == "__main__":
    main()
