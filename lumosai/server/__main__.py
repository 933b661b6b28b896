"""`python -m lumosai.server [TARGET] [--port N]`: the same as `lumosai serve`."""

import sys

from lumosai.server.cli import main

main(["serve", *sys.argv[1:]])
