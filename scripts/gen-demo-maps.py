#!/usr/bin/env python3
"""Generates the demo maps: data/maps/KHxxxx.map (a site plan per demo
customer, in the alarmdesk-map format of docs/map-format.md) and
data/maps/district.geojson (the fictional district: outline, roads, river
and every site). Run after scripts/gen-demo-data.py:
    python3 scripts/gen-demo-maps.py
"""
import json

RESIDENTIAL = """\
+----------------+-------------+-----------+
|                |             |           |
|   3        C   |      4      |     6     |
|                |             |           |
+-------  -------+-----  ------+----  -----+
|                                          |
|    2          B               5          |
|                                          |
+--1----A----------------------------------+
"""

BUSINESS_1F = """\
+---------------------------+----------------+
|                           |                |
|   2          B            |   4            |
|                           |                |
|          5                +-----   --------+
|                           |                |
|                           |   3         C  |
+-------1----A--------------+----------------+
"""

BUSINESS_B1 = """\
+-----------------+------------------+
|                 |                  |
|   6             |    8             |
|                 |                  |
+-------  --------+------------------+
|                                    |
|   7                                |
+------------------------------------+
"""


def plan(c):
    zones = {z["no"]: z for z in c["zones"]}
    cams = c["cameras"]
    out = ["alarmdesk-map 1", "site %s" % c["id"], "anchor %.6f %.6f" % (c["lon"], c["lat"])]

    def legend(levels_zones, cam_markers):
        lines = []
        for no in levels_zones:
            lines.append("%d zone %d %s" % (no, no, zones[no]["name"]))
        for marker, i in cam_markers:
            if i < len(cams):
                lines.append("%s camera %s dir=%s channel=%s" % (marker, cams[i]["name"], "NESW"[i % 4], cams[i]["channel"]))
        return lines

    if c["type"] == "住宅":
        out.append("level 1F 住宅")
        out += RESIDENTIAL.rstrip("\n").split("\n")
        out.append("legend")
        out += legend([1, 2, 3, 4, 5, 6], [("A", 0), ("B", 1), ("C", 2)])
        out.append("end")
    else:
        out.append("level 1F 一层")
        out += BUSINESS_1F.rstrip("\n").split("\n")
        out.append("legend")
        out += legend([1, 2, 3, 4, 5], [("A", 0), ("B", 1), ("C", 2)])
        out.append("end")
        out.append("level B1 地下一层")
        out += BUSINESS_B1.rstrip("\n").split("\n")
        out.append("legend")
        out += legend([6, 7, 8], [])
        out.append("end")
    return "\n".join(out) + "\n"


def district(customers):
    def line(name, kind, pts):
        return {"type": "Feature", "properties": {"name": name, "kind": kind},
                "geometry": {"type": "LineString", "coordinates": pts}}
    feats = [
        {"type": "Feature", "properties": {"name": "临江区", "kind": "outline"},
         "geometry": {"type": "Polygon", "coordinates": [[[118.752, 32.012], [118.848, 32.012],
                                                            [118.852, 32.050], [118.846, 32.088],
                                                            [118.752, 32.088], [118.748, 32.050],
                                                            [118.752, 32.012]]]}},
        line("临江", "river", [[118.850, 32.014], [118.838, 32.035], [118.842, 32.060], [118.850, 32.086]]),
        line("临江大道", "road", [[118.752, 32.030], [118.800, 32.031], [118.846, 32.030]]),
        line("滨江路", "road", [[118.836, 32.013], [118.832, 32.050], [118.836, 32.087]]),
        line("金桥街", "road", [[118.752, 32.055], [118.845, 32.055]]),
        line("翠湖路", "road", [[118.780, 32.012], [118.782, 32.087]]),
        line("锦绣大道", "road", [[118.805, 32.012], [118.805, 32.087]]),
        line("阳光大道", "road", [[118.752, 32.075], [118.846, 32.078]]),
        line("港湾路", "road", [[118.815, 32.012], [118.840, 32.040]]),
    ]
    for c in customers:
        feats.append({"type": "Feature", "properties": {"name": c["name"], "kind": "site", "id": c["id"]},
                      "geometry": {"type": "Point", "coordinates": [c["lon"], c["lat"]]}})
    return {"type": "FeatureCollection", "features": feats}


def main():
    customers = json.load(open("data/demo/customers.json", encoding="utf-8"))["customers"]
    for c in customers:
        with open("data/maps/%s.map" % c["id"], "w", encoding="utf-8") as f:
            f.write(plan(c))
    with open("data/maps/district.geojson", "w", encoding="utf-8") as f:
        json.dump(district(customers), f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print("data/maps: %d site plans and district.geojson" % len(customers))


main()
