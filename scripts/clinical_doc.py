"""Write docs/clinical.md from the protocol data (dialog/clinical.py).

    .venv/bin/python scripts/clinical_doc.py
"""

from __future__ import annotations

from pathlib import Path

from dialog.clinical import clinical_document
from dialog.load import default_protocol

TARGET = Path(__file__).resolve().parent.parent / "docs" / "clinical.md"

if __name__ == "__main__":
    TARGET.write_text(clinical_document(default_protocol()), encoding="utf-8")
    print(TARGET)
