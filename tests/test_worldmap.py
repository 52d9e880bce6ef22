"""The catalogue's map of Europe (build_scripts/site/worldmap.py): drawn from the shipped atlas, kept between builds."""

from __future__ import annotations

import json
from pathlib import Path

from build_scripts.site import worldmap
from build_scripts.site.worldmap import MapCountry, europe_map


def test_the_projected_outlines_are_kept_between_builds_and_made_again_when_the_atlas_changes(tmp_path: Path) -> None:
    cache = tmp_path / "worldmap.json"
    countries = [MapCountry("FR", "France", "France (2 entries)")]
    worldmap._drawn.cache_clear()
    first = europe_map(countries, "map", cache)
    kept = json.loads(cache.read_text())
    assert kept["key"] and kept["paths"] and 'aria-label="France (2 entries)"' in first
    # A new process (no outlines in memory) reads them back and draws the same map.
    worldmap._drawn.cache_clear()
    assert europe_map(countries, "map", cache) == first
    # Outlines kept under another key (another atlas or another projection code) are not used.
    kept["key"] = "0" * 64
    kept["paths"] = [["250", "M0 0L1 1L2 0Z"]]
    cache.write_text(json.dumps(kept))
    worldmap._drawn.cache_clear()
    assert europe_map(countries, "map", cache) == first
    assert json.loads(cache.read_text())["key"] != "0" * 64
    # An unreadable file is only a miss.
    cache.write_text("{not json")
    worldmap._drawn.cache_clear()
    assert europe_map(countries, "map", cache) == first == europe_map(countries, "map")
