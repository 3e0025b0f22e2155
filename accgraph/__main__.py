import sys

from accgraph.cli import main

sys.exit(main())
