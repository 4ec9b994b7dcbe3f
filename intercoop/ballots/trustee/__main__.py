import sys

from intercoop.ballots.trustee.cli import main

sys.exit(main())
