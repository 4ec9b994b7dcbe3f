import sys

from intercoop.ballots.verify.cli import main

sys.exit(main())
