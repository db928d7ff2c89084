"""Write the JSON Schemas of culturekit's outputs: python docs/make_schemas.py"""

from __future__ import annotations

import json
from pathlib import Path

from culturekit.results import Comparison, Diagnosis, NetworkSummary
from culturekit.results.trend import Trend

MODELS = {
    "diagnosis": Diagnosis,
    "comparison": Comparison,
    "trend": Trend,
    "network": NetworkSummary,
}
FOLDER = Path(__file__).with_name("schema")


def schemas() -> dict[str, str]:
    return {
        name: json.dumps(model.model_json_schema(mode="serialization"), indent=2, sort_keys=True)
        + "\n"
        for name, model in MODELS.items()
    }


if __name__ == "__main__":
    FOLDER.mkdir(exist_ok=True)
    for name, text in schemas().items():
        (FOLDER / f"{name}.schema.json").write_text(text, encoding="utf-8")
