"""`openwash survey-report DIR`: the aggregate of a Parquet survey, as a table or CSV, and a chart."""

from __future__ import annotations

import argparse

from openwash.commands._output import write_output

HELP = "aggregate a Parquet survey: tiers by share, top licences, permissive-washing, open-source claims"
FORMATS = ("table", "csv")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", metavar="DIR", help="the folder `openwash survey --format parquet -o DIR` wrote")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("--chart", metavar="FILE.svg", help="also draw the tier shares as a bar chart (SVG)")
    p.add_argument("--top", type=int, default=15, help="licences listed (default 15)")


def run(args: argparse.Namespace) -> int:
    from openwash.errors import OpenwashError
    from openwash.survey import aggregate

    if args.top < 1:
        raise OpenwashError(f"--top {args.top}: give at least 1")
    agg = aggregate.aggregate(args.folder)
    if args.format == "csv":
        text = aggregate.render_csv(agg, args.top)
    else:
        text = aggregate.render_table(agg, args.top)
    write_output(text, args.output)
    if args.chart:
        write_output(aggregate.render_svg(agg), args.chart)
    return 0
