"""`python -m bench [node|landscape|hub|hub-load|all] [--sizes 1000000,10000000]`: run benchmarks, keep their figures.

Each benchmark's figures replace its own section of ``bench/results.json``; the node's table is also
written into ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results.json")


def save(section: str, figures: dict[str, Any]) -> None:
    """Replace the section; for the node, sizes not measured in this run keep their earlier figures."""
    current: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    if section == "node" and "sizes" in current.get(section, {}):
        figures["sizes"] = {**current[section]["sizes"], **figures["sizes"]}
    current[section] = figures
    RESULTS.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", nargs="?", default="node", choices=["node", "landscape", "hub", "hub-load", "all"])
    parser.add_argument("--sizes", default="1000000", help="Donor counts for the node benchmark, comma-separated.")
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    if args.which in ("node", "all"):
        from bench import node

        figures = node.run([int(s) for s in args.sizes.split(",")], repeats=args.repeats)
        save("node", figures)
        node.write_docs(figures)
        print(json.dumps(figures, indent=1))
    if args.which in ("landscape", "all"):
        from bench import landscape

        figures = landscape.run()
        save("landscape", figures)
        print(json.dumps(figures, indent=1, ensure_ascii=False))

    if args.which in ("hub", "all"):
        from bench import hub

        figures = hub.run()
        save("hub", figures)
        print(json.dumps(figures, indent=1))

    if args.which in ("hub-load", "all"):
        from bench import hub_load

        current: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
        section = current.get("hub_load", {})
        section["current"] = hub_load.run()
        save("hub_load", section)
        print(json.dumps(section["current"], indent=1))


if __name__ == "__main__":
    main()
