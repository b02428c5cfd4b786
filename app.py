"""Web page entry point: ``python app.py [--host 127.0.0.1] [--port 7860]`` (see README)."""

from __future__ import annotations

import os
import sys

# Before anything imports gradio or huggingface_hub: no analytics, no hub access.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

if __name__ == "__main__":
    from caseqa.ui import main

    sys.exit(main())
