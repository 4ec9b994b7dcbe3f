import sys

from intercoop_tools.tally.cli import main

sys.exit(main())
