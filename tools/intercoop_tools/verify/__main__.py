import sys

from intercoop_tools.verify.cli import main

sys.exit(main())
