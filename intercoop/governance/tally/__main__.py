import sys

from intercoop.governance.tally.cli import main

sys.exit(main())
