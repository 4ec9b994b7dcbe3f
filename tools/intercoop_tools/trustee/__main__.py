import sys

from intercoop_tools.trustee.cli import main

sys.exit(main())
