"""The DOCX body: Appendix B's sections in their order, the review block and the annexes,
printed from the report context (the same one the HTML template prints)."""

from __future__ import annotations

from cnm.present.safe import xml_text
from report_builder.docx_parts import add_text, bullets, chart, form, heading, kv, para, table


def _basic(doc, c: dict) -> None:
    t, b, s = c["t"], c["basic"], c["scope"]
    heading(doc, t["s1"], 1)
    kv(doc, [(t["mine"], b["name"]), (t["mine_id"], b["id"]), (t["code"], b["code"]), (t["category"], b["category"]),
              (t["province"], b["province"]), (t["address"], b["address"]), (t["group"], b["group"]),
              (t["responsible"], b["responsible"]), (t["contact"], b["contact"])])
    heading(doc, t["s1_1"], 2)
    kv(doc, [(t["commissioning"], b["commissioning"]), (t["assessor"], b["assessor"]),
              (t["lead_assessor"], b["lead_assessor"])])
    heading(doc, t["s1_2"], 2)
    para(doc, b["report_date"])
    heading(doc, t["s1_3"], 2)
    bullets(doc, b["standards"])
    heading(doc, t["s2"], 1)
    heading(doc, t["s2_1"], 2)
    para(doc, b["reason"])
    heading(doc, t["s2_2"], 2)
    para(doc, b["objectives"])
    heading(doc, t["s3"], 1)
    heading(doc, t["s3_1"], 2)
    kv(doc, [(t["consolidation"], s["consolidation"]), (t["boundary"], s["description"]), (t["scopes"], s["scopes"]),
              (t["gases"], s["gases"]), (t["sources"], s["sources"]), (t["activities"], s["activities"])])
    heading(doc, t["s3_2"], 2)
    kv(doc, [(t["period"], s["period"]), (t["period_range"], f"{s['start']} – {s['end']}"), (t["months"], s["months"])])


def _process(doc, c: dict) -> None:
    t, d, inv, red, off = c["t"], c["data"], c["inventory"], c["reduce"], c["offsets"]
    heading(doc, t["s4"], 1)
    heading(doc, t["s4_1"], 2)
    table(doc, [t["input"], t["value"], t["unit"], t["data_source"], t["quality"]],
           [[r["label"], r["value"], r["unit"], r["source"], r["quality"]] for r in d["rows"]],
           widths=[52, 22, 16, 55, 25])
    table(doc, [q["tier"] for q in d["tally"]], [[q["count"] for q in d["tally"]]])
    kv(doc, [(t["methodology"], f"{c['result']['methodology']['name']} v{c['result']['methodology']['version']}"),
              (t["gwp"], d["gwp"]), (t["factor_sets"], "; ".join(d["factor_sets"]))])
    heading(doc, t["s4_2"], 2)
    table(doc, [t["item"], "tCO2e"], [[r["label"], r["value"]] for r in inv["summary"]], widths=[120, 50])
    chart(doc, c["charts"]["sources"])
    table(doc, [t["scope"], t["source"], t["gas"], t["activity"], t["gas_t"], "tCO2e", t["data_source"], t["quality"]],
           [[x["scope"], x["source"], x["gas"], x["activity"], x["gas_t"], x["tco2e"], x["data_source"], x["quality"]]
            for x in inv["lines"]], size=7.5)
    table(doc, [t["gas"], t["gas_t"], "tCO2e"], [[g["gas"], g["gas_t"], g["tco2e"]] for g in inv["by_gas"]])
    table(doc, [t["energy"], "tce"], [[e["source"], e["tce"]] for e in inv["energy"]] + [[t["total"], inv["energy_total"]]])
    heading(doc, t["s4_3"], 2)
    table(doc, [t["measure"], t["kind"], t["amount"], t["baseline"], t["evidence"]],
           [[x["measure"], x["kind"], x["amount"], x["baseline"], x["evidence"]] for x in red["reductions"]]
           + [[t["reductions"], "", red["reductions_total"], "", ""]])
    table(doc, [t["kind"], t["amount"], t["method"], t["evidence"]],
           [[x["kind"], x["amount"], x["method"], x["evidence"]] for x in red["removals"]]
           + [[t["removals"], red["removals_total"], "", ""]])
    heading(doc, t["s4_4"], 2)
    if off["rows"]:
        table(doc, [t["programme"], t["project"], t["serials"], t["vintage"], t["quantity"], t["retired"], t["counted"]],
               [[o["programme"], "\n".join([o["project"], *o["details"]]), o["serials"], o["vintage"], o["quantity"],
                 o["retired"],
                 o["counted"] + (f": {o['reasons']}" if o["reasons"] else "")] for o in off["rows"]]
               + [[f"{t['total']} · {t['offset_share']} {off['share']}", "", "", "", off["total"], "", ""]],
               widths=[20, 30, 38, 14, 20, 22, 26], size=7.5)
    else:  # no credits: the word, not an empty table with a total of 0
        para(doc, t["none"])
    progress = c["progress"]
    for key, rows in (("s4_5", progress["rows"]), ("s4_6", progress["opinion"])):
        heading(doc, t[key], 2)
        kv(doc, rows) if rows else para(doc, progress["empty"])


def _results(doc, c: dict) -> None:
    t, sc, res = c["t"], c["scores"], c["result"]
    heading(doc, t["s5"], 1)
    heading(doc, t["s5_1"], 2)
    rows = []
    for g in sc["groups"]:
        rows.append([g["id"], g["title"], "", "", "", g["score"],
                     f"{t['points']} {g['points']}"])
        rows += [[i["id"], i["name"], i["value"], i["unit"], i["weight"], i["score"], i["evidence"]]
                 for i in g["indicators"]]
    table(doc, [t["id"], t["indicator"], t["value"], t["unit"], t["weight"], t["score"], t["evidence"]], rows,
           widths=[11, 40, 20, 16, 13, 13, 57], size=7.5)
    table(doc, [t["level1"], t["share"], t["score"], t["points"]],
           [[f"{lv['id']} {lv['name']}", lv["share"], lv["score"], lv["points"]] for lv in sc["levels"]]
           + [[t["total_score"], "100", "", sc["total"]]])
    chart(doc, c["charts"]["groups"])
    heading(doc, t["s5_2"], 2)
    kv(doc, [(t["total_score"], res["total"]), (t["offset_share"], res["offset_share"]),
              (t["grade_by_score"], res["by_score"]), (t["grade_by_offset"], res["by_offset"]), (t["grade"], res["grade"])])
    para(doc, t["neutrality"]).paragraph_format.keep_with_next = True  # the table's caption
    table(doc, [n["scope"] for n in res["neutrality"]], [[n["ratio"] for n in res["neutrality"]]])
    para(doc, t["ratio_notes"])
    kv(doc, [(t["methodology"], res["methodology"]["name"]), (t["version"], res["methodology"]["version"]),
              (t["hash"], res["methodology"]["hash"])])
    if c["history"]:
        heading(doc, t["trend"], 2)
        table(doc, [t["period"], f"{t['gross']} tCO2e", t["intensity"], t["total_score"], t["offset_share"], t["grade"]],
               [[h["period"], h["gross"], h["intensity"], h["total"], h["share"], h["grade"]] for h in c["history"]])
        for svg in c["charts"]["trend"]:
            chart(doc, svg)
        para(doc, t["trend_note"])


def _conclusions(doc, c: dict) -> None:
    t, con = c["t"], c["conclusions"]
    heading(doc, t["s6"], 1)
    para(doc, con["head"])
    for key in ("strengths", "weaknesses"):
        if con[key]:
            heading(doc, t[key], 2)
            bullets(doc, con[key])
    plan = con["plan"]
    if plan:
        heading(doc, t["suggestions"], 2)
        para(doc, plan["sentence"])
        if len(plan["paths"]) > 1:
            rows = [[f"{p['rank']} ({t['effort']} {p['effort']}; {t['after']} {p['total']} · {p['share']} · {p['grade']})"
                     if i == 0 else "", mv["action"], "\n".join(mv["changes"]), mv["points"]]
                    for p in plan["paths"] for i, mv in enumerate(p["moves"])]
            table(doc, [t["path"], t["move"], t["changes"], t["gain"]], rows, widths=[30, 65, 55, 20], size=7.5)
        if plan["missing"]:
            para(doc, f"{t['missing_data']}: " + ", ".join(plan["missing"]))
    heading(doc, t["review"], 1)
    r = c["review"]
    form(doc, [(t["reviewer"], r["reviewer"]), (t["review_date"], r["date"]), (t["opinion"], r["opinion"]),
                (t["signature"], "")])


def _annexes(doc, c: dict) -> None:
    t = c["t"]
    heading(doc, t["annex_a"], 1)
    for r in c["trace"]["rows"]:  # as in the PDF: a bold name line, then full-width lines (not a 6-column table)
        p = doc.add_paragraph()
        add_text(p, f"{r['key']} {r['label']} = {r['value']}", bold=True, size=7.5)
        run = add_text(p, "", size=7)
        for line in (f"{t['formula']} {r['formula']}", f"{t['inputs']} {r['inputs']}",
                     *([f"{t['factors']} {r['factors']}"] if r["factors"] else [])):
            run.add_break()
            run.add_text(xml_text(line))
    for src in c["trace"]["sources"]:
        para(doc, src)
    heading(doc, t["annex_b"], 1)
    f = c["findings"]
    if f["rows"]:
        table(doc, [t["severity"], t["location"], t["message"]],
               [[x["severity"], x["loc"], f"{x['message']} ({x['code']})"] for x in f["rows"]], widths=[18, 50, 102])
    else:
        para(doc, t["no_findings"])
    if f["quiet"]:
        para(doc, f["quiet"])


def body(doc, c: dict) -> None:
    _basic(doc, c)
    _process(doc, c)
    _results(doc, c)
    _conclusions(doc, c)
    _annexes(doc, c)
