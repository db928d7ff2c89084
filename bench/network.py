"""A network of synthetic trusts of mixed types, run through ``culturekit batch``.

    python bench/network.py                  # 12 trusts
    python bench/network.py --trusts 40


The trusts' workbooks are generated once into bench/data/network-N/ (git-ignored) and the
batch writes the trusts' HTML and JSON into bench/out/network-N/, and the network summary
(HTML, JSON and PDF) into its ``network`` folder.
Each trust differs from the others element by element, so the network view has something
to show, and the trusts' types are mixed as in a real network (mostly acute).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from run import DATA, OUT, SEED, synthetic_trust

# A network's usual mix: mostly acute trusts, then mental health, community, ambulance.
TYPES = (
    ("acute", 0.5),
    ("mental health", 0.2),
    ("community", 0.12),
    ("acute specialist", 0.1),
    ("ambulance", 0.08),
)
PLACES = (
    "Ashford", "Barrowmere", "Calder Vale", "Dunmore", "Eastwick", "Fernhill", "Glenford",
    "Harrowgate Park", "Ivybridge", "Kingsmere", "Lowther", "Marston", "Northfield",
    "Oakhampton", "Pendle Cross", "Queensbury", "Redcliffe", "Saltmarsh", "Thornbury",
    "Upperton", "Valemouth", "Westbrook", "Yarrowdale", "Amberley", "Brackenfield",
    "Coldharbour", "Dovedale", "Elmstead", "Foxley", "Greywell", "Hollins", "Inglewood",
    "Juniper Hill", "Kestrel Bay", "Longridge", "Millbrook", "Netherby", "Orchard Vale",
    "Pinewood", "Rivenhall",
)  # fmt: skip
SUFFIX = {
    "acute": "Hospitals NHS Foundation Trust",
    "acute specialist": "Specialist Hospital NHS Foundation Trust",
    "mental health": "Mental Health NHS Trust",
    "community": "Community Health Services NHS Trust",
    "ambulance": "Ambulance Service NHS Trust",
}


def synthetic_network(folder: Path, count: int, respondents: int = 300) -> list[Path]:
    """``count`` trusts' workbooks in ``folder``, of mixed types and differing scores."""
    from culturekit.framework import default_framework

    elements = [e.id for e in default_framework().elements]
    rng = np.random.default_rng(SEED)
    names, weights = zip(*TYPES, strict=True)
    kinds = rng.choice(names, size=count, p=weights)
    paths = []
    for index in range(count):
        kind = str(kinds[index])
        place = PLACES[index % len(PLACES)]
        shifts = {e: float(rng.normal(0.4, 0.18)) for e in elements}
        path = folder / f"trust-{index + 1:02d}.xlsx"
        if not path.exists():
            synthetic_trust(
                path,
                respondents,
                SEED + index,
                code=f"R{index + 1:02d}",
                name=f"{place} {SUFFIX[kind]}",
                trust_type=kind,
                shifts=shifts,
            )
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trusts", type=int, default=12)
    parser.add_argument("--respondents", type=int, default=300)
    parser.add_argument("--jobs", default="2")
    args = parser.parse_args()
    data = DATA / f"network-{args.trusts}"
    synthetic_network(data, args.trusts, args.respondents)
    out = OUT / f"network-{args.trusts}"
    exe = shutil.which("culturekit")
    cli = [exe] if exe else [sys.executable, "-m", "culturekit.cli"]
    command = [*cli, "batch", str(data), "-o", str(out), "--format", "html,json"]
    start = time.perf_counter()
    subprocess.run([*command, "-j", args.jobs], check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - start
    # Only the network's PDF: the trusts' own PDFs would take most of the run.
    from culturekit.api import write_report
    from culturekit.results import NetworkSummary

    folder = out / "network"
    summary = NetworkSummary.model_validate_json((folder / "network.json").read_text("utf-8"))
    write_report(summary, folder, ["pdf"])
    print(f"{args.trusts} trusts diagnosed in {took:.1f} s: {folder}")


if __name__ == "__main__":
    main()
