import sys

from intercoop.cli import main

sys.exit(main())
