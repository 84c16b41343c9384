"""`python -m rapsheet` runs the command line."""
from rapsheet.cli import main

main()
