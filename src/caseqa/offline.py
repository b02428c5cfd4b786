"""The process environment caseqa needs: nothing goes online, nothing reports home.

Set once, when the package is imported, before transformers, huggingface_hub or gradio is (they
read these when they are imported). Values already in the environment are left as they are.
"""

from __future__ import annotations

import os

ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",  # the model ships in a package; never ask the hub
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
    "GRADIO_ANALYTICS_ENABLED": "False",  # gradio sends usage analytics unless told not to
}


def apply() -> None:
    """Put :data:`ENVIRONMENT` into ``os.environ`` where a variable is not set yet."""
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
