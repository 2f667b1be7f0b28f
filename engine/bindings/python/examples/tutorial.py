"""The README's Python tutorial, runnable: the Korean main job, a map of
its regions with GeoPandas, and a threshold sweep plotted.
    python3 engine/bindings/python/examples/tutorial.py [OUT_DIR]
writes korea_regions.png and korea_sweep.png into OUT_DIR (default: .)."""
import os
import sys

import matplotlib
matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt

import regionet

here = os.path.dirname(os.path.abspath(__file__))
kr = os.path.join(here, "../../../../datasets/kr")
out = sys.argv[1] if len(sys.argv) > 1 else "."

# 1. The main job: Korea's 159 si/gun with the KRIHS study's designated cores.
r = regionet.delineate(f"{kr}/KR_SiGun.gpkg", f"{kr}/OD_SiGun_long.csv",
                       id="SiGun_CD", name="SiGun_NM", mass="population",
                       cores="11;21+26;22;24;25+29")
metro = r.regions("metro")
print(metro[["region_id", "name", "n_units", "mass", "sc_supply"]])
print(r.provenance["parameters"]["denominator"])  # 'out': the KTDB diagonal is zero

# 2. A map: life zones in colour, metropolitan areas outlined, the cores.
ax = r.regions("life").plot(column="region_id", cmap="tab20", figsize=(7, 8),
                            edgecolor="white", linewidth=0.3)
metro.boundary.plot(ax=ax, color="black", linewidth=1.2)
r.cores[r.cores["level"] == "metro"].plot(ax=ax, color="red", markersize=25, marker="*")
for _, m in metro.iterrows():
    p = m.geometry.representative_point()
    ax.annotate(m["name"], (p.x, p.y), fontsize=8, ha="center")
ax.set_axis_off()
ax.set_title("Korea: life zones (colours) and metropolitan areas (outlined)")
plt.savefig(os.path.join(out, "korea_regions.png"), dpi=90, bbox_inches="tight")

# 3. A sweep: how many regions each level has as its threshold moves.
s = regionet.sweep(f"{kr}/KR_SiGun.gpkg", f"{kr}/OD_SiGun_long.csv",
                   id="SiGun_CD", name="SiGun_NM", mass="population",
                   cores="11;21+26;22;24;25+29", thresholds="0.02:0.30:0.02")
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.5))
for level, t in s.table.groupby("level", sort=False):
    a1.plot(t["threshold"], t["regions"], marker=".", label=level)
    a2.plot(t["threshold"], t["adjusted_rand"], marker=".", label=level)
a1.set_xlabel("threshold"); a1.set_ylabel("regions"); a1.legend()
a2.set_xlabel("threshold"); a2.set_ylabel("ARI with the default partition")
plt.savefig(os.path.join(out, "korea_sweep.png"), dpi=90, bbox_inches="tight")
print(s.table.head())
