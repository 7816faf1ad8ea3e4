"""The layers of ARCHITECTURE.md include only downwards.

Each layer's sources (src/<layer>) and public headers (include/smp/<layer>) may include smp
headers of the layers below it only; the CMake targets enforce the same at link time. SQLiteCpp
is the store's own: no header outside src/store and include/smp/store names it.
"""

import os
import re
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("SMP_SOURCE_DIR") or Path(__file__).resolve().parents[2])

# What each layer may include, besides itself (ARCHITECTURE.md's table).
ALLOWED = {
    "util": set(),
    "domain": {"util"},
    "io": {"domain", "util"},
    "output": {"domain", "util"},
    "config": {"domain", "util", "io"},
    "store": {"domain", "util", "io"},
    "cli": {"domain", "util", "io", "output", "config", "store"},
}
INCLUDE = re.compile(r'^#include\s*[<"]smp/(\w+)/', re.M)


def files_of(layer):
    for root in (SOURCE_DIR / "src" / layer, SOURCE_DIR / "include" / "smp" / layer):
        if root.is_dir():
            yield from sorted(p for p in root.rglob("*") if p.suffix in (".cpp", ".hpp"))


class LayersTest(unittest.TestCase):
    def test_includes_point_downwards(self):
        wrong = []
        for layer, allowed in ALLOWED.items():
            for path in files_of(layer):
                for included in INCLUDE.findall(path.read_text(encoding="utf-8")):
                    if included != layer and included not in allowed:
                        wrong.append(f"{path.relative_to(SOURCE_DIR)} includes smp/{included}/ "
                                     f"(layer {layer} may include {sorted(allowed) or 'nothing'})")
        self.assertEqual(wrong, [], "\n" + "\n".join(wrong))

    def test_every_source_folder_is_a_known_layer(self):
        folders = {p.name for p in (SOURCE_DIR / "src").iterdir() if p.is_dir()}
        self.assertEqual(folders - set(ALLOWED), set())


if __name__ == "__main__":
    unittest.main()
