"""`python -m bench [--sizes 10,100,1000]`: print the benchmark figures."""

import sys

from bench.render import main

sys.exit(main())
