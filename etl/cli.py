"""civic-etl: build or refresh the warehouse from a folder of documents.

Exit codes (for cron and systemd):
  0   every file loaded (or nothing changed)
  3   loaded, but some files were rejected (the first 100 on stderr, every one in rejected_files)
  1   failed: nothing was published, the previous warehouse is untouched
  2   bad command line
  75  another run is updating the same warehouse (EX_TEMPFAIL); try again later
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import STAGES_STATUS

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REJECTIONS, EXIT_LOCKED = 0, 1, 2, 3, 75
DEFAULT_INPUT = "seeds"
DEFAULT_WAREHOUSE = "warehouse/civic.duckdb"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="civic-etl", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    for name, help_ in (("build", "build or incrementally update the warehouse"),
                        ("refresh", "same as build; the name scheduled jobs use")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--input", default=DEFAULT_INPUT, help=f"folder of .txt/.md documents (default {DEFAULT_INPUT})")
        p.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, help=f"DuckDB file (default {DEFAULT_WAREHOUSE})")
        p.add_argument("--quiet", action="store_true", help="no progress lines")
    p = sub.add_parser("schema-doc", help="write the schema reference generated from the SQL comments")
    p.add_argument("--out", default="docs/SCHEMA.md")
    p = sub.add_parser("export", help="write every claim as Parquet (partitioned by year and province) or CSV "
                                      "(UTF-8 with BOM, opens in Excel)")
    p.add_argument("dir", help="output folder (Parquet: DIR/<table>/year=…/province=…/; CSV: DIR/<table>.csv)")
    p.add_argument("--format", required=True, choices=["parquet", "csv"])
    p.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, help=f"DuckDB file, opened read-only (default {DEFAULT_WAREHOUSE})")
    p.add_argument("--table", default="claims", choices=["claims", "figures"],
                   help="claims (every claim, the claim_details view) or figures (one row per distinct figure)")
    args = ap.parse_args(argv)

    if args.command in ("build", "refresh"):
        return _build(args)
    if args.command == "schema-doc":
        from .schema_doc import write_schema_doc
        write_schema_doc(args.out)
        print(f"wrote {args.out}")
        return EXIT_OK
    if args.command == "export":
        from .export import ExportError, export
        try:
            r = export(args.warehouse, args.dir, args.format, args.table)
        except ExportError as e:
            print(f"civic-etl: {e}", file=sys.stderr)
            return EXIT_USAGE if "not found" in str(e) or "unknown" in str(e) else EXIT_FAILED
        print(f"wrote {r.rows} {args.table} rows to {r.path} ({r.files} file{'s' if r.files != 1 else ''})")
        return EXIT_OK
    return EXIT_USAGE


def _build(args) -> int:
    import signal

    from .load import AlreadyRunning, build, print_progress
    if not Path(args.input).is_dir():
        print(f"civic-etl: input folder not found: {args.input}", file=sys.stderr)
        return EXIT_USAGE

    class Terminated(Exception):
        pass

    def on_sigterm(signum, frame):  # systemctl stop, a timeout: clean up the temporary copy, then exit 1
        raise Terminated("stopped by SIGTERM")

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        s = build(args.input, args.warehouse, progress=None if args.quiet else print_progress)
    except AlreadyRunning as e:
        print(f"civic-etl: skipped: {e}; exiting without changes (exit {EXIT_LOCKED})", file=sys.stderr)
        return EXIT_LOCKED
    except KeyboardInterrupt:
        print("civic-etl: interrupted; the previous warehouse is untouched", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - report any failure plainly, with the guarantee that matters
        print(f"civic-etl: FAILED ({type(e).__name__}: {e}); the previous warehouse is untouched",
              file=sys.stderr)
        return EXIT_FAILED
    try:
        return _report(args, s)
    except BrokenPipeError:
        # `civic-etl build | head`: the reader left early. The run is published all the same and
        # its exit code stands; output to the closed pipe is dropped instead of a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_REJECTIONS if s.n_rejected else EXIT_OK


def _report(args, s) -> int:
    """The run's summary on stdout (its rejections on stderr); returns the exit code."""
    for r in s.rejected:
        print(f"rejected  {r.path}: {r.reason} ({r.detail})", file=sys.stderr)
    if s.n_rejected > len(s.rejected):
        print(f"rejected  … and {s.n_rejected - len(s.rejected)} more: SELECT path, reason, detail "
              f"FROM rejected_files WHERE run_id = {s.run_id} ORDER BY path", file=sys.stderr)
    print(f"warehouse {args.warehouse} (run {s.run_id})")
    print(f"documents {s.documents}  (added {s.added}, changed {s.changed}, removed {s.removed}, "
          f"unchanged {s.unchanged}, rejected {s.n_rejected})")
    print(f"articles  {s.articles}")
    print(f"claims    {s.claims}  (written this run {s.claims_written}; without province "
          f"{s.claims_without_province}, without year {s.claims_without_year})")
    print(f"seconds   {s.seconds:.2f}" + (" (" + ", ".join(f"{k} {v:.2f}" for k, v in s.phase_seconds.items()) + ")"
                                           if s.phase_seconds else ""))
    print(f"stages    {STAGES_STATUS}")  # compiled stages extract about a fifth faster
    if s.n_rejected:
        print(f"result    loaded with {s.n_rejected} rejected file(s), listed on stderr and in "
              f"rejected_files (run_id {s.run_id}); exit {EXIT_REJECTIONS}")
        code = EXIT_REJECTIONS
    else:
        print(f"result    ok: every file loaded; exit {EXIT_OK}")
        code = EXIT_OK
    sys.stdout.flush()  # here, where a closed pipe can still be told apart from a failed run
    return code


if __name__ == "__main__":
    sys.exit(main())
