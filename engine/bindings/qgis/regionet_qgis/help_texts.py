"""Help texts: every parameter and output (shown under the parameter and in
the algorithm's help panel), and each algorithm's description."""

PARAM_HELP = {
    # inputs
    "UNITS": "The administrative units as polygons: a layer of the project or any file OGR reads "
             "(GeoPackage, Shapefile, GeoJSON ...). A layer read from a file is passed to the "
             "engine as that file (its checksum goes into the provenance); other layers (memory, "
             "database, filtered) are written to a temporary GeoPackage first.",
    "ID": "The field holding each unit's code, as the flows name the units. Codes are text and "
          "compared exactly: 011 and 11 differ.",
    "NAME": "The field holding each unit's name (regions are named after their cores).",
    "MASS": "The field of each unit's mass, e.g. its population (cores need a minimum mass). "
            "Empty: the flows arriving in the unit.",
    "FLOWS": "The origin-destination matrix in long format (one row per origin, destination and "
             "value): a table layer of the project or a file (CSV with any delimiter, GeoPackage, "
             "XLSX, ODS ...).",
    "ORIGIN": "The flows' origin field (default: the first column).",
    "DEST": "The flows' destination field (default: the second column).",
    "VALUE": "The flows' value field (default: the third column).",
    "SNAP": "Two units are adjacent when their boundaries touch within this many metres (real "
            "boundary files are seldom clean coverages). Default 100.",
    "CRS": "The metric CRS the engine works in. Default: the units' CRS if projected, else the "
           "UTM zone of the data or a Lambert azimuthal equal-area centred on them.",
    "SRC_CRS": "The CRS of a units source that declares none.",
    "ENCODING": "Text encoding of the units' attributes when not UTF-8 (e.g. CP949).",
    "FLOWS_ENCODING": "Text encoding of the flows file when not UTF-8 (e.g. CP949).",
    "DROP_UNKNOWN": "Drop (and count) flow rows naming a code that is not a unit, instead of "
                    "stopping with an error naming the row.",
    # clustering
    "METHOD": "netcon (network-constraint clustering, the default) or a published alternative: "
              "ttwa (travel-to-work areas, CURDS), cbsa (US core-based statistical areas), fua "
              "(EU-OECD functional urban areas), dominant (Nystuen-Dacey nodal regions), intramax, "
              "leiden, louvain, infomap.",
    "PRESET": "The levels and their parameters (netcon): krihs = metropolitan areas (5%), urban "
              "areas (10%), life zones (20%).",
    "CORES": "Designated cores of the first level, separated by ';', a '+' joining the units of a "
             "polycentric core: 11;21+26;22;24;25+29. Empty: cores chosen by mass.",
    "THRESHOLDS": "The share thresholds of the levels, e.g. 0.05,0.10,0.20 (default: the preset's).",
    "MIN_MASS": "The minimum mass of a core per level, e.g. 1000000,50000,0 (default: the preset's).",
    "MODE": "How a region grows: dominant (a unit joins the region of its strongest tie), chain or "
            "core; one for all levels or one per level separated by commas. Default: the preset's.",
    "DENOMINATOR": "The denominator of a flow's share: total, out, or field:NAME. Default: from "
                   "the data (out when the matrix has no intra-unit flows).",
    "CONTIGUITY": "enforce: regions are contiguous (exclaves are reassigned, each decision "
                  "recorded); ignore: they need not be.",
    "ADJACENCY": "rook: units sharing a boundary of positive length are adjacent; queen: touching "
                 "at a point is enough.",
    "PARAMS": "A JSON parameter file (levels, thresholds, modes, cores ...), the form of the "
              "'parameters' object of a run's provenance, so a run can be repeated.",
    "THREADS": "Worker threads (0: one per core). The result does not depend on it.",
    # method options
    "THRESHOLD": "The method's threshold (cbsa 0.25, fua 0.15, dominant 0).",
    "CENTRAL_FIELD": "cbsa, fua: a unit field, non-zero for a central unit or city.",
    "AREA_FIELD": "cbsa: a unit field; units sharing a value form one centre.",
    "EMPLOYED_FIELD": "cbsa: a unit field of employed residents.",
    "JOBS_FIELD": "cbsa: a unit field of jobs.",
    "MIN_SIZE": "ttwa: minimum size (Istat 1000).",
    "MIN_SC": "ttwa: minimum self-containment (Istat 0.6667).",
    "TARGET_SIZE": "ttwa: target size (Istat 10000).",
    "TARGET_SC": "ttwa: target self-containment (Istat 0.75).",
    "COMPAT": "ttwa: 'istat' reproduces Istat's LabourMarketAreas 3.4.",
    "REGIONS": "intramax: the number of regions (default a tenth of the units).",
    "RESOLUTION": "leiden, louvain: the modularity resolution (default 1).",
    "SEED": "leiden, louvain, infomap: the random seed (default 1).",
    # outputs
    "OUTPUT": "Where the result is written (a GeoPackage; a temporary file by default). Its layers "
              "are loaded into the project with regionet's styles, and the run's provenance "
              "(parameters, input checksums, versions, decisions) is in the layers' metadata and "
              "in OUTPUT.gpkg.json beside the file.",
    "OVERWRITE": "Replace an existing output file (off: an existing file is an error, as "
                 "without --overwrite on the command line).",
    "UNITS_OUT": "The units with, per level, the region id, role, share and the reason of any "
                 "exclave/enclave decision.",
    "CORES_OUT": "A point inside each core unit of each region.",
    "LINKS_OUT": "The flows whose share reaches the smallest level threshold, as lines.",
    "URBAN_AREAS_OUT": "Metropolitan and small/medium urban areas in one layer (netcon).",
    "LEVEL1": "The regions of the first level (netcon krihs: metropolitan areas; another method: "
              "its regions).",
    "LEVEL2": "The regions of the second level (krihs: urban areas; cbsa: combined areas).",
    "LEVEL3": "The regions of the third level (krihs: life zones).",
    "LAYERS": "Every layer written.",
    "LEVELS": "The level names, comma-separated.",
    # sweep
    "SWEEP_THRESHOLDS": "The grid swept for every level: start:stop:step (inclusive) and/or a,b,c. "
                        "Default 0.02:0.30:0.01.",
    "LEVEL_GRIDS": "Grids of single levels, NAME=GRID separated by ';' (metro=0.03:0.08:0.01); "
                   "they override the grid above, and with only these only the levels named are "
                   "swept.",
    "DEFAULTS": "The thresholds of the default partition per level (default: the preset's).",
    "SWEEP_OUT": "The sweep: layer 'units' (per level the default partition L_id and the unit's "
                 "stability L_stability) and the table 'sweep' (level, threshold, regions, units "
                 "covered, mean self-containment, ARI and NMI against the default).",
    "SWEEP_TABLE": "The sweep table (one row per level and threshold).",
    "STABILITY": "The units with their stability per level, styled by the first level's.",
    "ROWS": "The number of rows of the sweep table.",
    # compare
    "LAYER_A": "The first partition: a layer of units (or a file) ...",
    "FIELD_A": "... and its field holding each unit's region id.",
    "LAYER_B": "The second partition: a layer of units (or a file) ...",
    "FIELD_B": "... and its field holding each unit's region id.",
    "COMPARE_ID": "The unit code field, on both sides (default: code, as regionet names it).",
    "NULLS": "Units in no region (NULL or blank id): singleton (each its own region for the "
             "indices), class (one class together) or drop (left out when in no region on either "
             "side).",
    "SPLIT_MERGE": "The split/merge table: each region of A whose units lie in several regions "
                   "of B (table 'split'), and each region of B holding units of several regions "
                   "of A ('merge'), with the pieces and their unit counts.",
    "ADJUSTED_RAND": "Adjusted Rand index (1: the same partition).",
    "RAND": "Rand index.",
    "NMI": "Normalised mutual information (1: the same partition).",
    "VI": "Variation of information (natural log; 0: the same partition).",
    # inspect
    "REPORT": "The inspection report as an HTML page.",
    "JSON": "The inspection as JSON (the command's --json).",
}

METHOD_PARAGRAPH = (
    "<p><b>The method.</b> Network-constraint clustering (netcon) builds, level by level, the "
    "graph of the flows whose share of the origin's flows (the denominator) reaches the level's "
    "threshold. Cores (designated, or the units of the largest mass above the level's minimum) "
    "grow into regions along that graph: in mode <i>dominant</i> a unit joins the region its "
    "strongest tie leads to, in <i>chain</i> any path to a core counts. Regions are kept "
    "contiguous (exclaves and enclaves are reassigned, every decision recorded), a later level "
    "works on the units the earlier ones left (metropolitan areas, then urban areas) or nests "
    "(life zones cover every unit).</p>")

DELINEATE = (
    "<p>Delineates functional regions (metropolitan areas, urban areas, life zones, or the "
    "regions of a published alternative method) from administrative units and an "
    "origin-destination matrix of commuting or trips, as <code>regionet delineate</code>: the "
    "same parameters give the command line's result.</p>" + METHOD_PARAGRAPH +
    "<p>The result is a GeoPackage: the units with their regions, one layer of regions per "
    "level, the urban areas, the cores and the links; each layer opens with regionet's style "
    "and carries the run's provenance in its metadata. Progress shows the stage; Cancel stops "
    "the run and leaves no file.</p>")

SWEEP = (
    "<p>Runs the clustering over a grid of thresholds, one level at a time with the others at "
    "their defaults, as <code>regionet sweep</code>: per level and threshold the number of "
    "regions, the units covered, the mean self-containment, and the agreement (ARI, NMI) with "
    "the default partition; per unit its stability, the share of the thresholds at which it "
    "stays in a region with its default region's principal core.</p>" + METHOD_PARAGRAPH)

COMPARE = (
    "<p>Compares two partitions of the same units, as <code>regionet compare</code>: the "
    "adjusted Rand index, the Rand index, normalised mutual information and variation of "
    "information (in the log and as output values), and the split/merge table. Units on one "
    "side only are left out of the indices and counted in the log.</p><p>Each side is a layer "
    "(e.g. the units of a delineation) and its region id field; the unit code field must be in "
    "both.</p>")

INSPECT = (
    "<p>Summarises the inputs before a delineation, as <code>regionet inspect</code>: units, "
    "flows, totals, intra-unit flows and the denominator they imply, units without flows, "
    "islands, components of the adjacency graph and the largest flows. The report goes to the "
    "log and to an HTML page.</p>")
