"""Web page entry point: ``python app.py [--host 127.0.0.1] [--port 7860]`` (see README)."""

from __future__ import annotations

import os
import sys

# One BLAS thread per request: questions run concurrently and their matrices are small, and
# OpenBLAS's spinning worker threads fight over the cores (on 2 busy cores: 1.4 vs 50 questions/s).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

if __name__ == "__main__":
    from caseqa.web.server import main  # importing caseqa sets the offline environment first

    sys.exit(main())
